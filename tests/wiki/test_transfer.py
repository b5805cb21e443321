"""Export then import gives identical pages and histories; Markdown folders load as seed pages."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cherclient_wiki.accounts import users
from cherclient_wiki.core.db import db
from cherclient_wiki.core.errors import InputError
from cherclient_wiki.wiki import links, pages, transfer
from tests.conftest import empty_database


def build_site(write: Any, claire: Any, paul: Any) -> None:
    write("accueil", "Bienvenue. [[Guide]]\n\n[[Catégorie:Bases]]", title="Accueil", summary="création")
    write("guide", "Le guide\n\nLigne deux.", author=paul, title="Guide")
    write("guide", "Le guide revu\n\nLigne deux.", base=1, summary="revu")
    pages.rename(pages.by_slug("guide"), "Guide pratique", claire)
    pages.revert(pages.by_slug("guide-pratique"), 1, paul)
    write("brouillon", "À jeter", title="Brouillon")
    pages.set_deleted(pages.by_slug("brouillon"), True)
    pages.set_protected(pages.by_slug("accueil"), True)


def snapshot(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())}


def test_round_trip_gives_identical_pages_and_histories(
    app: Any, write: Any, claire: Any, paul: Any, tmp_path: Path
) -> None:
    build_site(write, claire, paul)
    first = tmp_path / "export1"
    assert transfer.export_site(first) == 3
    exported = snapshot(first)
    assert set(exported) == {"accueil.md", "accueil.json", "guide-pratique.md", "guide-pratique.json", "brouillon.md", "brouillon.json"}
    assert exported["accueil.md"].startswith("---\ntitle: Accueil\nslug: accueil\ncategories:\n- Bases\nrevision: 1\n---\n\nBienvenue.")
    history = json.loads(exported["guide-pratique.json"])
    assert [r["kind"] for r in history["revisions"]] == ["create", "edit", "rename", "revert"]
    assert history["redirects"] == ["guide"]
    assert all(r["created_at"].endswith("Z") for r in history["revisions"])  # the API's date format
    # Files written before dates carried their "Z" read the same.
    older = history | {"revisions": [r | {"created_at": r["created_at"].removesuffix("Z")} for r in history["revisions"]]}
    (first / "guide-pratique.json").write_text(json.dumps(older, ensure_ascii=False, indent=2) + "\n")

    # Empty the site (the same database), import, export again: byte-identical.
    empty_database()
    claire_again = users.create_user("claire", "claire@example.org", "motdepasse-solide")
    report = transfer.import_site(first)
    assert (report.created, report.skipped) == (3, 0)
    second = tmp_path / "export2"
    transfer.export_site(second)
    assert snapshot(second) == exported
    # Derived tables are rebuilt; authors are linked when the account exists.
    assert pages.redirect_target("guide").slug == "guide-pratique"
    assert [p.slug for p in links.category("bases")[1]] == ["accueil"]
    assert pages.current_revision(pages.by_slug("accueil")).author_id == claire_again.id
    assert pages.by_slug("brouillon").is_deleted and pages.by_slug("accueil").protected


def test_import_refuses_a_site_that_has_pages(write: Any, tmp_path: Path) -> None:
    write("accueil", "Texte")
    with pytest.raises(InputError):
        transfer.import_site(tmp_path)
    with pytest.raises(InputError):
        transfer.import_site(tmp_path / "absent")


def write_seed(folder: Path) -> None:
    folder.mkdir()
    (folder / "ecoute.md").write_text(
        "---\ntitle: Écoute active\ncategories: [Bases, Relation]\n---\n\nÉcouter [[Accueil]].\n\n[[Catégorie:Bases]]\n",
        encoding="utf-8",
    )
    (folder / "accueil.md").write_text("---\ntitle: Accueil\ncategories: Bases\n---\nVoir [[Écoute active]].\n", encoding="utf-8")


def test_seed_folder_loads_once(app: Any, tmp_path: Path) -> None:
    seeds = tmp_path / "pages"
    write_seed(seeds)
    assert transfer.import_site(seeds, skip_existing=True) == transfer.ImportReport(2, 0)
    page = pages.by_slug("ecoute-active")
    assert page.title == "Écoute active" and [c.name for c in page.categories] == ["Bases", "Relation"]
    source = pages.current_revision(page).source
    assert source.count("Catégorie:Bases") == 1 and "[[Catégorie:Relation]]" in source
    assert 'class="wikilink new"' not in links.resolve(pages.current_revision(page).html)
    assert transfer.import_site(seeds, skip_existing=True) == transfer.ImportReport(0, 2)
    assert page.latest_number == 1 and db.session.get(type(page), page.id).latest_number == 1


def _page_file(folder: Path, name: str, title: str) -> None:
    (folder / name).write_text(f"---\ntitle: {title}\n---\n\nLa page {title}.\n", encoding="utf-8")


def test_pages_whose_titles_fold_to_one_address_refuse_the_import_and_are_all_named(app: Any, tmp_path: Path) -> None:
    """« Aïe » and « Aie » both lead to /wiki/aie: the second one used to be skipped without a
    word. Now nothing is written, and every collision is listed with its files."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, title in (("aie.md", "Aïe"), ("aie-2.md", "Aie"), ("mate.md", "Maté"), ("mate-bis.md", "Mate"), ("cafe.md", "Café"), ("Mate.md", "MATÉ")):
        _page_file(folder, name, title)
    with pytest.raises(InputError) as refused:
        transfer.import_site(folder)
    message = str(refused.value)
    assert "2 adresses seraient prises par plusieurs pages" in message and "rien n'a été importé" in message
    assert "aie : « Aie » (aie-2.md), « Aïe » (aie.md)" in message
    assert "mate : « MATÉ » (Mate.md), « Mate » (mate-bis.md), « Maté » (mate.md)" in message
    assert "cafe" not in message
    assert pages.count() == 0


