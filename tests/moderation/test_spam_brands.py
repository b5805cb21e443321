"""No stage for held content: a brand that only held or rejected stories name has no page, no API
entry and no place in the leaderboard, search or autocomplete, until a published story names it;
moderators still see it. New brand names are checked like a story's text."""
from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from cherclient_wiki.accounts.models import User
from cherclient_wiki.community.models import BlockedDomain
from cherclient_wiki.core.db import db
from cherclient_wiki.core.errors import InputError
from cherclient_wiki.moderation import decisions
from cherclient_wiki.stories import writing

from .conftest import AD, bearer

SPAM = {**AD, "brands": ["Casino Royal Palace"], "title": "Casino Royal Palace, le meilleur !!!"}


def _visible(client: FlaskClient, slug: str, name: str, **headers: str) -> dict[str, bool]:
    return {
        "page": client.get(f"/brands/{slug}", headers=headers).status_code == 200,
        "api": client.get(f"/api/v1/brands/{slug}", headers=headers).status_code == 200,
        "leaderboard": slug in client.get("/api/v1/leaderboard").get_data(as_text=True),
        "search": name in client.get("/api/v1/search?q=casino&type=brand").get_data(as_text=True),
        "autocomplete": name in client.get("/api/v1/search/titles?q=casin").get_data(as_text=True),
    }


def test_a_brand_named_only_by_a_held_story_is_not_public_until_a_story_about_it_is_published(
    client: FlaskClient, claire: User, modo: User, auth: Any
) -> None:
    story = writing.create_story(claire, SPAM)
    assert story.status == "pending"
    slug = story.brands[0].slug
    page = client.get(f"/brands/{slug}")
    assert page.status_code == 404 and "Casino Royal Palace" not in page.get_data(as_text=True)
    assert _visible(client, slug, "Casino Royal Palace") == dict.fromkeys(("page", "api", "leaderboard", "search", "autocomplete"), False)
    assert client.get(f"/api/v1/brands/{slug}", headers=bearer(modo)).status_code == 200  # moderators see it
    auth.login("modo")
    assert client.get(f"/brands/{slug}").status_code == 200
    auth.logout()

    decisions.decide(modo, [story], decisions.Decision.APPROVE)
    seen = _visible(client, slug, "Casino Royal Palace")
    assert seen["page"] and seen["api"] and seen["search"]


def test_a_rejected_story_leaves_its_brand_hidden(client: FlaskClient, claire: User, modo: User) -> None:
    story = writing.create_story(claire, SPAM)
    decisions.decide(modo, [story], decisions.Decision.REJECT)
    assert client.get(f"/brands/{story.brands[0].slug}").status_code == 404


def test_new_brand_names_are_checked_like_story_text(client: FlaskClient, claire: User) -> None:
    db.session.add(BlockedDomain(domain="royal-palace.fr"))
    db.session.commit()
    refused = {
        "Casino Bonus 500 EUR gratuit sur promo-casino point fr": "adresse web",
        "www.promo-casino.fr": "adresse web",
        "Casino @bonus_royal": "adresse web",
        "Casino Bonus 500 EUR": "prix ou une offre",
        "Le casino qui paie le mieux de toute la région": "au plus 8 mots",
        "Royal Palace": "site bloqué",
    }
    for name, message in refused.items():
        with pytest.raises(InputError) as invalid:
            writing.validate_story({**AD, "brands": [name]})
        assert message in invalid.value.fields["brands"], name
    first = next(iter(refused))
    response = client.post("/api/v1/stories", json={**AD, "brands": [first]}, headers=bearer(claire))
    assert response.status_code == 422
    assert "contient une adresse web" in response.get_json()["fields"]["brands"]
    assert client.post("/api/v1/stories", json={**AD, "brands": ["Kliméa"]}, headers=bearer(claire)).status_code == 201
