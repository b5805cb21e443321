"""The input gate (cherclient_wiki/core/inputs.py): integers the database can hold, text XML can carry,
bounded JSON, HTML forms on web pages. tests/fuzz/ sends the same kinds of values to every route;
these are the cases an attacker reported, one by one."""
from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from cherclient_wiki.accounts import tokens
from cherclient_wiki.accounts.models import User
from cherclient_wiki.core.db import db
from cherclient_wiki.core.inputs import DB_INT_MAX, clean_text, database_int, parse_int
from cherclient_wiki.uploads.models import Upload
from cherclient_wiki.wiki import pages
from cherclient_wiki.wiki.models import Revision
from tests.fuzz.hostile import PNG

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42), (" 42 ", 42), ("-3", -3), ("+7", 7), (7, 7), (str(DB_INT_MAX), DB_INT_MAX),
        (str(DB_INT_MAX + 1), None), (HUGE, None), (10**30, None), ("9" * 5000, None),
        ("²", None), ("٣", None), ("１", None), ("1_000", None), ("1e3", None), ("0x10", None), ("", None),
        (True, None), (1.0, None), (None, None), ([1], None),
    ],
)
def test_parse_int_accepts_ascii_digits_within_the_database_range(value: Any, expected: int | None) -> None:
    assert parse_int(value) == expected


def test_parse_int_bounds_and_database_int() -> None:
    assert parse_int("0", minimum=1) is None and parse_int("51", maximum=50) is None
    assert parse_int(str(DB_INT_MAX), maximum=10**40) == DB_INT_MAX  # never wider than the database
    assert database_int("12") == 12
    with pytest.raises(ValueError):
        database_int("²")


def test_clean_text_removes_only_what_xml_forbids() -> None:
    assert clean_text("a\x00b\x01c\x0b\x1f\ud800\udfff\ufffe\uffffd") == "abcd"
    assert clean_text("tab\there\nnew\r\nline é 🙂 \x7f \u202e") == "tab\there\nnew\r\nline é 🙂 \x7f \u202e"


@pytest.fixture
def token(claire: User) -> str:
    return tokens.create_token(claire, "test")


@pytest.fixture
def page(claire: User) -> pages.Saved:
    return pages.save_revision("accueil", "Bonjour", claire, title="Accueil")


