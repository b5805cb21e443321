"""Rebuild the detector's development split (cherclient_wiki/moderation/evaluation/development.json)
from the stories written for the project by earlier sessions and the folders of independent
writers' files (one JSON list per writer; each item's "label", "ad" or "genuine", or else the file
name: "-a-" for ads, "-g-" for genuine stories).

The frozen test split (independent-test.json) is never read here. The stories already in the split
stay, but for those of a writer whose file is imported again (ids are the file name and the
position in it, so they stay the same); a new round's folder simply adds its writers.

    .venv/bin/python bench/detector_dev_import.py /path/to/dev-folder [...]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from cherclient_wiki.moderation.evaluation_set import FOLDER

OUT = FOLDER / "development.json"
PROJECT_WRITER = "projet"
FACTS = ("kind", "satisfaction", "ending", "channel", "year", "register", "difficulty", "tactic", "fooled")
DESCRIPTION = (
    "Partie de développement : sert à ajuster le détecteur (signaux, poids) et à lire ses erreurs. "
    "Histoires écrites pour le projet (writer 'projet') et fichiers de rédacteurs indépendants "
    "(writer = nom du fichier). Étiquettes : 'genuine' (vrai témoignage) ou 'ad' (publicité déguisée, "
    "y compris dénigrement d'un concurrent)."
)


def _project_difficulty(note: str) -> str:
    """The first sessions' notes name how an ad hides: "obvious: ...", "subtle ...", "sockpuppet ..."."""
    if note.startswith("obvious"):
        return "obvious"
    return "hard" if "subtle" in note or "sockpuppet" in note else "medium"


def _kept_items(existing: list[dict[str, object]], replaced: set[str]) -> list[dict[str, object]]:
    """What the split already holds, but for the writers whose files are imported again: the
    writers' own files need not be kept once their stories are in the split."""
    return [item for item in existing if item.get("writer") not in replaced]


def _writer_items(path: Path) -> list[dict[str, object]]:
    """Red-team files ("d-r1-ads-a.json") label each item; the first writers' files say it in their name."""
    by_name = "ad" if "-a-" in path.name else "genuine"
    items = []
    for number, raw in enumerate(json.loads(path.read_text(encoding="utf-8")), start=1):
        label = raw.get("label", by_name)
        if label not in ("ad", "genuine"):
            raise SystemExit(f"{path}: item {number} has label {label!r}, expected 'ad' or 'genuine'")
        item = {"id": f"{path.stem}-{number:03d}", "label": label, "writer": path.stem,
                "title": raw["title"], "body": raw["body"], "brands": raw["brands"]}
        item.update({key: raw[key] for key in FACTS if raw.get(key) is not None})
        items.append(item)
    return items


def legacy_items(*paths: Path) -> list[dict[str, object]]:
    """development.json/heldout.json as earlier sessions wrote them (no writer, no facts)."""
    items = []
    for path in paths:
        for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
            item = {**item, "writer": PROJECT_WRITER}
            if item["label"] == "ad":
                item["difficulty"] = _project_difficulty(item.get("note", ""))
            else:
                item["register"] = "neutral"
            item.setdefault("satisfaction", 1 if item["kind"] == "complaint" else 5)
            item.setdefault("ending", "left" if item["kind"] == "complaint" else "loyal")
            items.append(item)
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--legacy", nargs="*", type=Path, default=[], help="old-format split files to fold in")
    args = parser.parse_args()
    existing = json.loads(OUT.read_text(encoding="utf-8"))["items"] if OUT.exists() else []
    paths = [path for folder in args.folders for path in sorted(folder.glob("*.json"))]
    items = legacy_items(*args.legacy) if args.legacy else _kept_items(existing, {path.stem for path in paths})
    for path in paths:
        items += _writer_items(path)
    OUT.write_text(json.dumps({"split": "development", "description": DESCRIPTION, "items": items},
                              ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    writers = sorted({str(item["writer"]) for item in items})
    print(f"{len(items)} items from {len(writers)} writers written to {OUT}")


if __name__ == "__main__":
    main()
