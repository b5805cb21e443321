"""The comments' API, as a script author meets it: read a thread, post (an official reply too),
withdraw one's own, and hide as a moderator."""
from __future__ import annotations

from typing import Any

from cherclient_wiki.accounts.tokens import create_token
from cherclient_wiki.brands.names import find_brand
from cherclient_wiki.community import representatives


def bearer(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'api')}"}


def test_post_read_and_withdraw_a_comment(client: Any, claire: Any, member: Any, story: Any, page: Any) -> None:
    mine, other = bearer(claire), bearer(member("paul"))
    posted = client.post(f"/api/v1/stories/{story.id}/comments", json={"body": "Merci  **Saab** !"}, headers=mine)
    assert posted.status_code == 201
    comment = posted.get_json()
    assert comment["author"] == "claire" and comment["brand"] is None and "<strong>Saab</strong>" in comment["html"]
    assert comment["created_at"].endswith("Z") and comment["url"].endswith(f"/stories/{story.id}#commentaire-{comment['id']}")
    on_page = client.post("/api/v1/pages/accueil-client/comments", json={"body": "Bonne page."}, headers=other)
    assert on_page.status_code == 201 and on_page.get_json()["target"] == {"type": "page", "id": page.id}

    thread = client.get(f"/api/v1/stories/{story.id}/comments").get_json()["comments"]
    assert [c["body"] for c in thread] == ["Merci  **Saab** !"]
    assert client.delete(f"/api/v1/comments/{comment['id']}", headers=other).status_code == 403
    withdrawn = client.delete(f"/api/v1/comments/{comment['id']}", headers=mine)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "deleted"
    assert client.get(f"/api/v1/stories/{story.id}/comments").get_json()["comments"][0]["body"] is None


def test_comment_errors_are_the_apis_usual_ones(client: Any, claire: Any, story: Any) -> None:
    mine = bearer(claire)
    empty = client.post(f"/api/v1/stories/{story.id}/comments", json={"body": "   "}, headers=mine)
    assert empty.status_code == 422 and empty.get_json()["fields"] == {"body": "Ce champ est obligatoire."}
    assert client.post(f"/api/v1/stories/{story.id}/comments", json={"body": "x"}).status_code == 401
    assert client.post("/api/v1/stories/999999/comments", json={"body": "x"}, headers=mine).status_code == 404
    assert client.get("/api/v1/pages/inconnue/comments").status_code == 404


def test_official_replies_and_hiding(client: Any, claire: Any, member: Any, root: Any, modo: Any, story: Any) -> None:
    agent = member("agent")
    representatives.grant(root, "agent", "Saab")
    saab = find_brand("Saab")
    assert saab is not None
    refused = client.post(f"/api/v1/stories/{story.id}/comments", json={"body": "Au nom de Saab", "brand_id": saab.id}, headers=bearer(claire))
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    official = client.post(f"/api/v1/stories/{story.id}/comments", json={"body": "Merci de votre fidélité.", "brand_id": saab.id},
                           headers=bearer(agent)).get_json()
    assert official["brand"] == "Saab"

    assert client.post(f"/api/v1/comments/{official['id']}/hide", json={}, headers=bearer(claire)).status_code == 403
    hidden = client.post(f"/api/v1/comments/{official['id']}/hide", json={"reason": "hors sujet"}, headers=bearer(modo))
    assert hidden.status_code == 200 and hidden.get_json()["status"] == "hidden" and hidden.get_json()["body"] is None
    shown = client.post(f"/api/v1/comments/{official['id']}/hide", json={"hidden": False}, headers=bearer(modo))
    assert shown.get_json()["status"] == "visible"
