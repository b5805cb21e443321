"""Suggestions as people meet them: proposing (web and API), supporting, the status workflow and
who may move it, and its timeline."""
from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from cherclient_wiki.accounts.models import User
from cherclient_wiki.brands.models import Brand
from cherclient_wiki.core.db import db
from cherclient_wiki.suggestions import writing
from cherclient_wiki.suggestions.models import Suggestion

from .conftest import bearer, suggestion_data


def propose(client: FlaskClient, user: User, **changes: Any) -> Any:
    return client.post("/api/v1/suggestions", json=suggestion_data(**changes), headers=bearer(user))


def test_propose_through_the_api(client: FlaskClient, author: User, brand: Brand) -> None:
    answer = propose(client, author)
    assert answer.status_code == 201
    body = answer.get_json()
    assert body["status"] == "received" and body["held"] is False
    assert body["brand"] == {"name": "Lyonnaise des Eaux", "slug": "lyonnaise-des-eaux"}
    assert body["timeline"] == [] and body["supports"] == 0
    page = client.get(f"/suggestions/{body['id']}")
    assert page.status_code == 200 and "Relever mon compteur" in page.get_data(as_text=True)


def test_every_bad_field_is_named_in_french(client: FlaskClient, author: User, brand: Brand) -> None:
    answer = client.post("/api/v1/suggestions", json={"brand": "Inconnue SA", "title": "x", "body": "court"}, headers=bearer(author))
    assert answer.status_code == 422
    fields = answer.get_json()["fields"]
    assert set(fields) == {"title", "body"}
    answer = propose(client, author, brand="Marque Inconnue")
    assert answer.status_code == 422 and "Aucune marque" in answer.get_json()["fields"]["brand"]


def test_an_advertisement_is_held_and_says_so(client: FlaskClient, author: User, brand: Brand, app: Any) -> None:
    app.config["AD_SCORE_THRESHOLD"] = 0.0  # every text is held: what the answer says is the point
    body = propose(client, author).get_json()
    assert body["held"] is True and body["ad_reasons"] is not None
    assert client.get(f"/api/v1/suggestions/{body['id']}").status_code == 404  # not for others
    assert client.get(f"/api/v1/suggestions/{body['id']}", headers=bearer(author)).status_code == 200


def test_web_form_keeps_what_was_typed(client: FlaskClient, auth: Any, author: User, brand: Brand) -> None:
    auth.login("helene")
    page = client.post("/suggestions/new", data={"brand": "Lyonnaise des Eaux", "title": "Une idée", "body": "trop court"})
    text = page.get_data(as_text=True)
    assert page.status_code == 422 and "trop court" in text and "au moins 30 caractères" in text
    page = client.get("/suggestions/new")
    assert '<datalist id="brand-names">' in page.get_data(as_text=True)
    assert '<option value="Lyonnaise des Eaux">' in page.get_data(as_text=True)
    done = client.post("/suggestions/new", data=suggestion_data())
    assert done.status_code == 302
    assert "Relever mon compteur" in client.get(done.headers["Location"]).get_data(as_text=True)


def test_one_account_one_support(client: FlaskClient, author: User, supporter: User, brand: Brand) -> None:
    suggestion_id = propose(client, author).get_json()["id"]
    headers = bearer(supporter)
    for _again in range(2):
        answer = client.post(f"/api/v1/suggestions/{suggestion_id}/support", headers=headers)
        assert answer.status_code == 200 and answer.get_json()["supports"] == 1
    assert client.post(f"/api/v1/suggestions/{suggestion_id}/support", headers=bearer(author)).get_json()["supports"] == 2
    assert client.delete(f"/api/v1/suggestions/{suggestion_id}/support", headers=headers).get_json()["supports"] == 1


