"""Suggestion fixtures: a brand made public by a published story, its representative, accounts
with API tokens, and a valid suggestion to start from."""
from __future__ import annotations

from typing import Any

import pytest

from cherclient_wiki.accounts import tokens, users
from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.brands.models import Brand, BrandRepresentative
from cherclient_wiki.brands.names import get_or_create_brand
from cherclient_wiki.core.db import db
from cherclient_wiki.core.markup import render
from cherclient_wiki.stories.choices import Ending, Kind, Status
from cherclient_wiki.stories.models import Story, StoryBrand

STORY_BODY = "Le releveur ne passe qu'en semaine, et ma maison est vide : j'ai dû poser un jour de congé pour lui ouvrir."
SUGGESTION_BODY = (
    "Je propose de pouvoir envoyer une photo du compteur avec le journal du jour à côté, et qu'elle compte "
    "comme un relevé réel : cela m'éviterait de poser un jour de congé chaque année."
)


def suggestion_data(**changes: Any) -> dict[str, Any]:
    return {"brand": "Lyonnaise des Eaux", "title": "Relever mon compteur avec une photo datée", "body": SUGGESTION_BODY, **changes}


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_token(user, 'test')}"}


@pytest.fixture
def public_brand(member: Any) -> Any:
    """public_brand(name): a brand a published story names (only those take suggestions)."""

    def make(name: str = "Lyonnaise des Eaux") -> Brand:
        teller = users.by_username("conteur") or member("conteur")
        story = Story(author_id=teller.id, title=f"Mon histoire avec {name}", body=STORY_BODY, html=render(STORY_BODY),
                      kind=Kind.COMPLAINT.value, satisfaction=2, ending=Ending.LOYAL.value, status=Status.PUBLISHED.value,
                      ad_reasons=[])
        brand = get_or_create_brand(name)
        story.brand_links = [StoryBrand(brand=brand, position=0)]
        db.session.add(story)
        db.session.commit()
        return brand

    return make


@pytest.fixture
def brand(public_brand: Any) -> Brand:
    return public_brand()


@pytest.fixture
def author(member: Any) -> User:
    return member("helene")


@pytest.fixture
def supporter(member: Any) -> User:
    return member("bernard")


@pytest.fixture
def representative(member: Any, brand: Brand) -> User:
    user = member("service-eau")
    db.session.add(BrandRepresentative(user_id=user.id, brand_id=brand.id))
    db.session.commit()
    return user


@pytest.fixture
def moderator(member: Any) -> User:
    return member("modo", Role.MODERATOR)
