"""Second journey: write a page with the live preview, follow its red link, create that page and
see the first page's link turn blue — what a contributor sees in a real browser."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def register(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/auth/register")
    page.get_by_label("Nom d'utilisateur").fill(name)
    page.get_by_label("Adresse e-mail").fill(f"{name}@example.org")
    page.get_by_label("Mot de passe", exact=True).fill("un-mot-de-passe")
    page.get_by_label("Confirmez le mot de passe").fill("un-mot-de-passe")
    page.get_by_role("button", name="Créer mon compte").click()


def test_write_a_page_with_live_preview_then_fill_its_red_link(live_server: str, page) -> None:  # type: ignore[no-untyped-def]
    register(page, live_server, "bruno")
    page.goto(live_server + "/wiki/")
    page.get_by_label("Créer une page").fill("Écoute active")
    page.get_by_role("button", name="Créer", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Créer « Écoute active »"

    page.get_by_label("Texte de la page (Markdown)").fill("Reformuler **avant** de répondre.\n\nVoir [[Reformuler]].")
    preview = page.locator("#live-preview")
    preview.locator("strong").wait_for()  # the live preview (JavaScript) rendered it, nothing saved yet
    assert preview.locator("strong").inner_text() == "avant"
    page.get_by_label("Résumé de la modification").fill("première version")
    page.get_by_role("button", name="Enregistrer").click()

    assert page.get_by_text("La page est créée. Merci !").is_visible()
    assert page.url.endswith("/wiki/ecoute-active")
    red = page.locator(".wiki-content a.wikilink", has_text="Reformuler")
    assert red.get_attribute("class") == "wikilink new"

    red.click()
    assert page.get_by_text("Cette page n'existe pas encore.").is_visible()
    page.get_by_role("link", name="Créer la page « Reformuler »").click()
    page.get_by_label("Texte de la page (Markdown)").fill("Redire avec ses mots ce que le client a dit.")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Reformuler"

    page.goto(live_server + "/wiki/ecoute-active")
    assert page.locator(".wiki-content a.wikilink", has_text="Reformuler").get_attribute("class") == "wikilink"
    page.get_by_role("link", name="Historique", exact=True).click()
    assert page.get_by_text("première version").is_visible()
