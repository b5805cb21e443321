"""Only administrators grant roles and ban accounts."""
from __future__ import annotations

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role


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
