"""The author of a held story sees why, and can ask for a review; moderators see the request."""
from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.stories import writing

from .conftest import AD, LIVED, aged, bearer


def test_the_author_of_a_held_story_asks_for_a_review_and_moderators_see_it(
    client: FlaskClient, claire: User, modo: User, auth: Any
) -> None:
    story = writing.create_story(claire, AD)
    auth.login("claire")
    page = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "Demander une relecture" in page and f"/stories/{story.id}/review" in page
    assert client.post(f"/stories/{story.id}/review").status_code == 302
    page = client.get(f"/stories/{story.id}").get_data(as_text=True)
    assert "Vous avez demandé une relecture" in page and "Demander une relecture" not in page
    auth.logout()
    auth.login("modo")
    assert "Relecture demandée par" in client.get("/moderation/").get_data(as_text=True)
    queue = client.get("/api/v1/moderation/queue", headers=bearer(modo)).get_json()
    assert queue["items"][0]["review_requested"] is True


def test_only_the_author_of_a_held_story_may_ask(client: FlaskClient, claire: User, make_user: Any, auth: Any) -> None:
    held = writing.create_story(claire, AD)
    published = writing.create_story(claire, LIVED)
    aged(make_user("paulo", Role.CUSTOMER), 400)
    auth.login("paulo")
    assert client.post(f"/stories/{held.id}/review").status_code == 404  # a held story is not his to see
    auth.logout()
    auth.login("claire")
    assert client.post(f"/stories/{published.id}/review").status_code == 403
    response = client.post(f"/api/v1/stories/{held.id}/review-request", headers=bearer(claire))
    assert response.status_code == 200 and response.get_json()["asked"] is True
    again = client.post(f"/api/v1/stories/{held.id}/review-request", headers=bearer(claire)).get_json()
    assert again["asked"] is False and again["review_requested"] is True