def test_a_page_taking_another_pages_old_address_refuses_the_import(app: Any, write: Any, claire: Any, paul: Any, tmp_path: Path) -> None:
    build_site(write, claire, paul)
    exported = tmp_path / "export"
    transfer.export_site(exported)
    _page_file(exported, "guide.md", "Guide")  # "guide" is where « Guide pratique » used to be
    empty_database()
    with pytest.raises(InputError) as refused:
        transfer.import_site(exported)
    message = str(refused.value)
    assert "une adresse serait prise par plusieurs pages" in message
    assert "guide : ancienne adresse de « " in message and " (guide-pratique.md), « Guide » (guide.md)" in message
    assert pages.count() == 0


def test_the_seed_loader_leaves_a_page_renamed_away_from_its_address_alone(app: Any, claire: Any, tmp_path: Path) -> None:
    seeds = tmp_path / "pages"
    write_seed(seeds)
    transfer.import_site(seeds, skip_existing=True)
    pages.rename(pages.by_slug("accueil"), "Bienvenue", claire)
    assert transfer.import_site(seeds, skip_existing=True) == transfer.ImportReport(0, 2)
    assert pages.by_slug("accueil") is None and pages.redirect_target("accueil").slug == "bienvenue"


def test_a_large_import_is_written_in_batches_and_all_of_it_is_searchable(app: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """More pages than one batch: the index follows batch by batch (from a child process) and
    every page is found once the import returns."""
    from cherclient_wiki.search.indexer import check

    monkeypatch.setattr(transfer, "BATCH_SIZE", 3)
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(8):
        (folder / f"fiche-{n}.md").write_text(f"---\ntitle: Fiche {n}\n---\nL'écoute active, fiche {n}.\n", encoding="utf-8")
    assert transfer.import_site(folder).created == 8
    assert pages.count() == 8
    assert check() == []


def test_a_failed_import_leaves_its_committed_batches_searchable(app: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """A page that cannot be saved stops the import in its batch; the pages of the batches before
    it are in the site and in the index, nothing is left waiting in the outbox."""
    from cherclient_wiki.search.indexer import check, has_pending

    monkeypatch.setattr(transfer, "BATCH_SIZE", 3)
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(8):
        (folder / f"fiche-{n}.md").write_text(f"---\ntitle: Fiche {n}\n---\nL'écoute active, fiche {n}.\n", encoding="utf-8")
    (folder / "fiche-7.md").write_text("---\ntitle: Fiche 7\n---\n" + "[" * 300_000, encoding="utf-8")  # over the length limit
    with pytest.raises(InputError):
        transfer.import_site(folder)
    assert pages.count() == 6 and check() == [] and not has_pending()
