"""The security baseline every page shares."""
from __future__ import annotations

import logging
import sys

import pytest
from flask import abort

from cherclient_wiki.accounts import users


def test_security_headers(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_nor_third_party_resource(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/auth/login", "/auth/register"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and " on" + "click=" not in page
        assert "http://" not in page.replace("http://localhost", "") and "https://" not in page


def test_post_without_csrf_token_is_refused(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/auth/register", data={"username": "eve", "email": "eve@example.org", "password": "x" * 10, "confirm": "x" * 10})
    assert response.status_code == 400
    assert "Requête invalide" in response.get_data(as_text=True)
    with app.app_context():
        assert users.by_username("eve") is None
    assert client.post("/language", data={"lang": "en"}).status_code == 400
    assert client.post("/auth/logout").status_code == 400


def test_session_cookie_flags(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(SECURE_COOKIES=True)
    with app.app_context():
        users.create_user("claire", "claire@example.org", "x" * 12)
    client = app.test_client()
    response = client.post("/auth/login", data={"login": "claire", "password": "x" * 12, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    remember_cookie = next(c for c in cookies if c.startswith("remember_token="))
    for cookie in (session_cookie, remember_cookie):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_login_is_throttled_per_account(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(LOGIN_LIMIT_PER_ACCOUNT="3 per minute", LOGIN_LIMIT_PER_IP="100 per minute")
    with app.app_context():
        users.create_user("claire", "claire@example.org", "x" * 12)
    client = app.test_client()
    statuses = [client.post("/auth/login", data={"login": "claire", "password": "wrong"}).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    page = client.post("/auth/login", data={"login": "Claire", "password": "x" * 12})
    assert page.status_code == 429  # the right password does not bypass the lock
    assert "Trop de requêtes" in page.get_data(as_text=True)
    # Another account from the same address is not locked out.
    assert client.post("/auth/login", data={"login": "paul", "password": "wrong"}).status_code == 401


def test_username_and_email_share_one_account_budget(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(LOGIN_LIMIT_PER_ACCOUNT="4 per minute", LOGIN_LIMIT_PER_IP="100 per minute")
    with app.app_context():
        users.create_user("claire", "claire@example.org", "x" * 12)
    client = app.test_client()
    typed = ["claire", "claire@example.org", " CLAIRE ", "Claire@Example.org", "claire"]
    statuses = [client.post("/auth/login", data={"login": login, "password": "wrong"}).status_code for login in typed]
    assert statuses == [401, 401, 401, 401, 429]
    # A login that names no account is counted under what was typed, apart from any account.
    assert client.post("/auth/login", data={"login": "personne", "password": "wrong"}).status_code == 401


def test_login_is_throttled_per_address(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(LOGIN_LIMIT_PER_IP="2 per minute")
    client = app.test_client()
    statuses = [client.post("/auth/login", data={"login": f"user{i}", "password": "x"}).status_code for i in range(3)]
    assert statuses == [401, 401, 429]


def test_oversize_form_gets_a_french_413_page(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/auth/login", data={"login": "x" * 4096, "password": "y"})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Envoi trop volumineux" in page and "<main" in page


@pytest.mark.parametrize("status", [400, 403, 404, 429, 500])
def test_friendly_french_error_pages(app_factory, status: int) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    app.add_url_rule("/boom/<int:code>", "boom", lambda code: abort(code))
    response = app.test_client().get(f"/boom/{status}")
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert f"erreur {status}" in page and 'lang="fr"' in page and "Traceback" not in page


def test_unexpected_exception_is_a_french_500_without_traceback(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(TESTING=False)

    def explode() -> str:
        raise RuntimeError("secret internals")

    app.add_url_rule("/explode", "explode", explode)
    response = app.test_client().get("/explode")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Erreur interne" in page and "secret internals" not in page and "Traceback" not in page


PROXY_WARNING = "reachable without the proxy"


@pytest.mark.parametrize(
    ("settings", "environment", "argv", "warned"),
    [
        ({"BIND": "0.0.0.0:8000"}, {}, ["flask"], True),
        ({"BIND": ["127.0.0.1:8000", "[::]:8000"]}, {}, ["flask"], True),
        ({}, {"GUNICORN_CMD_ARGS": "--workers 4 --bind=81.2.69.160:8000"}, ["flask"], True),
        ({}, {}, ["/srv/venv/bin/gunicorn", "-w", "4", "-b", "0.0.0.0:8000", "cherclient_wiki.wsgi:app"], True),
        ({}, {}, ["/srv/venv/bin/gunicorn", "-b127.0.0.1:8000", "cherclient_wiki.wsgi:app"], False),
        ({"BIND": "127.0.0.1:8000"}, {"GUNICORN_CMD_ARGS": "--bind 10.0.0.5:8000"}, ["flask"], False),
        ({"BIND": "unix:/run/cherclient.sock"}, {}, ["flask"], False),
        ({}, {}, ["flask"], False),  # nothing known: nothing claimed
    ],
)
def test_trusting_proxies_while_listening_on_a_public_address_is_logged_at_start(
    app_factory, caplog, monkeypatch, settings, environment, argv, warned,  # type: ignore[no-untyped-def]
) -> None:
    """With PROXY_COUNT set, a client reaching the server directly could rotate X-Forwarded-For
    and escape every per-IP limit: the log says so when the bind shows the server is exposed."""
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys, "argv", argv)
    caplog.set_level(logging.WARNING)
    app_factory(PROXY_COUNT=1, **settings)
    assert any(PROXY_WARNING in record.getMessage() for record in caplog.records) is warned


def test_no_warning_without_proxies_and_per_ip_limits_follow_the_proxy_header(app_factory, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.WARNING)
    app_factory(PROXY_COUNT=0, BIND="0.0.0.0:8000")
    assert not any(PROXY_WARNING in record.getMessage() for record in caplog.records)
    # Behind one proxy, the address the proxy appended is the one that is counted.
    client = app_factory(PROXY_COUNT=1, RENDER_LIMIT_PER_IP="1 per minute").test_client()
    first = {"X-Forwarded-For": "198.51.100.1, 192.0.2.10"}
    assert client.post("/api/v1/render", json={"markdown": "x"}, headers=first).status_code == 200
    spoofed = {"X-Forwarded-For": "198.51.100.2, 192.0.2.10"}  # a forged first entry changes nothing
    assert client.post("/api/v1/render", json={"markdown": "x"}, headers=spoofed).status_code == 429
