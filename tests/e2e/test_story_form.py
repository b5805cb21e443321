"""In a real browser: the brand field of a new story proposes known brands for every name typed,
not only the first one (a <datalist> completes a field's whole value)."""
from __future__ import annotations

from typing import Any

import pytest

from cherclient_wiki.accounts import users
from cherclient_wiki.brands.names import get_or_create_brand
from cherclient_wiki.core.db import db
from cherclient_wiki.core.markup import render
from cherclient_wiki.stories.models import Story, StoryBrand
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

BODY = "Commande passée le lundi, livrée le mardi, et un appel du livreur pour convenir de l'heure."


def suggestions(page: Any) -> list[str]:
    return page.locator("#brand-names option").evaluate_all("options => options.map(option => option.value)")  # type: ignore[no-any-return]


def test_the_brand_field_completes_the_name_being_typed(app_factory: Any, live_server: str, page: Any) -> None:
    with app_factory().app_context():  # same database as the live server
        helene = users.create_user("helene", "helene@example.org", PASSWORD)
        for name in ("Coolblue", "Saab", "La Poste"):
            story = Story(author_id=helene.id, title=f"Avec {name}", body=BODY, html=render(BODY), kind="love",
                          satisfaction=5, ending="loyal", status="published", ad_reasons=[])
            story.brand_links = [StoryBrand(brand=get_or_create_brand(name), position=0)]
            db.session.add(story)
        db.session.commit()

    log_in(page, live_server, "helene")
    page.goto(live_server + "/stories/new")
    brands = page.get_by_label("Marque(s) concernée(s)")
    assert suggestions(page) == ["Coolblue", "La Poste", "Saab"]
    brands.fill("Saab, Co")
    assert suggestions(page) == ["Saab, Coolblue", "Saab, La Poste"]  # Saab is listed already
    brands.fill("saab; la poste,")
    assert suggestions(page) == ["saab; la poste, Coolblue"]
