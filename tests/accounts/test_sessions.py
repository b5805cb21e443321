"""Sign-ins that end: a cookie copied before a logout, a password change, a deactivation or a role
change no longer opens the account, and « Rester connecté » lasts 30 days at most."""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from flask_login.utils import encode_cookie

from cherclient_wiki.accounts import sessions, users
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.accounts.tokens import create_token

PASSWORD = "motdepasse-solide"  # the conftest default for make_user


def sign_in(app: Any, name: str = "claire", remember: bool = True) -> Any:
    client = app.test_client()
    response = client.post("/auth/login", data={"login": name, "password": PASSWORD, **({"remember": "y"} if remember else {})})
    assert response.status_code == 302
    return client


def copy(app: Any, client: Any, *names: str) -> Any:
    """Another browser holding copies of `client`'s cookies (an attacker's cookie jar)."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def signed_in(client: Any) -> bool:
    response = client.get("/auth/profile")
    if response.status_code == 302:
        assert "/auth/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def jars(app: Any, client: Any) -> tuple[Any, Any]:
    """The whole jar, and the remember cookie alone (a browser whose session cookie expired)."""
    return copy(app, client, "session", "remember_token"), copy(app, client, "remember_token")


def test_copied_cookies_work_until_something_ends_the_sessions(app: Any, make_user: Any) -> None:
    make_user("claire")
    browser = sign_in(app)
    for jar in jars(app, browser):
        assert signed_in(jar)


def test_logout_ends_every_session_of_the_account(app: Any, make_user: Any) -> None:
    make_user("claire")
    browser = sign_in(app)
    other_device = sign_in(app)
    stolen = jars(app, browser)
    assert browser.post("/auth/logout").status_code == 302
    assert not any(signed_in(jar) for jar in stolen)
    assert not signed_in(other_device)  # logging out anywhere logs out everywhere
    again = sign_in(app)
    assert signed_in(again) and not any(signed_in(jar) for jar in stolen)


def test_password_change_ends_other_sessions_and_keeps_this_one(app: Any, make_user: Any) -> None:
    user = make_user("claire")
    token = create_token(user, "script")
    browser = sign_in(app)
    stolen = jars(app, browser)
    response = browser.post("/auth/password", data={"current_password": PASSWORD, "new_password": "nouveau-secret", "confirm": "nouveau-secret"})
    assert response.status_code == 302
    assert "Vos autres sessions sont fermées" in browser.get("/auth/profile").get_data(as_text=True)
    assert not any(signed_in(jar) for jar in stolen)
    assert signed_in(browser)
    assert signed_in(copy(app, browser, "remember_token"))  # « Rester connecté » carried over
    # API tokens keep working unless their revocation was asked for.
    assert browser.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_password_form_offers_to_revoke_api_tokens(app: Any, make_user: Any) -> None:
    user = make_user("claire")
    token = create_token(user, "script")
    browser = sign_in(app)
    assert "Révoquer aussi tous mes jetons d'API" in browser.get("/auth/password").get_data(as_text=True)
    browser.post("/auth/password", data={"current_password": PASSWORD, "new_password": "nouveau-secret", "confirm": "nouveau-secret", "revoke_tokens": "y"})
    assert browser.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert users.by_username("claire").tokens == [] and signed_in(browser)


def test_a_wrong_current_password_ends_nothing(app: Any, make_user: Any) -> None:
    make_user("claire")
    browser = sign_in(app)
    stolen = jars(app, browser)
    browser.post("/auth/password", data={"current_password": "faux", "new_password": "nouveau-secret", "confirm": "nouveau-secret"})
    assert all(signed_in(jar) for jar in stolen)


def _admin(app: Any) -> Any:
    return sign_in(app, "root", remember=False)


def _deactivate_by_admin(app: Any, runner: Any, target: Any) -> None:
    assert _admin(app).post(f"/admin/users/{target.id}/active", data={"active": "0"}).status_code == 302


def _deactivate_by_moderator(app: Any, runner: Any, target: Any) -> None:
    moderator = sign_in(app, "modo", remember=False)
    assert moderator.post(f"/community/users/{target.id}/active", data={"active": "0", "reason": "vandalisme"}).status_code == 302


def _deactivate_by_command(app: Any, runner: Any, target: Any) -> None:
    assert runner.invoke(args=["users", "deactivate", target.username]).exit_code == 0


def _role_by_admin(app: Any, runner: Any, target: Any) -> None:
    assert _admin(app).post(f"/admin/users/{target.id}/role", data={"role": "practitioner"}).status_code == 302


def _role_by_api(app: Any, runner: Any, target: Any) -> None:
    token = create_token(users.by_username("root"), "admin")
    response = app.test_client().put(f"/api/v1/users/{target.username}/role", json={"role": "practitioner"}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def _role_by_command(app: Any, runner: Any, target: Any) -> None:
    assert runner.invoke(args=["users", "set-role", target.username, "practitioner"]).exit_code == 0


@pytest.mark.parametrize("event", [
    _deactivate_by_admin, _deactivate_by_moderator, _deactivate_by_command, _role_by_admin, _role_by_api, _role_by_command,
])
def test_deactivation_and_role_change_end_the_sessions(app: Any, runner: Any, make_user: Any, event: Callable[..., None]) -> None:
    target = make_user("claire")
    make_user("root", Role.ADMIN)
    make_user("modo", Role.MODERATOR)
    stolen = jars(app, sign_in(app))
    event(app, runner, target)
    assert not any(signed_in(jar) for jar in stolen)
    users.set_active(target, True)  # reactivated (or never deactivated): the old cookies stay dead
    assert not any(signed_in(jar) for jar in stolen)
    assert signed_in(sign_in(app))


def test_an_administrator_changing_their_own_role_stays_signed_in(app: Any, make_user: Any) -> None:
    root = make_user("root", Role.ADMIN)
    make_user("other", Role.ADMIN)
    browser = _admin(app)
    response = browser.post(f"/admin/users/{root.id}/role", data={"role": "moderator"})
    assert response.headers["Location"] == "/"  # no longer an administrator: back to the home page
    assert signed_in(browser) and users.by_username("root").role == "moderator"


def test_remember_cookie_lasts_thirty_days_at_most(app_factory: Any) -> None:
    app = app_factory(REMEMBER_COOKIE_DURATION=365 * 24 * 3600)  # asking for more gives 30 days
    with app.app_context():
        users.create_user("claire", "claire@example.org", PASSWORD)
    response = app.test_client().post("/auth/login", data={"login": "claire", "password": PASSWORD, "remember": "y"})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert expires <= datetime.now(timezone.utc) + timedelta(days=30, minutes=1)
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)


def test_the_server_refuses_a_remember_cookie_older_than_thirty_days(app: Any, make_user: Any, monkeypatch: Any) -> None:
    make_user("claire")
    remembered = copy(app, sign_in(app), "remember_token")
    now = time.time()
    monkeypatch.setattr(sessions.time, "time", lambda: now + timedelta(days=29).total_seconds())
    assert signed_in(copy(app, remembered, "remember_token"))
    monkeypatch.setattr(sessions.time, "time", lambda: now + timedelta(days=31).total_seconds())
    assert not signed_in(copy(app, remembered, "remember_token"))


def test_the_old_id_based_remember_cookie_is_refused(app: Any, make_user: Any) -> None:
    user = make_user("claire")
    forged = app.test_client()
    forged.set_cookie("remember_token", encode_cookie(str(user.id)))  # `user_id|HMAC`, as before
    assert not signed_in(forged)
