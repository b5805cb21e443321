"""Bearer tokens and the API's JSON errors, as a script author meets them."""
from __future__ import annotations

import json

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.accounts.tokens import create_token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_good_token(client, make_user) -> None:  # type: ignore[no-untyped-def]
    token = create_token(make_user("claire"), "test")
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 200
    assert response.get_json() == {
        "username": "claire", "role": "customer", "active": True, "verified": False, "email": "claire@example.org"
    }


def test_missing_bad_and_malformed_tokens_get_401_json(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("claire")
    for headers in ({}, bearer("cc_not-a-real-token"), {"Authorization": "Basic Y2xhaXJlOng="}, {"Authorization": "Bearer "}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401, headers
        error = response.get_json()["error"]
        assert error["code"] in {"unauthorized", "invalid_token"} and error["message"]


def test_deactivated_account_token_is_refused(client, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("claire")
    token = create_token(user, "test")
    users.set_active(user, False)
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_session_cookie_does_not_authenticate_the_api(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    make_user("claire")
    auth.login()
    assert client.get("/api/v1/me").status_code == 401


def test_role_is_checked(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("paul")
    token = create_token(make_user("claire", Role.MODERATOR), "test")
    response = client.put("/api/v1/users/paul/role", json={"role": "admin"}, headers=bearer(token))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert users.by_username("paul").role == "customer"


def test_admin_sets_a_role_and_gets_validation_errors(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("paul")
    token = create_token(make_user("root", Role.ADMIN), "test")
    ok = client.put("/api/v1/users/paul/role", json={"role": "practitioner"}, headers=bearer(token))
    assert ok.status_code == 200 and ok.get_json()["role"] == "practitioner"
    invalid = client.put("/api/v1/users/paul/role", json={"role": "emperor"}, headers=bearer(token))
    assert invalid.status_code == 422
    body = invalid.get_json()
    assert body["error"]["code"] == "validation_error" and "role" in body["fields"]
    missing = client.put("/api/v1/users/nobody/role", json={"role": "admin"}, headers=bearer(token))
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_malformed_json_gets_400_json(client, make_user) -> None:  # type: ignore[no-untyped-def]
    token = create_token(make_user("root", Role.ADMIN), "test")
    for body in ('{"role": ', "[1, 2]", "\xff\xfe"):
        response = client.put(
            "/api/v1/users/root/role", data=body, headers={**bearer(token), "Content-Type": "application/json"}
        )
        assert response.status_code == 400, body
        assert response.get_json()["error"]["code"] == "malformed_json"


def test_oversize_body_gets_413_json(app_factory, make_user) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(MAX_CONTENT_LENGTH=1024)
    with app.app_context():
        token = create_token(users.create_user("root", "root@example.org", "x" * 12, Role.ADMIN), "t")
    response = app.test_client().put(
        "/api/v1/users/root/role", data=json.dumps({"role": "admin", "pad": "x" * 4096}),
        headers={**bearer(token), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["message"] == "Le contenu envoyé dépasse la taille autorisée."


def test_unknown_api_route_and_wrong_method_are_json(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.is_json
    response = client.patch("/api/v1/me")
    assert response.status_code == 405 and response.is_json and "GET" in response.headers["Allow"]


def test_api_needs_no_csrf_token(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        token = create_token(users.create_user("root", "root@example.org", "x" * 12, Role.ADMIN), "t")
    response = app.test_client().put("/api/v1/users/root/role", json={"role": "admin"}, headers=bearer(token))
    assert response.status_code == 200


def test_the_last_administrator_cannot_demote_themselves(client, make_user) -> None:  # type: ignore[no-untyped-def]
    token = create_token(make_user("root", Role.ADMIN), "test")
    response = client.put("/api/v1/users/root/role", json={"role": "customer"}, headers=bearer(token))
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "last_admin" and "dernier administrateur actif" in error["message"]
    assert users.by_username("root").role == "admin"
    make_user("heir", Role.ADMIN)
    assert client.put("/api/v1/users/root/role", json={"role": "customer"}, headers=bearer(token)).status_code == 200
