"""Wiki fixtures: people with each role and a short way to write a page."""
from __future__ import annotations

from typing import Any

import pytest

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.wiki import pages


@pytest.fixture
def claire(make_user: Any) -> User:
    return make_user("claire", Role.CUSTOMER)


@pytest.fixture
def paul(make_user: Any) -> User:
    return make_user("paul", Role.PRACTITIONER)


@pytest.fixture
def mod(make_user: Any) -> User:
    return make_user("modo", Role.MODERATOR)


@pytest.fixture
def write(claire: User) -> Any:
    """write(slug, text, **kwargs) saves as claire unless `author` is given."""

    def save(slug: str, text: str, author: User | None = None, **kwargs: Any) -> pages.Saved:
        return pages.save_revision(slug, text, author or claire, **kwargs)

    return save
