"""The privacy page, in French and English, linked from every page; and no page of any type loads
anything from another host (scripts, styles, fonts, images, frames)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from flask.testing import FlaskClient

from tests.conftest import PASSWORD
from tests.people.conftest import NAME, Footprint

# Attributes that make a browser fetch something by itself (links a reader follows do not).
FETCHED = {("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("frame", "src"), ("embed", "src"),
           ("object", "data"), ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"),
           ("audio", "src"), ("track", "src"), ("input", "src"), ("link", "href")}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and (values.get("rel") or "") in ("alternate", "canonical", "next", "prev", "license", "author"):
            return  # a link a reader may follow, not something the page loads
        for name, value in attrs:
            if (tag, name) in FETCHED and value:
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            if name == "style" and value:
                self.urls += CSS_URL.findall(value)
        self.in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.urls += CSS_URL.findall(data)


def foreign(html: str) -> list[str]:
    parser = Resources()
    parser.feed(html)
    return [url for url in parser.urls if urlsplit(url).netloc not in ("", "localhost") or url.startswith("//")]


def test_the_privacy_page_speaks_both_languages_and_every_page_links_to_it(client: FlaskClient) -> None:
    french = client.get("/confidentialite").get_data(as_text=True)
    assert "Ce que nous gardons" in french and "30 jours" in french and "Rester connecté" in french
    assert 'href="/confidentialite"' in client.get("/").get_data(as_text=True)
    client.post("/language", data={"lang": "en", "next": "/confidentialite"})
    english = client.get("/confidentialite").get_data(as_text=True)
    assert "What we keep" in english and "30 days" in english and "Ce que nous gardons" not in english


def test_no_page_loads_anything_from_another_host(app: Any, client: FlaskClient, footprint: Footprint) -> None:
    """Every page type, as a visitor, as the author and as a moderator."""
    mine, other = footprint.story_id, footprint.other_story_id
    public = ["/", "/confidentialite", "/wiki/", "/wiki/accueil-client", "/wiki/accueil-client/history",
              "/wiki/accueil-client/diff?from=1&to=2", "/wiki/accueil-client/revisions/1", "/wiki/accueil-client/backlinks",
              "/wiki/_all", "/wiki/_orphans", "/wiki/_wanted", "/wiki/_categories", "/wiki/_recent", "/wiki/nouvelle-page",
              "/stories/", f"/stories/{other}", f"/stories/{mine}", f"/stories/{mine}/history", "/leaderboard",
              "/leaderboard/about", "/brands/saab", "/observatory", "/search?q=accueil", "/search?q=", f"/users/{NAME}",
              "/users/paul_autre", "/api/docs", "/une-adresse-qui-n-existe-pas"]
    signed_in = ["/auth/profile", "/auth/password", "/me/erase", "/stories/new", "/stories/mine", f"/stories/{mine}/edit",
                 "/wiki/accueil-client/edit", "/wiki/accueil-client/rename", "/uploads/", f"/community/story/{other}/report"]
    moderator = ["/moderation/", "/community/reports", f"/community/users/{footprint.user_id}", "/community/practitioners",
                 "/wiki/_recent?kind=upload"]
    visitor = app.test_client()
    checked = 0
    for reader, urls in ((visitor, [*public, "/auth/login", "/auth/register"]), (client, public + signed_in)):
        for url in urls:
            response = reader.get(url)
            assert response.status_code in (200, 404), (url, response.status_code)
            assert foreign(response.get_data(as_text=True)) == [], url
            checked += 1
    modo = app.test_client()
    modo.post("/auth/login", data={"login": "modo_garde", "password": PASSWORD})
    for url in moderator:
        response = modo.get(url)
        assert response.status_code == 200, url
        assert foreign(response.get_data(as_text=True)) == [], url
        checked += 1
    assert checked > 60
    # The detector of foreign resources does see them.
    assert foreign('<img src="https://cdn.example.com/x.png"><link rel="stylesheet" href="//fonts.example.com/a.css">'
                   '<div style="background: url(https://t.example.com/p.gif)"></div><a href="https://example.com">x</a>') == [
        "https://cdn.example.com/x.png", "//fonts.example.com/a.css", "https://t.example.com/p.gif"]
