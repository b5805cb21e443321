"""Links that keep the visitor's query string (cherclient_wiki/core/query_urls.py), and the pages that
draw them: url_for's own keyword names in a query string are ordinary parameters there."""
from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from cherclient_wiki.core.db import db
from cherclient_wiki.core.query_urls import url_with_query
from cherclient_wiki.stories import writing
from cherclient_wiki.stories.choices import Status
from cherclient_wiki.wiki import pages
from tests.stories.conftest import story_data

URL_FOR_NAMES = "endpoint=x&_method=POST&_external=0&_scheme=https&_anchor=a"


def test_the_visitors_parameters_keep_their_order_and_ours_replace_theirs_in_place(app: Flask) -> None:
    query = MultiDict([("q", "réclamation"), ("type", "page"), ("type", "story"), ("page", "3"), ("tri", "date")])
    with app.test_request_context():
        assert url_with_query("search.index", query, type="brand", page=None) == "/search?q=r%C3%A9clamation&type=brand&tri=date"
        assert url_with_query("search.index", query, marque="saab") == (
            "/search?q=r%C3%A9clamation&type=page&type=story&page=3&tri=date&marque=saab"
        )
        assert url_with_query("search.index", {}) == "/search"


def test_url_for_keywords_in_the_query_are_plain_parameters(app: Flask) -> None:
    query = MultiDict([("endpoint", "x"), ("_method", "POST"), ("_external", "0"), ("_scheme", "https"), ("slug", "autre")])
    with app.test_request_context():
        url = url_with_query("wiki.history", query, slug="accueil", _external=True)
    assert url == "http://localhost/wiki/accueil/history?endpoint=x&_method=POST&_external=0&_scheme=https"


@pytest.fixture
def stories(app: Flask, claire: Any) -> None:
    """Two pages of published stories (the detector would hold a series), so that the list draws
    its pagination links."""
    for n in range(21):
        writing.create_story(claire, story_data(title=f"Un rappel le lundi, épisode {n}")).status = Status.PUBLISHED.value
    db.session.commit()


@pytest.mark.parametrize("path", ["/stories/", "/wiki/_recent", "/wiki/_recent.atom", "/search?q=rappel", "/leaderboard", "/wiki/Accueil"])
def test_pages_keep_url_for_keywords_as_parameters(client: Any, claire: Any, stories: None, path: str) -> None:
    pages.save_revision("accueil", "Bonjour", claire, title="Accueil")
    response = client.get(f"{path}{'&' if '?' in path else '?'}{URL_FOR_NAMES}")
    assert response.status_code in (200, 301)
    if response.status_code == 301:  # to the canonical address, query string kept
        assert response.headers["Location"] == f"/wiki/accueil?{URL_FOR_NAMES}"
    if path == "/stories/":
        assert f"/stories/?{URL_FOR_NAMES.replace('&', '&amp;')}&amp;page=2" in response.get_data(as_text=True)
