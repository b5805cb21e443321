"""The labelled evaluation set (evaluation/*.json): French stories, each with its writer.

- `development`: what the detector is tuned and fitted on (the project's own stories and the
  independent writers' development files, see bench/detector_dev_import.py).
- `independent-test`: 480 stories from 13 independent writers, frozen before any tuning; it only
  measures, in aggregate (bench/detector_eval.py), and is never read to adjust anything.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .detector import AccountSignals, Assessment, Model, StoryText, assess, fingerprint, signal_values, similarity
from .text import fold
from .wording import WordingScore

FOLDER = Path(__file__).resolve().parent / "evaluation"
DEVELOPMENT = "development"
TEST = "independent-test"
SPLITS = (DEVELOPMENT, TEST)
PATHS = {split: FOLDER / f"{split}.json" for split in SPLITS}
# Offline, every story comes from a brand-new account, as for the external evaluators.
NEW_ACCOUNT = AccountSignals(account_age_days=0)


@dataclass(frozen=True)
class Example:
    id: str
    is_ad: bool
    story: StoryText
    account: AccountSignals
    writer: str = ""
    register: str = ""  # genuine stories: neutral, informal, angry
    difficulty: str = ""  # ads: obvious, medium, hard
    facts: dict[str, Any] = field(default_factory=dict)  # kind, satisfaction, ending, channel, year
    note: str = ""

    def submission(self) -> dict[str, Any]:
        """The story as POST /api/v1/stories takes it."""
        return {"title": self.story.title, "body": self.story.body, "brands": list(self.story.brands), **self.facts}


def _example(item: dict[str, Any]) -> Example:
    account = item.get("account")
    return Example(
        id=item["id"],
        is_ad=item["label"] == "ad",
        story=StoryText(item["title"], item["body"], tuple(item["brands"])),
        account=AccountSignals.from_mapping(account) if account else NEW_ACCOUNT,
        writer=item.get("writer", ""),
        register=item.get("register", ""),
        difficulty=item.get("difficulty", ""),
        facts={key: item[key] for key in ("kind", "satisfaction", "ending", "channel", "year") if item.get(key) is not None},
        note=item.get("note", item.get("tactic", "")),
    )


def load_file(path: Path) -> list[Example]:
    """A split file ({"items": [...]}) or a plain list of stories in the writers' format."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data["items"] if isinstance(data, dict) else data
    for number, item in enumerate(items, start=1):
        item.setdefault("id", f"{path.stem}-{number:03d}")
        item.setdefault("label", "ad" if "-a-" in path.name else "genuine")
    return [_example(item) for item in items]


def load(split: str) -> list[Example]:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    return load_file(PATHS[split])


def in_order(examples: Sequence[Example]) -> Iterator[tuple[Example, list[Any]]]:
    """Each story with the fingerprints of the ones before it in the file, as the site would see
    them: near-duplicates are looked for only among those, and a story whose brand no earlier story
    named creates it (a fresh site knows only a handful of demo brands)."""
    seen: list[Any] = []
    named: set[str] = set()
    for example in examples:
        keys = {fold(" ".join(brand.split())) for brand in example.story.brands}
        created = bool(keys - named)
        yield replace(example, account=replace(example.account, brand_created=created)), seen
        named |= keys
        seen = [*seen, fingerprint(f"{example.story.title}\n{example.story.body}")]


def assess_all(examples: Sequence[Example], model: Model | None = None) -> list[tuple[Example, Assessment]]:
    return [(example, assess(example.story, example.account, earlier, model)) for example, earlier in in_order(examples)]


def raw_signals(examples: Sequence[Example], wording_logits: Mapping[str, float] | None = None) -> list[dict[str, float]]:
    """Unweighted signal values, what calibration fits the weights on. `wording_logits` gives, by
    example id, the wording model's logit to use instead of the shipped model's (the fit uses each
    development story's score from a wording model fitted without its writer)."""
    known = wording_logits or {}
    vectors = []
    for example, earlier in in_order(examples):
        closest = similarity(f"{example.story.title}\n{example.story.body}", earlier)
        wording = WordingScore(known[example.id], ()) if example.id in known else None
        values = signal_values(example.story, example.account, closest, wording)
        vectors.append({name: value for name, (value, _reason) in values.items()})
    return vectors
