"""Wiki fixtures: a short way to write a page (the people are in tests/conftest.py)."""
from __future__ import annotations

from typing import Any

import pytest

from cherclient_wiki.accounts.models import User
from cherclient_wiki.wiki import pages


@pytest.fixture
def write(claire: User) -> Any:
    """write(slug, text, **kwargs) saves as claire unless `author` is given."""

    def save(slug: str, text: str, author: User | None = None, **kwargs: Any) -> pages.Saved:
        return pages.save_revision(slug, text, author or claire, **kwargs)

    return save
