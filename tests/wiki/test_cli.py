"""`flask export`, `flask import` and the seed pages loaded by `flask demo`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from cherclient_wiki.core.resources import folder
from cherclient_wiki.wiki import pages


def test_export_then_import_refused_on_a_non_empty_site(runner: Any, write: Any, tmp_path: Path) -> None:
    write("accueil", "Texte", title="Accueil")
    result = runner.invoke(args=["export", str(tmp_path / "out")])
    assert result.exit_code == 0 and "1 pages exportées" in result.output
    assert (tmp_path / "out" / "accueil.md").exists()
    refused = runner.invoke(args=["import", str(tmp_path / "out")])
    assert refused.exit_code == 1 and "site vide" in refused.output


def test_demo_loads_the_seed_pages_once(runner: Any) -> None:
    seeds = sorted(folder("pages").glob("*.md"))
    assert len(seeds) >= 12, "the seed pages ship in pages/"
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert f"Wiki : {len(seeds)} pages créées, 0 déjà présentes." in first.output
    second = runner.invoke(args=["demo"])
    assert f"Wiki : 0 pages créées, {len(seeds)} déjà présentes." in second.output
    assert all(page.latest_number == 1 for page in map(pages.by_slug, [p.stem for p in seeds]) if page)


def test_import_lists_every_collision_and_fails(runner: Any, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, title in (("aie.md", "Aïe"), ("aie-2.md", "Aie"), ("seul.md", "Seul")):
        (folder / name).write_text(f"---\ntitle: {title}\n---\n\nTexte.\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(folder)])
    assert result.exit_code == 1
    assert "aie : « Aie » (aie-2.md), « Aïe » (aie.md)" in result.output and "rien n'a été importé" in result.output
    assert pages.count() == 0
