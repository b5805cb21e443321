"""A signed-in reader's page kept for them alone (core/reader_cache.py): sent again in front of
Flask while nothing changed, and never to another reader or browser, nor past a change, a
sign-out or the end of the sign-in."""
from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.models import User
from cherclient_wiki.notifications import inbox
from cherclient_wiki.wiki import pages

from .conftest import PASSWORD, redis_url, signed_in

URL = "/wiki/ecoute-active"


@pytest.fixture
def page(claire: User) -> Any:
    return pages.save_revision("ecoute-active", "Écouter **vraiment** le client.", claire, title="Écoute active").page


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def steady(reader: FlaskClient, url: str = URL) -> TestResponse:
    """The reader's page once Flask answers it without rewriting the session (the first views of
    a sign-in may still write marks into it), hence kept."""
    for _ in range(3):
        response = reader.get(url)
        if "Set-Cookie" not in response.headers:
            return response
    pytest.fail("every view rewrote the session")


def flask_runs(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each request that got as far as Flask's before_request hooks."""
    ran: list[str] = []
    preprocess = app.preprocess_request
    monkeypatch.setattr(app, "preprocess_request", lambda: ran.append("flask") or preprocess())
    return ran


def menu_name(app: Flask, html: str) -> str | None:
    """Whose account menu the page shows (None: a visitor's menu)."""
    with app.test_request_context():
        profile = url_for("auth.profile")
    found = re.search(rf'<a href="{re.escape(profile)}">([^<]+)</a>', html)
    return found.group(1) if found else None


def test_a_readers_page_is_sent_again_in_front_of_flask(app: Flask, page: Any, claire: User, monkeypatch: pytest.MonkeyPatch) -> None:
    reader = signed_in(app, "claire")
    kept = steady(reader)
    ran = flask_runs(app, monkeypatch)
    again = reader.get(URL)
    assert ran == []
    assert again.get_data() == kept.get_data() and menu_name(app, text(again)) == "claire"
    assert dict(again.headers) == dict(kept.headers)
    assert again.cache_control.private and again.cache_control.no_cache and "ETag" not in again.headers


def test_another_reader_or_another_browser_goes_to_flask(app: Flask, page: Any, claire: User, paul: User,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    reader = signed_in(app, "claire")
    steady(reader)
    other = signed_in(app, "paul")
    assert menu_name(app, text(other.get(URL))) == "paul"
    assert menu_name(app, text(app.test_client().get(URL))) is None  # a visitor
    ran = flask_runs(app, monkeypatch)
    elsewhere = reader.get(URL, headers={"User-Agent": "Un autre navigateur"})  # session protection compares it
    in_english = reader.get(URL, headers={"Accept-Language": "en"})
    assert ran == ["flask", "flask"]
    assert menu_name(app, text(elsewhere)) == "claire" and '<html lang="en"' in text(in_english)


def test_a_change_shows_on_the_readers_next_view(app: Flask, page: Any, claire: User, paul: User) -> None:
    """Content and personal state alike: paul's edit of a page claire follows (she wrote it) is
    there, with its notification; reading it takes the badge away."""
    reader = signed_in(app, "claire")
    before = steady(reader)
    assert 'class="badge"' not in text(before)
    pages.save_revision("ecoute-active", "Écouter, puis reformuler.", paul)
    after = reader.get(URL)
    assert "reformuler" in text(after) and "1 non lue" in text(after)
    steady(reader)
    inbox.mark_read(claire)
    assert 'class="badge"' not in text(reader.get(URL))


def test_a_copied_cookie_gets_no_signed_in_page_once_signed_out(app: Flask, page: Any, claire: User) -> None:
    reader = signed_in(app, "claire")
    steady(reader)
    copy = app.test_client()
    copy.set_cookie("session", reader.get_cookie("session").value)  # type: ignore[union-attr]
    assert menu_name(app, text(copy.get(URL))) == "claire"
    reader.post("/auth/logout")
    assert menu_name(app, text(copy.get(URL))) is None and "Se connecter" in text(copy.get(URL))


def test_a_sign_in_past_its_end_gets_no_kept_page(app_factory: Any) -> None:
    app = app_factory(REMEMBER_COOKIE_DURATION=3)
    with app.app_context():
        from cherclient_wiki.accounts import users

        claire = users.create_user("claire", "claire@example.org", PASSWORD)
        pages.save_revision("ecoute-active", "Écouter **vraiment** le client.", claire, title="Écoute active")
    started = time.time()
    reader = signed_in(app, "claire")
    assert menu_name(app, text(steady(reader))) == "claire"
    time.sleep(max(0.0, int(started) + 4.2 - time.time()))  # the sign-in counts from its whole second
    assert menu_name(app, text(reader.get(URL))) is None


def test_a_kept_page_is_not_handed_out_past_half_its_csrf_tokens_life(app_factory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept page carries the CSRF token of its forms: with WTF_CSRF_TIME_LIMIT, it is rendered
    again once half that life is over (the reader still has the other half to send a form)."""
    app = app_factory(WTF_CSRF_TIME_LIMIT=4)
    with app.app_context():
        claire = users.create_user("claire", "claire@example.org", PASSWORD)
        pages.save_revision("ecoute-active", "Écouter **vraiment** le client.", claire, title="Écoute active")
    reader = signed_in(app, "claire")
    kept_at = time.time()
    steady(reader)
    ran = flask_runs(app, monkeypatch)
    reader.get(URL)
    assert ran == []  # kept, while the token is young
    time.sleep(max(0.0, kept_at + 2.5 - time.time()))
    assert "csrf_token" in text(reader.get(URL))
    assert ran == ["flask"]  # rendered again, with a token of now


def test_two_workers_share_the_kept_pages_through_redis(app_factory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two apps stand for two worker processes (one secret key, a shared RedisCache): the
    visitor's page and the reader's page the first one kept are sent by the second one's door,
    without entering its Flask."""
    settings = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url(), "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}:",
                "SECRET_KEY": uuid.uuid4().hex}
    first, second = app_factory(**settings), app_factory(**settings)
    with first.app_context():
        claire = users.create_user("claire", "claire@example.org", PASSWORD)
        pages.save_revision("ecoute-active", "Écouter **vraiment** le client.", claire, title="Écoute active")
    reader = signed_in(first, "claire")
    kept = steady(reader)
    visitors = first.test_client().get(URL)
    ran = flask_runs(second, monkeypatch)
    same_reader = second.test_client()
    same_reader.set_cookie("session", reader.get_cookie("session").value)  # type: ignore[union-attr]
    assert same_reader.get(URL).get_data() == kept.get_data()
    assert second.test_client().get(URL).get_data() == visitors.get_data()
    assert ran == []
