"""In a real browser: the header search box suggests titles as one types, and the keyboard picks one."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from cherclient_wiki.wiki import pages
from tests.e2e.conftest import browser, page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(app_factory: Any) -> Iterator[str]:
    app = app_factory(SERVER_NAME=None, WTF_CSRF_ENABLED=True)
    with app.app_context():
        pages.save_revision("satisfaction-et-fidelite", "La satisfaction ne suffit pas.", None, title="Satisfaction et fidélité")
        pages.save_revision("accueil", "Bienvenue.", None, title="Accueil")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_autocomplete_suggests_and_the_keyboard_opens_a_title(site: str, page: Any) -> None:  # noqa: F811
    page.goto(site + "/")
    page.fill("#site-search", "fidél")
    suggestion = page.locator("#site-search-suggestions a")
    suggestion.first.wait_for()
    assert suggestion.all_inner_texts() == ["Satisfaction et fidélité"]
    page.press("#site-search", "ArrowDown")
    page.press("#site-search", "Enter")
    page.wait_for_url(site + "/wiki/satisfaction-et-fidelite")


def test_the_search_box_submits_to_the_results_page(site: str, page: Any) -> None:  # noqa: F811
    page.goto(site + "/wiki/accueil")
    page.fill("#site-search", "satisfaction")
    page.click(".search-box button[type=submit]")
    page.wait_for_url("**/search?q=satisfaction")
    assert page.locator(".search-result h3 a").all_inner_texts() == ["Satisfaction et fidélité"]
