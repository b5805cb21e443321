"""The wiki as a person meets it in the browser (without JavaScript)."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyromark

from cherclient_wiki.accounts.verification import set_verified
from cherclient_wiki.core.db import db, utcnow
from cherclient_wiki.wiki import pages
from tests.test_markup import PAYLOADS, executable_parts

TEXT = "Intro\n\nLigne un.\n\nLigne deux.\n\nLigne trois.\n"


def form(source: str, base: int, **extra: Any) -> dict[str, Any]:
    return {"source": source, "base_revision": base, "summary": "", "save": "Enregistrer", **extra}


def test_a_missing_page_answers_404_with_an_invitation(client: Any, auth: Any, claire: Any) -> None:
    response = client.get("/wiki/ecoute-active")
    assert response.status_code == 404
    assert "Connectez-vous pour la créer" in response.get_data(as_text=True)
    auth.login()
    body = client.get("/wiki/ecoute-active").get_data(as_text=True)
    assert "Créer la page « Ecoute active »" in body and "/wiki/ecoute-active/edit" in body


def test_typed_addresses_redirect_to_the_canonical_slug(client: Any) -> None:
    response = client.get("/wiki/Le centre d'appels idéal")
    assert response.status_code == 301 and response.headers["Location"].endswith("/wiki/le-centre-d-appels-ideal")


def test_create_then_read_then_edit(client: Any, auth: Any, claire: Any) -> None:
    assert client.get("/wiki/accueil/edit").status_code == 302  # to the login page
    auth.login()
    page = client.get("/wiki/_new?title=Écoute active")
    assert page.headers["Location"].endswith("/wiki/ecoute-active/edit?title=%C3%89coute+active")
    created = client.post("/wiki/ecoute-active/edit", data=form("# Écouter\n\n[[Accueil]]", 0, title="Écoute active"))
    assert created.status_code == 302
    body = client.get("/wiki/ecoute-active").get_data(as_text=True)
    assert "<h1>Écoute active</h1>" in body and '<a class="wikilink new" href="/wiki/accueil">' in body
    assert "La page est créée" in body
    edit = client.get("/wiki/ecoute-active/edit").get_data(as_text=True)
    assert 'name="base_revision" type="hidden" value="1"' in edit and "# Écouter" in edit
    client.post("/wiki/ecoute-active/edit", data=form("# Écouter vraiment", 1, summary="précision"))
    assert pages.current_revision(pages.by_slug("ecoute-active")).summary == "précision"


def test_preview_renders_without_saving(client: Any, auth: Any, claire: Any) -> None:
    auth.login()
    response = client.post("/wiki/brouillon/edit", data={**form("**gras** <script>x</script>", 0, title="Brouillon"), "preview": "Prévisualiser", "save": ""})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<strong>gras</strong>" in body and "<script>x" not in body
    assert "**gras** &lt;script&gt;x&lt;/script&gt;" in body  # the typed text is still in the box
    assert pages.by_slug("brouillon") is None


def test_bad_input_keeps_the_text_and_says_why(client: Any, auth: Any, claire: Any) -> None:
    auth.login()
    response = client.post("/wiki/accueil/edit", data=form("Mon texte", 0, title="Tout autre titre"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "Le titre doit correspondre" in body and "Mon texte" in body
    empty = client.post("/wiki/accueil/edit", data=form("", 0, title="Accueil"))
    assert empty.status_code == 422 and "Ce champ est obligatoire." in empty.get_data(as_text=True)
    tampered = client.post("/wiki/accueil/edit", data=form("Texte", "abc", title="Accueil"))
    assert tampered.status_code == 422


def test_clean_merge_says_so_and_conflict_keeps_both_texts(client: Any, auth: Any, write: Any, paul: Any) -> None:
    write("accueil", TEXT, title="Accueil")
    write("accueil", TEXT.replace("Ligne trois.", "Trois par Paul."), author=paul, base=1)
    auth.login()
    merged = client.post("/wiki/accueil/edit", data=form(TEXT.replace("Ligne un.", "Un par Claire."), 1), follow_redirects=True)
    assert "fusionnées automatiquement" in merged.get_data(as_text=True)
    write("accueil", pages.current_revision(pages.by_slug("accueil")).source.replace("Ligne deux.", "Deux par Paul."), author=paul, base=3)
    mine = TEXT.replace("Ligne deux.", "Deux par Claire.")
    conflict = client.post("/wiki/accueil/edit", data=form(mine, 3))
    body = conflict.get_data(as_text=True)
    assert conflict.status_code == 409
    assert "Deux par Claire." in body and "Deux par Paul." in body
    assert 'name="base_revision" type="hidden" value="4"' in body
    assert pages.by_slug("accueil").latest_number == 4
    # Saving from the conflict screen is an ordinary save on top of the current revision.
    resolved = client.post("/wiki/accueil/edit", data=form(mine, 4))
    assert resolved.status_code == 302 and pages.by_slug("accueil").latest_number == 5


def test_history_diff_old_revision_and_revert(client: Any, auth: Any, write: Any, claire: Any) -> None:
    write("accueil", "Un client fidèle.", title="Accueil", summary="début")
    write("accueil", "Un client heureux.", base=1, summary="mot juste")
    history = client.get("/wiki/accueil/history").get_data(as_text=True)
    assert "mot juste" in history and "début" in history and "claire" in history
    assert 'class="delta delta--plus"' in history or "+1" in history
    diff = client.get("/wiki/accueil/diff?from=1&to=2").get_data(as_text=True)
    assert "<del>fidèle</del><ins>heureux</ins>" in diff
    assert client.get("/wiki/accueil/diff?from=1&to=9").status_code == 404
    old = client.get("/wiki/accueil/revisions/1").get_data(as_text=True)
    assert "Un client fidèle." in old and "Ce n'est pas la version actuelle." in old
    auth.login()
    response = client.post("/wiki/accueil/revert", data={"revision": 1})
    assert response.status_code == 302
    assert pages.current_revision(pages.by_slug("accueil")).source == "Un client fidèle."


def test_rename_redirects_the_old_address(client: Any, auth: Any, write: Any, claire: Any) -> None:
    write("ancien-nom", "Texte", title="Ancien nom")
    auth.login()
    response = client.post("/wiki/ancien-nom/rename", data={"title": "Nouveau nom", "summary": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith("/wiki/nouveau-nom")
    old = client.get("/wiki/ancien-nom")
    assert old.status_code == 302 and "/wiki/nouveau-nom?redirected_from=ancien-nom" in old.headers["Location"]
    assert "Redirigé depuis « ancien-nom »" in client.get(old.headers["Location"]).get_data(as_text=True)
    assert client.get("/wiki/ancien-nom/history").headers["Location"].startswith("/wiki/nouveau-nom/history")


def test_protection_deletion_and_restoration(client: Any, auth: Any, write: Any, make_user: Any, mod: Any, paul: Any) -> None:
    write("accueil", "Texte", title="Accueil")
    auth.login("claire")
    assert client.post("/wiki/accueil/protect", data={"protected": "1"}).status_code == 403
    auth.logout()
    auth.login("modo")
    client.post("/wiki/accueil/protect", data={"protected": "1"})
    auth.logout()
    auth.login("claire")
    assert client.get("/wiki/accueil/edit").status_code == 403
    assert client.post("/wiki/accueil/edit", data=form("Vandale", 1)).status_code == 403
    auth.logout()
    auth.login("paul")
    assert client.post("/wiki/accueil/edit", data=form("Mieux", 1)).status_code == 403  # not verified yet
    set_verified(mod, paul, True)
    assert client.post("/wiki/accueil/edit", data=form("Mieux", 1)).status_code == 302
    auth.logout()
    auth.login("modo")
    client.post("/wiki/accueil/delete")
    auth.logout()
    assert client.get("/wiki/accueil").status_code == 404
    auth.login("modo")
    assert "Restaurer la page" in client.get("/wiki/accueil").get_data(as_text=True)
    client.post("/wiki/accueil/restore")
    auth.logout()
    assert client.get("/wiki/accueil").status_code == 200


def test_state_changes_need_the_csrf_token(app_factory: Any, make_user: Any) -> None:
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        pages.save_revision("accueil", "Texte", None, title="Accueil")
    assert client.post("/wiki/accueil/edit", data=form("x", 1)).status_code == 400
    assert client.post("/wiki/accueil/revert", data={"revision": 1}).status_code == 400


def test_lists_and_special_pages(client: Any, write: Any) -> None:
    write("accueil", "[[Fidélité]] [[Guide]]\n\n[[Catégorie:Bases]]", title="Accueil")
    write("guide", "Guide", title="Guide")
    assert "Guide" in client.get("/wiki/_all").get_data(as_text=True)
    assert 'class="new" href="/wiki/fidelite"' in client.get("/wiki/_wanted").get_data(as_text=True)
    assert "Accueil" in client.get("/wiki/_orphans").get_data(as_text=True)
    assert "Bases" in client.get("/wiki/_categories").get_data(as_text=True)
    assert "Accueil" in client.get("/wiki/_categories/bases").get_data(as_text=True)
    assert client.get("/wiki/_categories/rien").status_code == 404
    assert "Accueil" in client.get("/wiki/guide/backlinks").get_data(as_text=True)
    assert client.get("/wiki/_random").headers["Location"].split("/wiki/")[1] in {"accueil", "guide"}
    index = client.get("/wiki/").get_data(as_text=True)
    assert "2 pages pour l'instant." in index


def test_recent_changes_filters(client: Any, write: Any, paul: Any) -> None:
    write("accueil", "Texte", title="Accueil", summary="création par claire")
    write("accueil", "Texte revu", author=paul, base=1, summary="revu par paul")
    both = client.get("/wiki/_recent").get_data(as_text=True)
    assert "création par claire" in both and "revu par paul" in both
    only_paul = client.get("/wiki/_recent?user=paul").get_data(as_text=True)
    assert "revu par paul" in only_paul and "création par claire" not in only_paul
    creations = client.get("/wiki/_recent?type=create").get_data(as_text=True)
    assert "création par claire" in creations and "revu par paul" not in creations


def test_reading_a_page_does_no_markdown_work(client: Any, write: Any, monkeypatch: Any) -> None:
    write("accueil", "# Bienvenue\n\nVoir [[Guide]].", title="Accueil")

    def no_rendering(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a read rendered Markdown")

    monkeypatch.setattr(pyromark, "events", no_rendering)
    page = client.get("/wiki/accueil").get_data(as_text=True)
    assert '<h1 id="bienvenue">Bienvenue</h1>' in page and 'class="wikilink new"' in page
    assert client.get("/api/v1/pages/accueil").get_json()["html"].startswith('<h1 id="bienvenue">')
    assert client.get("/wiki/accueil/revisions/1").status_code == 200


def test_wiki_pages_in_english(client: Any, write: Any) -> None:
    write("accueil", "Texte en français.", title="Accueil")
    english = {"Accept-Language": "en"}
    index = client.get("/wiki/", headers=english).get_data(as_text=True)
    assert '<html lang="en">' in index and "The best-practice wiki" in index and "1 page so far." in index
    page = client.get("/wiki/accueil", headers=english).get_data(as_text=True)
    assert "History" in page and "Texte en français." in page  # the interface is translated, not the content
    missing = client.get("/wiki/inconnue", headers=english)
    assert missing.status_code == 404 and "This page does not exist yet." in missing.get_data(as_text=True)


def test_the_xss_corpus_saved_as_a_page_reads_back_harmless(client: Any, write: Any, claire: Any) -> None:
    claire.created_at = utcnow() - timedelta(days=365)  # an established account may post external links
    db.session.commit()
    write("piege", "\n\n".join(PAYLOADS), title="Piège")
    html = client.get("/api/v1/pages/piege").get_json()["html"]
    assert executable_parts(html) == [] and "<script" not in html.lower()
    page = client.get("/wiki/piege").get_data(as_text=True)
    assert page.lower().count("<script") == page.count('<script src="/static/')  # only the site's own files


def test_a_text_sent_to_a_renamed_pages_old_address_is_saved_on_the_page(client: Any, auth: Any, write: Any, claire: Any, paul: Any) -> None:
    """Someone renames the page while Claire writes: her form still posts to the old address.
    Her text lands on the page (not lost to a redirect, not on a new page hiding it)."""
    write("guide", TEXT, title="Guide")
    auth.login()
    assert 'action="/wiki/guide/edit"' in client.get("/wiki/guide/edit").get_data(as_text=True)
    pages.rename(pages.by_slug("guide"), "Guide pratique", paul)
    response = client.post("/wiki/guide/edit", data=form(TEXT.replace("Ligne un.", "Un par Claire."), 1))
    assert response.status_code == 302 and response.headers["Location"].endswith("/wiki/guide-pratique")
    shown = client.get("/wiki/guide-pratique").get_data(as_text=True)
    assert "Un par Claire." in shown and "renommée en « Guide pratique » pendant que vous écriviez" in shown
    assert pages.by_slug("guide") is None and pages.redirect_target("guide").slug == "guide-pratique"
    assert client.get("/wiki/guide/edit").headers["Location"].startswith("/wiki/guide-pratique/edit")
