"""The wiki API contracts: read, save (201/200/409), history, revert, backlinks, render."""
from __future__ import annotations

from typing import Any

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.accounts.tokens import create_token
from cherclient_wiki.accounts.verification import set_verified
from cherclient_wiki.wiki import pages

TEXT = "Intro\n\nLigne un.\n\nLigne deux.\n\nLigne trois.\n"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token(make_user: Any, name: str = "claire", role: Role = Role.CUSTOMER) -> dict[str, str]:
    return bearer(create_token(make_user(name, role), "test"))


def test_put_creates_then_saves_then_merges_then_conflicts(client: Any, make_user: Any) -> None:
    claire = token(make_user)
    base = "[[Guide]]\n\n" + TEXT + "\n[[Catégorie:Bases]]\n"
    created = client.put("/api/v1/pages/accueil", json={"markdown": base, "title": "Accueil"}, headers=claire)
    assert created.status_code == 201
    body = created.get_json()
    assert {k: body[k] for k in ("slug", "title", "revision", "categories", "merged")} == {
        "slug": "accueil", "title": "Accueil", "revision": 1, "categories": ["Bases"], "merged": False,
    }
    assert '<a class="wikilink new" href="/wiki/guide">' in body["html"]
    saved = client.put("/api/v1/pages/accueil", json={"markdown": base.replace("un.", "1."), "base_revision": 1, "summary": "chiffres"}, headers=claire)
    assert saved.status_code == 200 and saved.get_json()["revision"] == 2
    merged = client.put("/api/v1/pages/accueil", json={"markdown": base.replace("trois.", "3."), "base_revision": 1}, headers=claire)
    assert merged.status_code == 200 and merged.get_json()["merged"] is True
    assert "Ligne 1." in merged.get_json()["markdown"] and "Ligne 3." in merged.get_json()["markdown"]
    conflict = client.put("/api/v1/pages/accueil", json={"markdown": base.replace("un.", "uno."), "base_revision": 1}, headers=claire)
    assert conflict.status_code == 409
    assert conflict.get_json()["current_revision"] == 3 and conflict.get_json()["error"]["code"] == "edit_conflict"


def test_get_page_history_and_backlinks_are_public(client: Any, make_user: Any) -> None:
    claire = token(make_user)
    client.put("/api/v1/pages/guide", json={"markdown": "Le guide", "title": "Guide"}, headers=claire)
    client.put("/api/v1/pages/accueil", json={"markdown": "Voir [[Guide]]", "title": "Accueil", "summary": "début"}, headers=claire)
    page = client.get("/api/v1/pages/accueil").get_json()
    assert set(page) == {"slug", "title", "markdown", "html", "revision", "categories"}
    assert page["markdown"] == "Voir [[Guide]]" and '<a class="wikilink" href="/wiki/guide">Guide</a>' in page["html"]
    history = client.get("/api/v1/pages/accueil/history").get_json()["revisions"]
    assert [(r["revision"], r["author"], r["summary"]) for r in history] == [(1, "claire", "début")]
    assert history[0]["created_at"].endswith("Z")
    assert client.get("/api/v1/pages/guide/backlinks").get_json() == {"backlinks": [{"slug": "accueil", "title": "Accueil"}]}
    assert client.get("/api/v1/pages/inconnue").status_code == 404


def test_revert(client: Any, make_user: Any) -> None:
    claire = token(make_user)
    client.put("/api/v1/pages/accueil", json={"markdown": "Bon texte"}, headers=claire)
    client.put("/api/v1/pages/accueil", json={"markdown": "Vandalisme"}, headers=claire)
    reverted = client.post("/api/v1/pages/accueil/revert", json={"revision": 1}, headers=claire)
    assert reverted.status_code == 200 and reverted.get_json()["revision"] == 3 and reverted.get_json()["markdown"] == "Bon texte"
    assert client.post("/api/v1/pages/accueil/revert", json={"revision": 99}, headers=claire).status_code == 422
    assert client.post("/api/v1/pages/accueil/revert", json={"revision": 1}).status_code == 401


def test_validation_auth_and_protection(client: Any, make_user: Any) -> None:
    claire = token(make_user)
    assert client.put("/api/v1/pages/accueil", json={"markdown": "x"}).status_code == 401
    for body in ({}, {"markdown": 3}, {"markdown": "x", "base_revision": "1"}, {"markdown": "x", "base_revision": -1}, {"markdown": "  "}):
        response = client.put("/api/v1/pages/accueil", json=body, headers=claire)
        assert response.status_code == 422, body
        assert response.get_json()["fields"]
    assert client.put("/api/v1/pages/accueil", data="pas du json", headers=claire).status_code == 400
    client.put("/api/v1/pages/accueil", json={"markdown": "x"}, headers=claire)
    pages.set_protected(pages.by_slug("accueil"), True)
    assert client.put("/api/v1/pages/accueil", json={"markdown": "y"}, headers=claire).status_code == 403
    paul = token(make_user, "paul", Role.PRACTITIONER)
    refused = client.put("/api/v1/pages/accueil", json={"markdown": "y"}, headers=paul)
    assert refused.status_code == 403 and "professionnels vérifiés" in refused.get_json()["error"]["message"]
    set_verified(None, users.by_username("paul"), True)
    assert client.put("/api/v1/pages/accueil", json={"markdown": "y"}, headers=paul).status_code == 200