@pytest.mark.parametrize("number", [HUGE, str(DB_INT_MAX + 1), "9" * 5000, "٣", "²"])
def test_integer_path_variables_outside_the_database_range_are_404(client: Any, page: Any, token: str, number: str) -> None:
    for path in (f"/stories/{number}", f"/wiki/accueil/revisions/{number}", f"/community/users/{number}"):
        assert client.get(path).status_code == 404
    response = client.get(f"/api/v1/stories/{number}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_integer_query_and_form_values_outside_the_range(client: Any, auth: Any, page: Any, mod: User) -> None:
    assert client.get(f"/wiki/accueil/diff?from={HUGE}").status_code == 404
    assert client.get("/wiki/accueil/diff?to=²").status_code == 404
    assert client.get("/api/v1/search?page=²").status_code == 422  # like every refused API input
    assert client.get(f"/api/v1/stories?page={HUGE}").status_code == 422
    assert client.get(f"/stories/?page={HUGE}").status_code == 200  # pagination falls back to page 1
    auth.login("modo")
    assert client.post("/wiki/accueil/revert", data={"revision": HUGE}).status_code == 400
    assert client.post("/wiki/accueil/edit", data={"source": "x", "base_revision": HUGE}).status_code == 422
    assert client.post("/moderation/", data={"approve": "²"}).status_code == 422
    assert client.post("/moderation/", data={"story_ids": HUGE, "reject": "selected"}).status_code == 422


def test_integer_json_values_outside_the_range(client: Any, page: Any, token: str) -> None:
    bearer = {"Authorization": f"Bearer {token}"}
    revert = client.post("/api/v1/pages/accueil/revert", json={"revision": 10**30}, headers=bearer)
    assert revert.status_code == 422 and "revision" in revert.json["fields"]
    put = client.put("/api/v1/pages/accueil", json={"markdown": "x", "base_revision": 10**30}, headers=bearer)
    assert put.status_code == 422 and "base_revision" in put.json["fields"]
    story = client.post("/api/v1/stories", json={"photo": 10**30}, headers=bearer)
    assert story.status_code == 422 and "photo" in story.json["fields"]


@pytest.mark.parametrize("body", [b"[" * 5000 + b"]" * 5000, b'{"a":' * 5000 + b"1" + b"}" * 5000, b'{"markdown": ' + b"[" * 21 + b"]" * 21 + b"}"])
def test_deeply_nested_json_is_a_400(client: Any, body: bytes) -> None:
    response = client.post("/api/v1/render", data=body, content_type="application/json")
    assert response.status_code == 400 and response.json["error"]["code"] == "malformed_json"


def test_lone_surrogates_and_control_characters_in_json_are_removed(client: Any, page: Any, token: str, app: Flask) -> None:
    rendered = client.post("/api/v1/render", data=b'{"markdown": "a\\ud800b\\u0001c"}', content_type="application/json")
    assert rendered.status_code == 200 and "abc" in rendered.json["html"]
    saved = client.put(
        "/api/v1/pages/accueil", data=b'{"markdown": "Bonjour \\udfff!", "summary": "mise \\u0008a jour"}',
        content_type="application/json", headers={"Authorization": f"Bearer {token}"},
    )
    assert saved.status_code == 200 and saved.json["markdown"] == "Bonjour !"
    assert pages.current_revision(pages.by_slug("accueil")).summary == "mise a jour"  # type: ignore[arg-type,union-attr]


def test_control_characters_in_forms_and_upload_names_are_removed(client: Any, auth: Any, page: Any) -> None:
    auth.login()
    client.post("/wiki/accueil/edit", data={"source": "Bonjour\x0b !", "summary": "relu\x01", "base_revision": "1", "save": "1"})
    revision = pages.current_revision(pages.by_slug("accueil"))  # type: ignore[arg-type]
    assert revision is not None and (revision.source, revision.summary) == ("Bonjour !", "relu")
    response = client.post("/uploads/", data={"image": (io.BytesIO(PNG), "vacances\x01\x1b.png")})
    assert response.status_code == 201
    assert db.session.scalars(select(Upload.original_name)).all() == ["vacances.png"]
    assert client.get("/wiki/_recent.atom").status_code == 200


def test_a_path_holding_a_control_character_names_nothing(client: Any, page: Any, token: str) -> None:
    assert client.get("/wiki/accueil%01").status_code == 404  # rather than a redirect to /wiki/accueil
    assert client.get("/brands/saab%00").status_code == 404  # PostgreSQL refuses a NUL even in a lookup
    assert client.get("/api/v1/brands/saab%00", headers={"Authorization": f"Bearer {token}"}).status_code == 404


def test_web_pages_take_forms_not_json(client: Any, auth: Any, page: Any) -> None:
    auth.login()
    response = client.post("/wiki/accueil/edit", data=json.dumps({"source": 5, "base_revision": [1]}), content_type="application/json")
    assert response.status_code == 415
    assert "Format non pris en charge" in response.get_data(as_text=True)
    assert pages.by_slug("accueil").latest_number == 1  # type: ignore[union-attr]


def test_feeds_survive_rows_stored_before_input_was_cleaned(client: Any, page: Any) -> None:
    revision = db.session.scalars(select(Revision)).one()
    revision.summary = "résumé\x01 ancien\x0c"
    revision.title = "Accueil\x08"  # PostgreSQL stores every control character but NUL
    db.session.commit()
    for path in ("/wiki/_recent.atom", "/wiki/accueil/history.atom"):
        response = client.get(path)
        assert response.status_code == 200
        assert "résumé ancien" in response.get_data(as_text=True)
