"""Story fixtures: people with each role and a valid submission to start from."""
from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.core.hooks import hooks

BODY = (
    "J'ai appelé le service client un samedi matin, sans grand espoir. La conseillère a pris le temps "
    "de comprendre mon problème et m'a rappelé le lundi avec une solution."
)


# A body of three paragraphs, for edits that touch different lines.
PARAGRAPHS = (
    "J'ai appelé le service client un samedi matin, sans grand espoir.\n\n"
    "La conseillère a pris le temps de comprendre mon problème.\n\n"
    "Elle m'a rappelé le lundi avec une solution.\n"
)


def story_data(**changes: Any) -> dict[str, Any]:
    """A valid submission, with `changes` applied."""
    return {
        "title": "Un rappel le lundi matin",
        "body": BODY,
        "brands": ["Saab"],
        "kind": "love",
        "satisfaction": 5,
        "ending": "loyal",
        "year": 2015,
        "channel": "phone",
        **changes,
    }


@pytest.fixture
def marc(make_user: Any) -> User:
    return make_user("marc", Role.CUSTOMER)


@pytest.fixture(autouse=True)
def no_detector(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the stories' own rules: the moderation detector (tested in
    tests/moderation) is unplugged once the app has plugged it in, and tests that need a held
    story plug a stub in."""
    monkeypatch.setattr(hooks(), "screeners", [])
