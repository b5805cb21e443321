"""In a real browser, with CSRF on: an author posts a disguised ad through the form and is told
why it waits; a moderator finds it at the top of the queue and rejects it with a reason."""
from __future__ import annotations

from typing import Any

import pytest

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.roles import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.moderation.conftest import AD

pytestmark = pytest.mark.e2e


def test_an_ad_waits_with_its_reasons_and_a_moderator_rejects_it(app_factory: Any, live_server: str, page: Any) -> None:
    with app_factory().app_context():  # same database as the live server
        users.create_user("vendeur", "vendeur@example.org", PASSWORD, Role.CUSTOMER)
        users.create_user("modo", "modo@example.org", PASSWORD, Role.MODERATOR)

    log_in(page, live_server, "vendeur")
    page.goto(live_server + "/stories/new")
    page.get_by_label("Titre de votre histoire").fill(AD["title"])
    page.get_by_label("Votre histoire (Markdown)").fill(AD["body"])
    page.get_by_label("Marque(s) concernée(s)").fill("Kliméa")
    page.get_by_label("Histoire d'amour").check()
    page.locator("input[name=satisfaction][value='5']").check()
    page.get_by_label("Toujours fidèle").check()
    page.get_by_role("button", name="Publier mon histoire").click()
    assert page.get_by_text("attend la relecture d'un modérateur").first.is_visible()
    assert page.get_by_text("Code promo ou parrainage").is_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    log_in(page, live_server, "modo")
    page.get_by_role("link", name="Modération").click()
    assert page.get_by_role("heading", level=1).inner_text() == "File de modération"
    page.get_by_label(f"Choisir « {AD['title']} »").check()
    page.get_by_label("Motif en cas de refus").select_option(label="publicité déguisée")
    page.get_by_role("button", name="Refuser la sélection").click()
    assert page.get_by_text("1 histoire refusée (publicité déguisée).").is_visible()
    assert page.get_by_text("Aucune histoire en attente : la file est vide.").is_visible()
