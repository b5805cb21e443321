"""The brand page, the leaderboard page, its explanation, and their API routes, through HTTP."""
from __future__ import annotations

from datetime import date
from html import unescape
from typing import Any

import pytest
from flask.testing import FlaskClient

from cherclient_wiki.brands.models import BrandRedirect
from cherclient_wiki.core.db import db
from cherclient_wiki.stories.choices import Status
from tests.observatory.storyteller import brand, declare_representative, reader, readers, tell


def test_brand_page_shows_stories_figures_and_accessible_charts(client: FlaskClient) -> None:
    a, b, c = readers(3)
    tell(a, "Alpha Électroménager", kind="love", ending="loyal", year=2018)
    tell(b, "Alpha Électroménager", kind="complaint", satisfaction=2, ending="returned", year=2019)
    tell(c, "Alpha Électroménager", kind="complaint", satisfaction=1, ending="left", year=2019)
    hidden = tell(a, "Alpha Électroménager", status=Status.PENDING)

    page = client.get("/brands/alpha-electromenager")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<h1>Alpha Électroménager</h1>" in html
    assert "Mon histoire n° " in html and hidden.title not in html
    assert "Histoires publiées</dt><dd>3</dd>" in html
    assert "67" in html  # loyalty 2/3
    assert html.count('role="img"') == 3 and "<title id=\"chart-endings-title\">" in html and "<desc" in html
    assert "<caption" in html  # the charts' text alternative
    assert "<script" not in html.split("<main")[1]


def test_old_slug_redirects_permanently_and_unknown_is_404(client: FlaskClient) -> None:
    tell(reader("claire"), "Saab")
    db.session.add(BrandRedirect(slug="saab-automobile", brand_id=brand("Saab").id))
    db.session.commit()
    response = client.get("/brands/saab-automobile?slug=x&page=2")
    assert response.status_code == 301 and response.headers["Location"].endswith("/brands/saab?page=2")
    assert client.get("/brands/inconnue").status_code == 404


def test_representative_stories_are_shown_but_marked_and_not_counted(client: FlaskClient) -> None:
    insider = reader("commercial")
    tell(insider, "Alpha")
    declare_representative(insider, "Alpha")
    html = client.get("/brands/alpha").get_data(as_text=True)
    assert "représentant de la marque : non comptée" in html
    assert "Aucune histoire publiée ne compte encore" in html


def test_leaderboard_lists_every_brand_and_marks_small_ones_unranked(client: FlaskClient) -> None:
    for author in readers(3):
        tell(author, "Alpha")
    tell(reader("solo"), "Solo")
    tell(reader("cache"), "Cachée", status=Status.PENDING)
    html = client.get("/leaderboard").get_data(as_text=True)
    assert html.index("Alpha") < html.index("Solo")
    assert "non classée" in html and "Cachée" not in html
    assert "À propos du classement" in html


def test_leaderboard_filters_and_their_errors(client: FlaskClient) -> None:
    for author in readers(3):
        tell(author, "Alpha", kind="complaint")
        tell(author, "Beta", kind="love")
    html = client.get("/leaderboard?kind=complaint").get_data(as_text=True)
    assert "/brands/alpha" in html and "/brands/beta" not in html
    bad = client.get("/leaderboard?kind=pub&since=hier")
    text = unescape(bad.get_data(as_text=True))
    assert bad.status_code == 422
    this_year = date.today().year  # the one rule for years, as when telling a story
    assert "Type d'histoire inconnu." in text and f"Indiquez une année entre 1950 et {this_year}, ou laissez vide." in text
    assert 'value="hier"' in text  # what was typed stays


def test_about_page_explains_the_method(client: FlaskClient) -> None:
    html = client.get("/leaderboard/about").get_data(as_text=True)
    assert "À propos du classement" in html and "1/n" in html and "non classée" in html
    assert "<td class=\"num\">100</td>" in html  # 5/5 and still loyal
    assert "5/5 donne 50" in html and "pas encore décidé 25" in html and "95 % de confiance" in html


def test_about_page_quotes_the_rule_it_explains(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sentences' numbers come from the rule: weigh satisfaction more and the page says so."""
    from cherclient_wiki.leaderboard import ranking

    monkeypatch.setattr(ranking, "SATISFACTION_SHARE", 0.7)
    monkeypatch.setattr(ranking, "LOWER_BOUND_Z", 2.326)
    html = client.get("/leaderboard/about").get_data(as_text=True)
    assert "5/5 donne 70" in html and "pas encore décidé 15" in html and "99 % de confiance" in html
    assert "<td class=\"num\">85</td>" in html  # 5/5 and undecided: 70 + 15


def test_api_leaderboard(client: FlaskClient) -> None:
    for author in readers(3):
        tell(author, "Alpha", channel="phone")
    tell(reader("solo"), "Solo", channel="web")
    body = client.get("/api/v1/leaderboard").get_json()
    assert [(b["slug"], b["rank"]) for b in body["brands"]] == [("alpha", 1), ("solo", None)]
    assert set(body["brands"][0]) == {"rank", "brand", "slug", "score", "stories", "authors", "loyalty_rate", "avg_satisfaction"}
    assert body["brands"][0]["authors"] == 3 and body["method"]["min_authors"] == 3
    assert [b["slug"] for b in client.get("/api/v1/leaderboard?channel=web").get_json()["brands"]] == ["solo"]


def test_api_leaderboard_rejects_bad_filters_with_field_errors(client: FlaskClient) -> None:
    response = client.get("/api/v1/leaderboard?kind=x&sector=lune&channel=pigeon&since=²")
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    assert set(fields) == {"kind", "sector", "channel", "since"}
    assert fields["sector"] == "Secteur inconnu."
    assert set(client.get("/api/v1/leaderboard?since=20000").get_json()["fields"]) == {"since"}


def test_api_brand_with_statistics(client: FlaskClient) -> None:
    for author in readers(3):
        tell(author, "Alpha", kind="complaint", ending="returned", satisfaction=3)
    body = client.get("/api/v1/brands/alpha").get_json()
    assert body["brand"] == "Alpha" and body["rank"] == 1
    stats = body["statistics"]
    assert stats["stories"] == 3 and stats["complaint_recovery_rate"] == 1.0 and stats["avg_satisfaction"] == 3.0
    assert client.get("/api/v1/brands/inconnue").status_code == 404


def test_moderators_get_the_brand_admin_link_when_it_exists(app: Any, client: FlaskClient, make_user: Any, auth: Any) -> None:
    from cherclient_wiki.accounts.roles import Role

    tell(reader("claire2"), "Alpha")
    make_user("modo", Role.MODERATOR)
    auth.login("modo")
    html = client.get("/brands/alpha").get_data(as_text=True)
    assert ("Gérer cette marque" in html) == ("brand_admin.manage" in app.view_functions)


def test_brand_page_paginates_its_stories(client: FlaskClient) -> None:
    author = reader("bavard")
    for _ in range(21):
        tell(author, "Alpha")
    first = client.get("/brands/alpha").get_data(as_text=True)
    assert first.count('class="story-card"') == 20 and "/brands/alpha?page=2" in first
    assert client.get("/brands/alpha?page=2").get_data(as_text=True).count('class="story-card"') == 1
