"""Saving pages: revisions, merges, conflicts (also between processes), revert, rename, moderation."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cherclient_wiki.accounts.roles import is_moderator
from cherclient_wiki.accounts.verification import set_verified
from cherclient_wiki.core.db import db
from cherclient_wiki.core.errors import InputError
from cherclient_wiki.core.hooks import hooks
from cherclient_wiki.core.merge import Outcome
from cherclient_wiki.core.slugs import slugify
from cherclient_wiki.wiki import pages
from cherclient_wiki.wiki.models import PageRedirect, Revision
from cherclient_wiki.wiki.pages import EditConflict, Kind

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Accueil\n\nLigne un.\n\nLigne deux.\n\nLigne trois.\n"


def numbers(slug: str) -> list[int]:
    page = pages.by_slug(slug)
    assert page is not None
    return list(db.session.scalars(select(Revision.number).where(Revision.page_id == page.id).order_by(Revision.number)))


def test_unicode_title_gives_an_ascii_slug() -> None:
    assert slugify("Le centre d'appels idéal") == "le-centre-d-appels-ideal"


def test_first_save_creates_the_page_and_caches_the_html(write: Any, claire: Any) -> None:
    saved = write("accueil", "# Bonjour\n\nTexte **gras**.", title="Accueil", summary="création")
    assert saved.outcome == Outcome.CREATED
    rev = saved.revision
    assert (rev.number, rev.kind, rev.author_name, rev.summary, rev.parent_id) == (1, "create", "claire", "création", None)
    assert rev.html == '<h1 id="bonjour">Bonjour</h1>\n<p>Texte <strong>gras</strong>.</p>'
    assert rev.size == len("# Bonjour\n\nTexte **gras**.".encode())
    assert saved.page.title == "Accueil" and saved.page.latest_number == 1


def test_edits_chain_revisions_and_a_null_edit_adds_nothing(write: Any) -> None:
    first = write("accueil", TEXT).revision
    second = write("accueil", TEXT + "Plus.\n", base=1)
    assert second.outcome == Outcome.SAVED and second.revision.parent_id == first.id
    assert write("accueil", TEXT + "Plus.\n", base=2).outcome == Outcome.UNCHANGED
    assert numbers("accueil") == [1, 2]


def test_crlf_is_normalised_and_empty_text_refused(write: Any) -> None:
    assert write("accueil", "a\r\nb").revision.source == "a\nb"
    with pytest.raises(InputError) as error:
        write("accueil", "   \n", base=1)
    assert error.value.field == "source"


def test_a_stale_edit_elsewhere_in_the_page_is_merged(write: Any, paul: Any) -> None:
    write("accueil", TEXT)
    write("accueil", TEXT.replace("Ligne trois.", "Ligne 3, revue."), author=paul, base=1)
    saved = write("accueil", TEXT.replace("Ligne un.", "Ligne 1, revue."), base=1)
    assert saved.outcome == Outcome.MERGED and saved.revision.number == 3
    assert "Ligne 1, revue." in saved.revision.source and "Ligne 3, revue." in saved.revision.source


def test_an_overlapping_stale_edit_is_a_conflict_and_saves_nothing(write: Any, paul: Any) -> None:
    write("accueil", TEXT)
    write("accueil", TEXT.replace("Ligne deux.", "Deux, par Paul."), author=paul, base=1)
    mine = TEXT.replace("Ligne deux.", "Deux, par Claire.")
    with pytest.raises(EditConflict) as conflict:
        write("accueil", mine, base=1)
    assert conflict.value.mine == mine
    assert conflict.value.current.number == 2
    assert numbers("accueil") == [1, 2]


def test_an_unknown_base_revision_is_refused(write: Any) -> None:
    write("accueil", TEXT)
    with pytest.raises(InputError) as error:
        write("accueil", TEXT + "x", base=7)
    assert error.value.field == "base_revision"


def _run_savers(app_url: str, tmp_path: Path, slug: str, plans: list[list[dict[str, Any]]]) -> list[list[str]]:
    start_at = time.time() + 2.5  # every process has imported the app and waits for this moment
    processes = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "wiki" / "concurrent_saver.py"), app_url, str(tmp_path / f"p{i}"), slug, str(start_at), json.dumps(plan)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for i, plan in enumerate(plans)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(out.split())
    return results


def test_two_processes_saving_at_once_never_lose_an_update(app: Any, write: Any, tmp_path: Path) -> None:
    write("accueil", TEXT)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    # Same base, different lines: one is saved, the other merged; both changes are there.
    results = _run_savers(url, tmp_path, "accueil", [
        [{"text": TEXT.replace("Ligne un.", "Un, processus A."), "base": 1}],
        [{"text": TEXT.replace("Ligne trois.", "Trois, processus B."), "base": 1}],
    ])
    assert sorted(r[0] for r in results) == ["merged", "saved"]
    db.session.expire_all()
    page = pages.by_slug("accueil")
    current = pages.current_revision(page)
    assert current.number == 3 and "Un, processus A." in current.source and "Trois, processus B." in current.source
    # Same base, same line: one is saved, the other is told of the conflict; nothing is overwritten.
    results = _run_savers(url, tmp_path, "accueil", [
        [{"text": current.source.replace("Ligne deux.", "Deux, A."), "base": 3}],
        [{"text": current.source.replace("Ligne deux.", "Deux, B."), "base": 3}],
    ])
    assert sorted(r[0] for r in results) == ["conflict", "saved"]
    db.session.expire_all()
    final = pages.current_revision(pages.by_slug("accueil"))
    assert final.number == 4 and ("Deux, A." in final.source) != ("Deux, B." in final.source)


def test_many_processes_hammering_one_page_keep_a_gapless_history(app: Any, write: Any, tmp_path: Path) -> None:
    write("accueil", TEXT)
    plans = [[{"text": f"{TEXT}\nAjout {p}-{i}\n", "base": None} for i in range(6)] for p in range(4)]
    results = _run_savers(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, "accueil", plans)
    assert all(outcome == "saved" for result in results for outcome in result)
    db.session.expire_all()
    assert numbers("accueil") == list(range(1, 26))
    revisions = db.session.scalars(select(Revision).order_by(Revision.number)).all()
    assert all(rev.parent_id == prev.id for prev, rev in zip(revisions, revisions[1:]))


def test_revert_adds_a_revision_and_keeps_history(write: Any, claire: Any) -> None:
    write("accueil", "Version 1")
    write("accueil", "Version 2 vandalisée", base=1)
    page = pages.by_slug("accueil")
    saved = pages.revert(page, 1, claire)
    assert saved.revision.number == 3 and saved.revision.kind == Kind.REVERT
    assert saved.revision.source == "Version 1" and "Retour à la révision 1" in saved.revision.summary
    assert numbers("accueil") == [1, 2, 3]
    with pytest.raises(InputError):
        pages.revert(page, 9, claire)


def test_rename_leaves_a_redirect_and_is_a_revision(write: Any, claire: Any) -> None:
    write("ancien-nom", "Texte", title="Ancien nom")
    page = pages.by_slug("ancien-nom")
    saved = pages.rename(page, "Nouveau nom", claire)
    assert saved.page.slug == "nouveau-nom" and saved.page.title == "Nouveau nom"
    assert saved.revision.kind == Kind.RENAME and saved.revision.source == "Texte"
    assert pages.by_slug("ancien-nom") is None
    assert pages.redirect_target("ancien-nom").id == page.id
    # Renaming back reclaims the old address.
    pages.rename(saved.page, "Ancien nom", claire)
    assert pages.by_slug("ancien-nom").id == page.id
    assert db.session.get(PageRedirect, "ancien-nom") is None and pages.redirect_target("nouveau-nom").id == page.id


def test_rename_onto_an_existing_page_is_refused(write: Any, claire: Any) -> None:
    write("a", "A", title="A")
    write("b", "B", title="B")
    with pytest.raises(InputError) as error:
        pages.rename(pages.by_slug("a"), "B", claire)
    assert error.value.field == "title" and pages.by_slug("a") is not None


def test_permissions(write: Any, claire: Any, paul: Any, mod: Any) -> None:
    page = write("accueil", "Texte").page
    assert pages.can_edit(claire, page) and pages.can_edit(claire, None)
    pages.set_protected(page, True)
    assert not pages.can_edit(claire, page) and pages.can_edit(mod, page)
    assert not pages.can_edit(paul, page)  # a declared practitioner is not trusted yet
    set_verified(mod, paul, True)
    assert pages.can_edit(paul, page)
    assert is_moderator(mod) and not is_moderator(paul)
    pages.set_deleted(page, True)
    assert not pages.can_edit(mod, page)
    with pytest.raises(InputError):
        write("accueil", "Autre", author=mod)
    pages.set_deleted(page, False)
    assert write("accueil", "Autre", author=paul, base=1).outcome == Outcome.SAVED


def test_page_change_hooks_run_in_the_save(write: Any, monkeypatch: Any) -> None:
    seen: list[str] = []
    monkeypatch.setattr(hooks(), "page_saved", [lambda page: seen.append(page.slug)])
    write("accueil", "Texte")
    pages.set_protected(pages.by_slug("accueil"), True)
    assert seen == ["accueil", "accueil"]


def test_the_write_path_drops_what_xml_forbids_whoever_calls_it(claire: Any) -> None:
    """An import or a seed file does not go through the request gate; PostgreSQL refuses a NUL
    and the Atom feeds any control character."""
    saved = pages.save_revision("importee", "Texte\x00 importé\x0b.", claire, title="Importée\x01", summary="copie\x1b")
    assert (saved.page.title, saved.revision.source, saved.revision.summary) == ("Importée", "Texte importé.", "copie")
