"""The moderation queue page: moderators only, sorted by score with reasons, single and bulk
decisions that publish or reject, each one audited and kept as a label."""
from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from cherclient_wiki.accounts.models import User
from cherclient_wiki.core.audit import AuditEntry
from cherclient_wiki.core.db import db
from cherclient_wiki.moderation.models import ModerationDecision
from cherclient_wiki.stories import writing
from cherclient_wiki.stories.models import Story

from .conftest import AD, LIVED


def held(author: User, title: str = AD["title"], body: str = AD["body"]) -> Story:
    story = writing.create_story(author, {**AD, "title": title, "body": body})
    assert story.status == "pending"
    return story


def test_only_moderators_see_the_queue(client: FlaskClient, claire: User, modo: User, auth: Any) -> None:
    anonymous = client.get("/moderation/")
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    assert client.post("/moderation/", data={"approve": "1"}).status_code == 302
    auth.login("claire")
    assert client.get("/moderation/").status_code == 403
    assert client.post("/moderation/", data={"approve": "1"}).status_code == 403
    auth.logout()
    auth.login("modo")
    assert client.get("/moderation/").status_code == 200


def test_pending_stories_are_listed_most_suspicious_first_with_their_reasons(client: FlaskClient, claire: User, modo: User, auth: Any) -> None:
    milder = held(claire, "Une offre à ne pas manquer", "Profitez de l'offre Kliméa : -20 % avec le code KLIM20 sur klimea.fr, livraison offerte, commandez vite !")
    worst = held(claire)
    writing.create_story(claire, LIVED)
    assert worst.ad_score > milder.ad_score
    auth.login("modo")
    page = client.get("/moderation/").get_data(as_text=True)
    assert page.index(worst.title) < page.index(milder.title)
    assert "Code promo ou parrainage" in page
    assert LIVED["title"] not in page
    assert "2 histoires attendent une décision." in page


def test_approving_one_story_publishes_it_and_records_who_and_why(client: FlaskClient, claire: User, modo: User, auth: Any) -> None:
    story = held(claire)
    auth.login("modo")
    response = client.post("/moderation/", data={"approve": str(story.id), "reason": "advert"}, follow_redirects=True)
    assert "1 histoire publiée." in response.get_data(as_text=True)
    assert db.session.get(Story, story.id).status == "published"
    label = db.session.scalar(select(ModerationDecision))
    assert (label.decision, label.reason, label.was_held, label.moderator_id) == ("approve", "", True, modo.id)
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.actor_name, entry.action, entry.target_type, entry.target_id) == ("modo", "story.approve", "story", str(story.id))
    assert client.get(f"/stories/{story.id}").status_code == 200
    auth.logout()
    assert client.get(f"/stories/{story.id}").status_code == 200  # visible to everyone now


def test_bulk_rejection_with_a_reason_from_the_list(client: FlaskClient, claire: User, modo: User, auth: Any) -> None:
    first, second, kept = held(claire), held(claire, "Encore une offre Kliméa"), held(claire, "Une troisième offre Kliméa")
    auth.login("modo")
    response = client.post(
        "/moderation/", data={"story_ids": [first.id, second.id], "reason": "off_topic", "reject": "selected"},
        follow_redirects=True,
    )
    assert "2 histoires refusées (hors sujet)." in response.get_data(as_text=True)
    statuses = {s.id: s.status for s in db.session.scalars(select(Story))}
    assert statuses == {first.id: "rejected", second.id: "rejected", kept.id: "pending"}
    reasons = sorted(e.reason for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action == "story.reject")))
    assert reasons == ["hors sujet", "hors sujet"]


def test_deciding_without_choosing_a_story_says_what_to_do(client: FlaskClient, claire: User, modo: User, auth: Any) -> None:
    story = held(claire)
    auth.login("modo")
    response = client.post("/moderation/", data={"reject": "selected", "reason": "abusive"})
    assert response.status_code == 422
    assert "Cochez au moins une histoire" in response.get_data(as_text=True)
    assert db.session.get(Story, story.id).status == "pending"
    bad_reason = client.post("/moderation/", data={"reject": str(story.id), "reason": "n'importe quoi"})
    assert bad_reason.status_code == 422
    assert "pas un choix valide" in bad_reason.get_data(as_text=True)
    assert db.session.get(Story, story.id).status == "pending"


def test_approval_makes_the_story_count_on_the_leaderboard_and_appear_in_search(client: FlaskClient, claire: User, modo: User, auth: Any) -> None:
    story = held(claire)

    def leaderboard_brands() -> list[str]:
        return [row["brand"] for row in client.get("/api/v1/leaderboard").get_json()["brands"]]

    def search_total() -> int:
        return client.get("/api/v1/search?q=climatiseur").get_json()["total"]

    assert "Kliméa" not in leaderboard_brands()
    assert search_total() == 0
    auth.login("modo")
    client.post("/moderation/", data={"approve": str(story.id)})
    auth.logout()
    assert "Kliméa" in leaderboard_brands()
    assert search_total() == 1
