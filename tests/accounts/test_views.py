"""Registration, login, logout, profile and password, as a person sees them."""
from __future__ import annotations

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role

PASSWORD = "motdepasse-solide"  # the conftest default for make_user


def register(client, **fields):  # type: ignore[no-untyped-def]
    data = {"username": "claire", "email": "claire@example.org", "password": PASSWORD, "confirm": PASSWORD, "role": "customer"}
    data.update(fields)
    return client.post("/auth/register", data=data, follow_redirects=True)


def test_register_logs_in_and_greets(client) -> None:  # type: ignore[no-untyped-def]
    response = register(client, role="practitioner")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bienvenue, claire" in page
    assert "Se déconnecter" in page
    assert users.by_username("claire").role == "practitioner"


def test_register_errors_are_per_field_and_keep_what_was_typed(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("claire")
    response = register(client, username="Claire", email="autre@example.org", confirm="different-mot")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ce nom d&#39;utilisateur est déjà pris." in page or "Les deux mots de passe diffèrent." in page
    assert 'value="autre@example.org"' in page
    assert 'value="Claire"' in page


def test_register_refuses_duplicate_name_whatever_the_case(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("claire")
    response = register(client, username="CLAIRE", email="autre@example.org")
    assert response.status_code == 422
    assert "déjà pris" in response.get_data(as_text=True)


def test_register_cannot_self_grant_staff_roles(client) -> None:  # type: ignore[no-untyped-def]
    response = register(client, role="admin")
    assert response.status_code == 422
    assert users.by_username("claire") is None


def test_register_short_password(client) -> None:  # type: ignore[no-untyped-def]
    response = register(client, password="court", confirm="court")
    assert response.status_code == 422
    assert "au moins 8 caractères" in response.get_data(as_text=True)


def test_login_with_username_or_email_then_logout(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    make_user("claire")
    response = auth.login("Claire@Example.org")
    assert response.status_code == 302
    assert "Se déconnecter" in client.get("/").get_data(as_text=True)
    assert auth.logout().status_code == 302
    assert "Se connecter" in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    make_user("claire")
    response = auth.login("claire", "mauvais-mot-de-passe")
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect" in response.get_data(as_text=True)
    assert 'value="claire"' in response.get_data(as_text=True)


def test_logout_is_post_only(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/auth/logout").status_code == 405


def test_login_redirects_only_to_this_site(client, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("claire")
    data = {"login": "claire", "password": PASSWORD}
    assert client.post("/auth/login?next=/auth/profile", data=data).headers["Location"] == "/auth/profile"
    client.post("/auth/logout")
    for hostile in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = client.post("/auth/login", query_string={"next": hostile}, data=data)
        assert response.headers["Location"] == "/", hostile
        client.post("/auth/logout")


def test_deactivated_account_cannot_log_in_and_is_logged_out(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    user = make_user("claire")
    auth.login()
    users.set_active(user, False)
    assert client.get("/auth/profile").status_code == 302  # the session no longer counts
    response = auth.login()
    assert response.status_code == 401


def test_change_password(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    make_user("claire")
    auth.login()
    bad = client.post("/auth/password", data={"current_password": "faux", "new_password": "nouveau-secret", "confirm": "nouveau-secret"})
    assert bad.status_code == 422
    assert "Mot de passe actuel incorrect" in bad.get_data(as_text=True)
    ok = client.post("/auth/password", data={"current_password": PASSWORD, "new_password": "nouveau-secret", "confirm": "nouveau-secret"})
    assert ok.status_code == 302
    assert users.authenticate("claire", "nouveau-secret") is not None
    assert users.authenticate("claire", PASSWORD) is None


def test_profile_creates_shows_once_and_revokes_tokens(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    make_user("claire")
    auth.login()
    page = client.post("/auth/tokens", data={"name": "mon script"}).get_data(as_text=True)
    assert "il ne sera plus jamais affiché" in page
    token = page.split('<code class="token">')[1].split("</code>")[0]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    profile = client.get("/auth/profile").get_data(as_text=True)
    assert "mon script" in profile and token not in profile

    user = users.by_username("claire")
    assert client.post(f"/auth/tokens/{user.tokens[0].id}/revoke").status_code == 302
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_cannot_revoke_someone_elses_token(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    from cherclient_wiki.accounts.tokens import create_token

    other = make_user("paul")
    create_token(other, "paul")
    make_user("claire")
    auth.login()
    assert client.post(f"/auth/tokens/{other.tokens[0].id}/revoke").status_code == 404


def test_anonymous_visitor_is_sent_to_login_for_profile(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/auth/profile")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_practitioner_badge_in_header(client, make_user, auth) -> None:  # type: ignore[no-untyped-def]
    make_user("claire", Role.PRACTITIONER)
    auth.login()
    assert 'class="badge badge--practitioner">Professionnel<' in client.get("/").get_data(as_text=True)


def test_login_with_empty_fields_says_what_is_missing(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/auth/login", data={"login": "claire", "password": ""})
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in response.get_data(as_text=True)
