"""Only administrators grant roles and ban accounts."""
from __future__ import annotations

import pytest

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.core.errors import InputError


def test_role_change_is_admin_only(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    target = make_user("paul")
    make_user("claire", Role.MODERATOR)
    auth.login("claire")
    assert client.get("/admin/users").status_code == 403
    assert client.post(f"/admin/users/{target.id}/role", data={"role": "admin"}).status_code == 403
    assert users.by_username("paul").role == "customer"


def test_admin_grants_a_role_and_deactivates(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    target = make_user("paul")
    make_user("root", Role.ADMIN)
    auth.login("root")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "paul@example.org" in page
    response = client.post(f"/admin/users/{target.id}/role", data={"role": "moderator"}, follow_redirects=True)
    assert "Rôle de paul : Modérateur." in response.get_data(as_text=True)
    assert users.by_username("paul").role == "moderator"
    client.post(f"/admin/users/{target.id}/active", data={"active": "0"})
    assert users.by_username("paul").active is False


def test_admin_cannot_deactivate_themselves(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    admin = make_user("root", Role.ADMIN)
    auth.login("root")
    assert client.post(f"/admin/users/{admin.id}/active", data={"active": "0"}).status_code == 400


def test_anonymous_is_sent_to_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_last_administrator_cannot_demote_themselves(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    admin = make_user("root", Role.ADMIN)
    auth.login("root")
    response = client.post(f"/admin/users/{admin.id}/role", data={"role": "moderator"}, follow_redirects=True)
    assert "root est le dernier administrateur actif : nommez d&#39;abord un autre administrateur." in response.get_data(as_text=True)
    assert users.by_username("root").role == "admin"
    assert client.get("/admin/users").status_code == 200  # still signed in, still an administrator


def test_an_administrator_hands_over_then_steps_down(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    admin = make_user("root", Role.ADMIN)
    heir = make_user("heir")
    auth.login("root")
    client.post(f"/admin/users/{heir.id}/role", data={"role": "admin"})
    client.post(f"/admin/users/{admin.id}/role", data={"role": "moderator"})
    assert users.by_username("root").role == "moderator"
    # An inactive administrator does not count: the heir is now the last one.
    assert client.get("/admin/users").status_code == 403
    users.set_active(users.by_username("root"), False)
    with pytest.raises(InputError, match="dernier administrateur actif"):
        users.set_active(users.by_username("heir"), False)