def test_render_is_the_preview(client: Any) -> None:
    response = client.post("/api/v1/render", json={"markdown": "**a** <script>b</script> [[Nulle part]]"})
    html = response.get_json()["html"]
    assert "<strong>a</strong>" in html and "<script>" not in html and 'class="wikilink new"' in html
    assert client.post("/api/v1/render", json={}).status_code == 422


def test_too_many_previews_get_a_json_429(app_factory: Any) -> None:
    client = app_factory(RENDER_LIMIT_PER_IP="2 per minute").test_client()
    statuses = [client.post("/api/v1/render", json={"markdown": "x"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.post("/api/v1/render", json={"markdown": "x"})
    assert refused.get_json()["error"]["message"].startswith("Vous êtes allé un peu vite")
    assert int(refused.headers["Retry-After"]) > 0


def test_put_cannot_retitle_an_existing_page_only_a_rename_can(client: Any, make_user: Any) -> None:
    """As in the web editor: a title is given when a page is created and must lead to its
    address; afterwards, changing it is a rename (address moved, redirect left, in the history)."""
    claire = token(make_user)
    client.put("/api/v1/pages/accueil", json={"markdown": TEXT, "title": "Accueil"}, headers=claire)
    for title in ("Arnaque : fuyez", "\u0410ccueil", "Acc\u200bueil!", "ACCUEIL"):  # Cyrillic А; zero-width space
        refused = client.put("/api/v1/pages/accueil", json={"markdown": TEXT + "\nAjout.", "title": title, "base_revision": 1}, headers=claire)
        assert refused.status_code == 422, title
        assert "renommer" in refused.get_json()["fields"]["title"]
    page = client.get("/api/v1/pages/accueil").get_json()
    assert (page["title"], page["revision"]) == ("Accueil", 1)
    # Sending the title back unchanged (what a client that GETs then PUTs does) is fine.
    same = client.put("/api/v1/pages/accueil", json={"markdown": TEXT + "\nAjout.", "title": "Accueil", "base_revision": 1}, headers=claire)
    assert same.status_code == 200 and same.get_json()["title"] == "Accueil"
    # Creation: the title must give the address; invisible characters are dropped.
    assert client.put("/api/v1/pages/faq", json={"markdown": "x", "title": "Autre chose"}, headers=claire).status_code == 422
    created = client.put("/api/v1/pages/faq", json={"markdown": "x", "title": "F\u200bA\u202eQ"}, headers=claire)
    assert created.status_code == 201 and created.get_json()["title"] == "FAQ"
    # The rename, for API clients too.
    renamed = client.post("/api/v1/pages/accueil/rename", json={"title": "Page d'accueil"}, headers=claire)
    assert renamed.status_code == 200 and (renamed.get_json()["slug"], renamed.get_json()["title"]) == ("page-d-accueil", "Page d'accueil")
    assert client.post("/api/v1/pages/page-d-accueil/rename", json={"title": "FAQ"}, headers=claire).status_code == 422
    assert client.post("/api/v1/pages/page-d-accueil/rename", json={"title": "Ailleurs"}).status_code == 401


def test_put_to_a_renamed_pages_old_address_saves_on_the_page(client: Any, make_user: Any) -> None:
    """The redirect is never hidden by a new page at the old address: the text goes to the page
    (merged with what changed meanwhile, the rename included), and the answer says where."""
    claire = token(make_user)
    client.put("/api/v1/pages/guide", json={"markdown": TEXT, "title": "Guide"}, headers=claire)
    pages.rename(pages.by_slug("guide"), "Guide pratique", users.by_username("claire"))
    saved = client.put("/api/v1/pages/guide", json={"markdown": TEXT.replace("un.", "1."), "base_revision": 1}, headers=claire)
    body = saved.get_json()
    assert saved.status_code == 200 and body["merged"] is True
    assert (body["slug"], body["title"], body["revision"], body["redirected_from"]) == ("guide-pratique", "Guide pratique", 3, "guide")
    assert pages.by_slug("guide") is None and pages.redirect_target("guide").slug == "guide-pratique"
    assert "Ligne 1." in client.get("/api/v1/pages/guide-pratique").get_json()["markdown"]
    # A title sent to the old address is judged against the page's own.
    assert client.put("/api/v1/pages/guide", json={"markdown": "x", "title": "Guide"}, headers=claire).status_code == 422
