"""Community fixtures: accounts of each role and age, a published story about a brand, a page."""
from __future__ import annotations

from typing import Any

import pytest

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.brands.names import get_or_create_brand
from cherclient_wiki.core.db import db
from cherclient_wiki.core.markup import render
from cherclient_wiki.stories.choices import Ending, Kind, Status
from cherclient_wiki.stories.models import Story, StoryBrand
from cherclient_wiki.wiki import pages
from cherclient_wiki.wiki.models import Page

STORY_BODY = (
    "En mars, mon lave-linge a lâché deux jours avant le départ en vacances. Le conseiller a pris le "
    "temps de m'écouter et un technicien est passé le lendemain matin."
)


@pytest.fixture
def claire(member: Any) -> User:
    return member("claire")


@pytest.fixture
def modo(member: Any) -> User:
    return member("modo", Role.MODERATOR)


@pytest.fixture
def root(member: Any) -> User:
    return member("root", Role.ADMIN)


@pytest.fixture
def page(claire: User) -> Page:
    return pages.save_revision("accueil-client", "Bienvenue sur la page.", claire, title="Accueil client").page


@pytest.fixture
def make_story(claire: User) -> Any:
    def make(brand: str = "Saab", status: Status = Status.PUBLISHED, author: User | None = None) -> Story:
        story = Story(
            author_id=(author or claire).id, title=f"Mon histoire avec {brand}", body=STORY_BODY, html=render(STORY_BODY),
            kind=Kind.LOVE.value, satisfaction=5, ending=Ending.LOYAL.value, status=status.value, ad_reasons=[],
        )
        story.brand_links = [StoryBrand(brand=get_or_create_brand(brand), position=0)]
        db.session.add(story)
        db.session.commit()
        return story

    return make


@pytest.fixture
def story(make_story: Any) -> Story:
    return make_story()
