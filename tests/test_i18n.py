"""French by default; English on request, through the browser or the switch."""
from __future__ import annotations


def test_french_by_default(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Le wiki collaboratif de la relation client" in page
    assert "Se connecter" in page


def test_english_from_accept_language(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "The collaborative wiki of customer relationship" in page
    assert "Log in" in page


def test_switch_overrides_the_browser_and_returns_to_the_page(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/language", data={"lang": "en", "next": "/auth/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    page = client.get("/auth/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Username or e-mail" in page
    client.post("/language", data={"lang": "fr"})
    assert '<html lang="fr">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_unknown_language_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/language", data={"lang": "xx"}).status_code == 400


def test_error_pages_and_api_messages_follow_the_language(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/missing", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Page not found" in page
    body = client.get("/api/v1/me", headers={"Accept-Language": "en"}).get_json()
    assert body["error"]["message"].startswith("An API token is required")


def test_built_in_form_messages_follow_the_language(client) -> None:  # type: ignore[no-untyped-def]
    data = {"username": "x" * 41, "email": "a@example.org", "password": "x" * 12, "confirm": "x" * 12}
    french = client.post("/auth/register", data=data).get_data(as_text=True)
    assert "Le champ ne peut pas contenir plus de 40 caractères." in french
    english = client.post("/auth/register", data=data, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Field cannot be longer than 40 characters." in english
    assert "Le champ ne peut pas contenir plus de 40 caractères." in client.post("/auth/register", data=data).get_data(as_text=True)
