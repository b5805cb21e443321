"""In a real browser: the header search box suggests titles as one types, and the keyboard picks one."""
from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from cherclient_wiki.wiki import pages

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(app: Flask, live_server: str) -> str:
    """The live server shares the database: it indexes these pages from the outbox."""
    pages.save_revision("satisfaction-et-fidelite", "La satisfaction ne suffit pas.", None, title="Satisfaction et fidélité")
    pages.save_revision("accueil", "Bienvenue.", None, title="Accueil")
    return live_server


def test_autocomplete_suggests_and_the_keyboard_opens_a_title(site: str, page: Any) -> None:
    page.goto(site + "/")
    page.fill("#site-search", "fidél")
    suggestion = page.locator("#site-search-suggestions a")
    suggestion.first.wait_for()
    assert suggestion.all_inner_texts() == ["Satisfaction et fidélité"]
    page.press("#site-search", "ArrowDown")
    page.press("#site-search", "Enter")
    page.wait_for_url(site + "/wiki/satisfaction-et-fidelite")


def test_the_search_box_submits_to_the_results_page(site: str, page: Any) -> None:
    page.goto(site + "/wiki/accueil")
    page.fill("#site-search", "satisfaction")
    page.click(".search-box button[type=submit]")
    page.wait_for_url("**/search?q=satisfaction")
    assert page.locator(".search-result h3 a").all_inner_texts() == ["Satisfaction et fidélité"]
