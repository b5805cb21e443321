"""The moderation API: the queue and decisions, for moderators' tokens only, JSON errors."""
from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from cherclient_wiki.accounts.models import User
from cherclient_wiki.core.audit import AuditEntry
from cherclient_wiki.core.db import db
from cherclient_wiki.stories import writing
from cherclient_wiki.stories.models import Story

from .conftest import AD, LIVED, bearer


def test_the_queue_lists_held_stories_with_score_and_reasons(client: FlaskClient, claire: User, modo: User) -> None:
    story = writing.create_story(claire, AD)
    writing.create_story(claire, LIVED)
    body = client.get("/api/v1/moderation/queue", headers=bearer(modo)).get_json()
    assert [item["id"] for item in body["items"]] == [story.id]
    item = body["items"][0]
    assert item["type"] == "story" and item["title"] == AD["title"]
    assert item["ad_score"] == story.ad_score and item["ad_reasons"] == story.ad_reasons


def test_the_queue_and_decisions_are_for_moderators_only(client: FlaskClient, claire: User) -> None:
    story = writing.create_story(claire, AD)
    forbidden = client.get("/api/v1/moderation/queue", headers=bearer(claire))
    assert forbidden.status_code == 403 and forbidden.get_json()["error"]["code"] == "forbidden"
    assert client.get("/api/v1/moderation/queue").status_code == 401
    decision = client.post(f"/api/v1/stories/{story.id}/moderate", json={"decision": "approve"}, headers=bearer(claire))
    assert decision.status_code == 403
    assert db.session.get(Story, story.id).status == "pending"


def test_approve_and_reject_through_the_api(client: FlaskClient, claire: User, modo: User) -> None:
    story = writing.create_story(claire, AD)
    approved = client.post(f"/api/v1/stories/{story.id}/moderate", json={"decision": "approve"}, headers=bearer(modo))
    assert approved.status_code == 200 and approved.get_json()["status"] == "published"
    rejected = client.post(
        f"/api/v1/stories/{story.id}/moderate", json={"decision": "reject", "reason": "Publicité déguisée"}, headers=bearer(modo),
    )
    assert rejected.status_code == 200
    assert rejected.get_json()["status"] == "rejected" and rejected.get_json()["reason"] == "publicité déguisée"
    actions = [(e.action, e.reason) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == [("story.approve", ""), ("story.reject", "publicité déguisée")]
    assert client.get("/api/v1/moderation/queue", headers=bearer(modo)).get_json()["items"] == []


def test_bad_decisions_get_clear_errors(client: FlaskClient, claire: User, modo: User) -> None:
    story = writing.create_story(claire, AD)
    url = f"/api/v1/stories/{story.id}/moderate"
    unknown = client.post(url, json={"decision": "maybe"}, headers=bearer(modo))
    assert unknown.status_code == 422 and "approve" in unknown.get_json()["fields"]["decision"]
    bad_reason = client.post(url, json={"decision": "reject", "reason": "parce que"}, headers=bearer(modo))
    assert bad_reason.status_code == 422 and "hors sujet" in bad_reason.get_json()["fields"]["reason"]
    assert client.post(url, data="pas du json", headers=bearer(modo)).status_code == 400
    assert client.post("/api/v1/stories/999999/moderate", json={"decision": "approve"}, headers=bearer(modo)).status_code == 404
    assert db.session.get(Story, story.id).status == "pending"
