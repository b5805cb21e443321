"""The story API contract: create (201/422/401), read (hidden stories 404), list with filters."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.tokens import create_token
from cherclient_wiki.core.db import db
from cherclient_wiki.core.errors import InputError
from cherclient_wiki.core.hooks import hooks
from cherclient_wiki.core.screening import Screening
from cherclient_wiki.stories import writing

from .conftest import PARAGRAPHS, story_data


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'test')}"}


def test_post_creates_a_published_story(client: FlaskClient, claire: User) -> None:
    response = client.post("/api/v1/stories", json=story_data(brands=["SAAB", " saab "]), headers=bearer(claire))
    assert response.status_code == 201
    body = response.get_json()
    assert {key: body[key] for key in ("status", "ad_score", "ad_reasons", "kind", "satisfaction", "ending", "year", "channel")} == {
        "status": "published", "ad_score": 0, "ad_reasons": [], "kind": "love", "satisfaction": 5,
        "ending": "loyal", "year": 2015, "channel": "phone",
    }
    assert body["brands"] == [{"name": "SAAB", "slug": "saab"}] and body["author"] == "claire"
    assert client.get(f"/api/v1/stories/{body['id']}").get_json()["title"] == "Un rappel le lundi matin"


def test_post_without_token_is_401(client: FlaskClient) -> None:
    response = client.post("/api/v1/stories", json=story_data())
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"


def test_invalid_payloads_get_422_with_one_message_per_field(client: FlaskClient, claire: User) -> None:
    payload = story_data(title=3, brands=[], kind="pub", satisfaction="beaucoup", ending=None, year=1900, channel="fax")
    del payload["body"]
    response = client.post("/api/v1/stories", json=payload, headers=bearer(claire))
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"]["code"] == "validation_error"
    assert set(body["fields"]) == {"title", "body", "brands", "kind", "satisfaction", "ending", "year", "channel"}
    assert client.post("/api/v1/stories", data="pas du json", headers=bearer(claire)).status_code == 400
    assert client.post("/api/v1/stories", json=["une", "liste"], headers=bearer(claire)).status_code == 400


def test_a_held_story_is_404_except_for_its_author_and_moderators(
    client: FlaskClient, claire: User, marc: User, mod: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hooks(), "screeners", [lambda story: Screening(0.95, ["Trop de liens vers la boutique."])])
    created = client.post("/api/v1/stories", json=story_data(), headers=bearer(claire)).get_json()
    assert created["status"] == "pending" and created["ad_reasons"] == ["Trop de liens vers la boutique."]
    url = f"/api/v1/stories/{created['id']}"
    assert client.get(url).status_code == 404
    assert client.get(url, headers=bearer(marc)).status_code == 404
    assert client.get(url, headers=bearer(claire)).status_code == 200
    assert client.get(url, headers=bearer(mod)).status_code == 200
    assert client.get("/api/v1/stories").get_json()["total"] == 0


def test_list_filters_by_brand_kind_and_pages(client: FlaskClient, claire: User) -> None:
    for n in range(23):
        writing.create_story(claire, story_data(title=f"Histoire numéro {n}", brands=["Saab" if n % 2 else "Coolblue"], kind="love" if n < 20 else "bravo"))
    first = client.get("/api/v1/stories").get_json()
    assert (first["total"], first["pages"], len(first["stories"])) == (23, 2, 20)
    assert first["stories"][0]["title"] == "Histoire numéro 22"  # newest first
    assert len(client.get("/api/v1/stories?page=2").get_json()["stories"]) == 3
    assert client.get("/api/v1/stories?brand=saab").get_json()["total"] == 11
    assert client.get("/api/v1/stories?brand=SAAB&kind=bravo").get_json()["total"] == 1
    assert client.get("/api/v1/stories?brand=inconnue").get_json()["total"] == 0
    bad = client.get("/api/v1/stories?kind=pub&page=0")
    assert bad.status_code == 422 and set(bad.get_json()["fields"]) == {"kind", "page"}


def test_unknown_story_is_json_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/stories/999")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_web_form_and_api_share_their_messages(client: FlaskClient, claire: User) -> None:
    api = client.post("/api/v1/stories", json=story_data(year=1949), headers=bearer(claire)).get_json()["fields"]["year"]
    with pytest.raises(InputError) as caught:
        writing.validate_story(story_data(year="1949"))
    assert api == caught.value.fields["year"]


def test_put_edits_for_the_author_and_moderators_only(client: FlaskClient, claire: User, marc: User, mod: User) -> None:
    story = writing.create_story(claire, story_data())
    url = f"/api/v1/stories/{story.id}"
    assert client.put(url, json=story_data(ending="left")).status_code == 401
    assert client.put(url, json=story_data(ending="left"), headers=bearer(marc)).status_code == 403
    assert client.put(url, json=story_data(ending="left", satisfaction=0), headers=bearer(claire)).status_code == 422
    edited = client.put(url, json=story_data(ending="left"), headers=bearer(claire)).get_json()
    assert edited["ending"] == "left" and edited["changed"] is True
    assert client.put(url, json=story_data(ending="left"), headers=bearer(mod)).get_json()["changed"] is False
    db.session.refresh(story)
    assert [r.facts["ending"] for r in story.revisions] == ["loyal", "left"]


def test_put_with_a_base_version_merges_or_answers_409_with_the_current_story(client: FlaskClient, claire: User, mod: User) -> None:
    story = writing.create_story(claire, story_data(body=PARAGRAPHS))
    url = f"/api/v1/stories/{story.id}"
    read = client.get(url, headers=bearer(claire)).get_json()
    assert read["version"] == 1
    by_mod = client.put(url, json=story_data(body=PARAGRAPHS, title="Un rappel, enfin", base_version=1), headers=bearer(mod)).get_json()
    assert (by_mod["version"], by_mod["changed"], by_mod["merged"]) == (2, True, False)
    # Claire edits what she read (version 1): the moderator's title stays, her ending is added.
    merged = client.put(url, json=story_data(body=PARAGRAPHS, ending="left", base_version=1), headers=bearer(claire))
    body = merged.get_json()
    assert merged.status_code == 200 and (body["version"], body["merged"], body["title"], body["ending"]) == (3, True, "Un rappel, enfin", "left")
    # Both change the satisfaction from version 3: the second one is told, with the current story.
    mine = story_data(body=PARAGRAPHS, title="Un rappel, enfin", ending="left", base_version=3)
    assert client.put(url, json={**mine, "satisfaction": 3}, headers=bearer(mod)).status_code == 200
    conflict = client.put(url, json={**mine, "satisfaction": 1, "body": PARAGRAPHS + "\nUn ajout.\n"}, headers=bearer(claire))
    answer = conflict.get_json()
    assert conflict.status_code == 409 and answer["error"]["code"] == "edit_conflict"
    assert (answer["current_version"], answer["conflicts"]) == (4, ["satisfaction"])
    assert answer["current"]["satisfaction"] == 3 and answer["current"]["body"] == PARAGRAPHS.strip()
    assert client.get(url).get_json()["version"] == 4  # nothing saved
    for bad in ("trois", True, 99):
        refused = client.put(url, json={**mine, "base_version": bad}, headers=bearer(claire))
        assert refused.status_code == 422 and "base_version" in refused.get_json()["fields"]
