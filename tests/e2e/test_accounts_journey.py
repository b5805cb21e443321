"""First journey: register, log in, switch language, log out — what a person sees."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_register_login_switch_language_logout(live_server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Le wiki collaboratif de la relation client"

    page.get_by_role("link", name="Créer un compte").first.click()
    page.get_by_label("Nom d'utilisateur").fill("amelie")
    page.get_by_label("Adresse e-mail").fill("amelie@example.org")
    page.get_by_label("Mot de passe", exact=True).fill("un-mot-de-passe")
    page.get_by_label("Confirmez le mot de passe").fill("un-mot-de-pass")  # a typo
    page.get_by_label("Professionnel").check()
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.get_by_text("Les deux mots de passe diffèrent.").is_visible()
    assert page.get_by_label("Adresse e-mail").input_value() == "amelie@example.org"  # nothing typed is lost

    page.get_by_label("Mot de passe", exact=True).fill("un-mot-de-passe")
    page.get_by_label("Confirmez le mot de passe").fill("un-mot-de-passe")
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.get_by_text("Bienvenue, amelie ! Votre compte est créé.").is_visible()
    assert page.locator(".account-nav .badge").inner_text() == "Professionnel"

    page.get_by_role("button", name="Se déconnecter").click()
    assert page.get_by_text("Vous êtes déconnecté.").is_visible()

    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Nom d'utilisateur ou e-mail").fill("amelie")
    page.get_by_label("Mot de passe").fill("un-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_text("Vous êtes connecté.").is_visible()

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "The collaborative wiki of customer relationship"
    page.get_by_role("button", name="Log out").click()
    assert page.get_by_text("You are logged out.").is_visible()
    assert page.get_by_role("link", name="Log in").is_visible()

    page.get_by_role("button", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"


def test_site_is_usable_on_a_phone(live_server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server + "/auth/register")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "no horizontal scrolling on a phone"
    assert page.get_by_label("Nom d'utilisateur").is_visible()
    context.close()
