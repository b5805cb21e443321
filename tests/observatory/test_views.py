"""The observatory page and its JSON twin."""
from __future__ import annotations

from html import unescape

from flask.testing import FlaskClient

from cherclient_wiki.stories.choices import Status
from tests.observatory.storyteller import readers, tell


def test_page_shows_cross_table_charts_sample_sizes_and_reading(client: FlaskClient) -> None:
    people = readers(3)
    tell(people[0], "Alpha", satisfaction=5, ending="loyal")
    tell(people[1], "Alpha", satisfaction=1, ending="left", kind="complaint")
    tell(people[2], "Beta", satisfaction=1, ending="returned", kind="complaint", channel="phone")
    html = client.get("/observatory").get_data(as_text=True)
    assert "La satisfaction mène-t-elle à la fidélité ?" in html
    assert html.count('role="img"') == 5 and "<desc" in html
    assert "Le paradoxe de la réclamation" in html and "Par secteur" in html and "Par canal" in html
    assert "n = 2" in html  # sample size of the 1/5 row
    assert "50 %" in html.replace("\u202f", " ").replace("\xa0", " ")
    assert "3 histoires publiées" in html
    assert "/api/v1/observatory" in html


def test_json_has_the_same_data(client: FlaskClient) -> None:
    people = readers(2)
    tell(people[0], "Alpha", satisfaction=4, ending="returned")
    tell(people[1], "Alpha", satisfaction=4, ending="undecided")
    tell(people[1], "Alpha", status=Status.PENDING)
    body = client.get("/api/v1/observatory").get_json()
    assert body["total"] == 2
    assert body["by_satisfaction"]["4"] == {
        "loyal": 0, "left": 0, "returned": 1, "undecided": 1, "total": 2, "loyalty_rate": 0.5,
        "loyalty_interval": body["by_satisfaction"]["4"]["loyalty_interval"],
    }
    assert set(body["by_satisfaction"]) == {"1", "2", "3", "4", "5"}
    assert {"complaint_paradox", "by_sector", "by_channel", "by_kind", "reading"} <= set(body)


def test_empty_observatory(client: FlaskClient) -> None:
    page = client.get("/observatory")
    assert page.status_code == 200 and "l'observatoire attend vos récits" in unescape(page.get_data(as_text=True))
    assert client.get("/api/v1/observatory").get_json()["total"] == 0
