"""In a real browser, with CSRF on: a customer proposes a suggestion with a photo attached in the
form, another supports it, the brand's representative answers, and the author finds the answer
in their notifications (the unread count in the header leads there)."""
from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.brands.models import BrandRepresentative
from cherclient_wiki.brands.names import get_or_create_brand
from cherclient_wiki.core.db import db
from cherclient_wiki.core.markup import render
from cherclient_wiki.stories.models import Story, StoryBrand
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

BODY = ("Je voudrais pouvoir envoyer une photo datée de mon compteur au lieu d'attendre le releveur un jour de "
        "semaine : cela m'éviterait de poser un jour de congé chaque année.")


def photo() -> dict[str, Any]:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(out, format="PNG")
    return {"name": "compteur.png", "mimeType": "image/png", "buffer": out.getvalue()}


def test_propose_support_answer_and_be_told(app_factory: Any, live_server: str, page: Any) -> None:
    with app_factory().app_context():  # same database as the live server
        helene = users.create_user("helene", "helene@example.org", PASSWORD, Role.CUSTOMER)
        users.create_user("bernard", "bernard@example.org", PASSWORD, Role.CUSTOMER)
        agent = users.create_user("agent-eau", "agent@example.org", PASSWORD, Role.CUSTOMER)
        story = Story(author_id=helene.id, title="Le releveur", body=BODY, html=render(BODY), kind="complaint",
                      satisfaction=2, ending="loyal", status="published", ad_reasons=[])
        brand = get_or_create_brand("Lyonnaise des Eaux")
        story.brand_links = [StoryBrand(brand=brand, position=0)]
        db.session.add(story)
        db.session.flush()
        db.session.add(BrandRepresentative(user_id=agent.id, brand_id=brand.id))
        db.session.commit()

    log_in(page, live_server, "helene")
    page.goto(live_server + "/suggestions/new")
    page.get_by_label("Marque").fill("Lyonnaise des Eaux")
    page.get_by_label("Votre suggestion en une phrase").fill("Relever le compteur avec une photo datée")
    page.get_by_label("Expliquez-la (Markdown)").fill(BODY)
    page.get_by_label("Photo (facultatif").set_input_files(photo())
    page.get_by_role("button", name="Publier ma suggestion").click()
    expect(page.get_by_text("Votre suggestion est publiée")).to_be_visible()
    expect(page.locator("figure.story-photo img")).to_be_visible()
    suggestion_url = page.url
    page.get_by_role("button", name="Se déconnecter").click()

    log_in(page, live_server, "bernard")
    page.goto(suggestion_url)
    page.get_by_role("button", name="Je soutiens cette suggestion").click()
    expect(page.get_by_text("1 personne soutient cette suggestion.")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    log_in(page, live_server, "agent-eau")
    page.goto(suggestion_url)
    page.get_by_label("Acceptée").check()
    page.get_by_label("Message public de la marque").fill("Accepté : votre photo datée vaudra relevé réel.")
    page.get_by_role("button", name="Publier la réponse").click()
    expect(page.get_by_text("Statut mis à jour")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    log_in(page, live_server, "helene")
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_text("La suggestion « Relever le compteur avec une photo datée » est désormais acceptée.")).to_be_visible()
    expect(page.get_by_text("Accepté : votre photo datée vaudra relevé réel.")).to_be_visible()
    page.get_by_role("button", name="Voir").first.click()
    assert page.url == suggestion_url + "#" or page.url.startswith(suggestion_url)
    expect(page.get_by_text("représentant de Lyonnaise des Eaux")).to_be_visible()
