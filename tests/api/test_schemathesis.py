"""Schemathesis against our own OpenAPI document: every operation, as an anonymous visitor and with
a moderator's token, never a 5xx, and every answer as the document describes it (status, content
type, body schema). Runs on SQLite, and on PostgreSQL when the suite does."""
from __future__ import annotations

import random
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.accounts.tokens import create_token
from cherclient_wiki.core.db import db
from cherclient_wiki.core.extensions import limiter
from cherclient_wiki.stories import writing
from cherclient_wiki.wiki import pages
from tests.conftest import PASSWORD
from tests.stories.conftest import story_data

CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def site(app_factory: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, str]:
    """A small site (a page, a story) and a moderator's token; rate limits off, so that a 429
    never hides what is behind it."""
    from cherclient_wiki.accounts import users

    # The limiter is one object for every app and keeps the last app's `enabled`: put it back.
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    # No background thread (WORKER=external): Hypothesis checks that nothing touches the global
    # `random` while it draws a case, and an inline indexing thread (Whoosh names its segments
    # with `random`) may run at that very moment. What is sent is answered the same either way.
    app = app_factory(RATELIMIT_ENABLED=False, SERVER_NAME=None, WORKER="external")
    with app.app_context():
        moderator = users.create_user("modo", "modo@example.org", PASSWORD, Role.MODERATOR)
        pages.save_revision("guide", "Un guide [[Accueil]].", moderator, title="Guide")
        writing.create_story(moderator, story_data())
        token = create_token(moderator, "schemathesis")
        db.session.commit()
    return app, token


def test_every_operation_conforms(site: tuple[Any, str]) -> None:
    """Each operation in turn, with hypothesis driving schemathesis's generated requests."""
    app, token = site
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck),
                  phases=[Phase.explicit, Phase.generate], database=None)
        @given(case=operation.as_strategy())
        def conforms(case: Any) -> None:
            nonlocal calls
            # Hypothesis seeds the global `random` alike for every example, and Whoosh draws its
            # segment names from it: two commits would then name their segments the same.
            random.seed()
            for headers in ({}, {"Authorization": f"Bearer {token}"}):
                calls += 1
                case.call_and_validate(headers=headers, checks=CHECKS)

        conforms()
    print(f"schemathesis: {calls} requests")
    assert calls > 1000