def test_only_representatives_and_moderators_set_the_status(
    client: FlaskClient, author: User, supporter: User, representative: User, moderator: User, member: Any,
    public_brand: Any, brand: Brand,
) -> None:
    suggestion_id = propose(client, author).get_json()["id"]
    url = f"/api/v1/suggestions/{suggestion_id}/status"
    other_brand_rep = member("autre-marque")
    other = public_brand("Fibralis")
    writing_rep = db.session.get(Brand, other.id)
    assert writing_rep is not None
    for outsider in (author, supporter, other_brand_rep):
        assert client.post(url, json={"status": "accepted", "message": "oui"}, headers=bearer(outsider)).status_code == 403
    assert client.post(url, json={"status": "studying"}).status_code == 401
    declined = client.post(url, json={"status": "declined", "message": "  "}, headers=bearer(representative))
    assert declined.status_code == 422 and "message" in declined.get_json()["fields"]
    answer = client.post(url, json={"status": "studying", "message": "Nous regardons."}, headers=bearer(representative))
    assert answer.status_code == 200
    answer = client.post(url, json={"status": "accepted", "message": "Accepté."}, headers=bearer(moderator))
    timeline = answer.get_json()["timeline"]
    assert [(e["status"], e["role"], e["message"]) for e in timeline] == [
        ("studying", "representative", "Nous regardons."), ("accepted", "moderator", "Accepté."),
    ]
    assert answer.get_json()["status"] == "accepted"
    assert answer.get_json()["first_answer_at"] == timeline[0]["created_at"]
    page = client.get(f"/suggestions/{suggestion_id}").get_data(as_text=True)
    assert "Nous regardons." in page and "représentant de Lyonnaise des Eaux" in page


def test_web_status_form_for_representatives_only(
    client: FlaskClient, auth: Any, author: User, representative: User, brand: Brand,
) -> None:
    suggestion = writing.create(author, suggestion_data())
    auth.login("helene")
    assert client.post(f"/suggestions/{suggestion.id}/status", data={"status": "done"}).status_code == 403
    auth.logout()
    auth.login("service-eau")
    refused = client.post(f"/suggestions/{suggestion.id}/status", data={"status": "declined", "message": ""})
    assert refused.status_code == 422 and "Dites pourquoi" in refused.get_data(as_text=True)
    done = client.post(f"/suggestions/{suggestion.id}/status", data={"status": "declined", "message": "Pas possible cette année."})
    assert done.status_code == 302
    assert db.session.get(Suggestion, suggestion.id).status == "declined"


def test_list_filters_and_comments(client: FlaskClient, auth: Any, author: User, representative: User, brand: Brand) -> None:
    first = writing.create(author, suggestion_data())
    writing.create(author, suggestion_data(title="Un créneau de deux heures pour le technicien"))
    writing.set_status(representative, first, {"status": "done", "message": "Fait."})
    listed = client.get("/api/v1/suggestions?brand=lyonnaise-des-eaux&status=done").get_json()
    assert [s["id"] for s in listed["suggestions"]] == [first.id] and listed["total"] == 1
    assert client.get("/api/v1/suggestions?status=nope").status_code == 422
    auth.login("service-eau")
    posted = client.post(f"/community/suggestion/{first.id}/comments", data={"body": "Merci pour l'idée !", "brand_id": str(brand.id)})
    assert posted.status_code == 302
    page = client.get(f"/suggestions/{first.id}").get_data(as_text=True)
    assert "Réponse officielle de Lyonnaise des Eaux" in page and "Merci pour l" in page


def test_searchable_as_suggestion(client: FlaskClient, author: User, brand: Brand) -> None:
    writing.create(author, suggestion_data())
    found = client.get("/api/v1/search?q=compteur&type=suggestion").get_json()
    assert [hit["type"] for hit in found["results"]] == ["suggestion"]


def test_representative_cli(runner: Any, member: Any, brand: Brand) -> None:
    member("agent")
    result = runner.invoke(args=["brands", "represent", "agent", "Lyonnaise des Eaux"])
    assert result.exit_code == 0 and "représente désormais Lyonnaise des Eaux" in result.output
    result = runner.invoke(args=["brands", "represent", "agent", "lyonnaise-des-eaux", "--remove"])
    assert result.exit_code == 0 and "ne représente plus" in result.output
    assert runner.invoke(args=["brands", "represent", "personne", "Lyonnaise des Eaux"]).exit_code == 1
