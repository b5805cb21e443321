"""The fuzzing site, and the request count printed at the end of the run."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from flask import Flask
from werkzeug.security import generate_password_hash

from cherclient_wiki.accounts import users
from cherclient_wiki.core.extensions import limiter
from cherclient_wiki.leaderboard import views as brand_views

from .hostile import recording
from .site import Site, build_site

STATS = pytest.StashKey[Counter[str]]()


@pytest.fixture
def fuzz_stats(request: pytest.FixtureRequest) -> Counter[str]:
    """Requests sent, by status code; summed over the fuzz tests of the run."""
    return request.config.stash.setdefault(STATS, Counter())


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    stats = config.stash.get(STATS, None)
    if stats:
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(stats.items()))
        terminalreporter.write_line(f"route fuzz: {stats.total()} requests ({statuses})")


@pytest.fixture
def fuzz_app(app_factory: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[tuple[Flask, Site]]:
    """The site with rate limits off (a 429 would hide what is behind it), one brand per
    leaderboard page (so that its pagination links are drawn too) and a cheap password hash (the
    login, registration and password forms are sent often; scrypt would take most of the time)."""
    csrf = getattr(request, "param", False)
    # The limiter is one object for every app, and init_app keeps its last `enabled` as the next
    # app's default: put it back for the tests that follow.
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    # No inline indexing thread: Hypothesis refuses a draw during which another thread moved the
    # global random state (Whoosh names its segments with it); see tests/api/test_schemathesis.py.
    app = app_factory(RATELIMIT_ENABLED=False, WTF_CSRF_ENABLED=csrf, WORKER="external")
    app.request_class = recording(app.request_class)
    monkeypatch.setattr(brand_views, "LEADERBOARD_PER_PAGE", 1)
    monkeypatch.setattr(users, "generate_password_hash", partial(generate_password_hash, method="pbkdf2:sha256:1"))
    with app.app_context():
        yield app, build_site()
