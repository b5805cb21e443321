"""The API's contract: every /api/v1 route is described (from the same schemas that validate it),
the document is valid OpenAPI 3.1, the readable reference is served from our own origin, and every
refused input answers one way: 422 with a French message per field."""
from __future__ import annotations

import re
from typing import Any

from flask import Flask
from openapi_spec_validator import validate

from cherclient_wiki.accounts.tokens import create_token
from cherclient_wiki.core import openapi
from cherclient_wiki.stories import writing
from tests.stories.conftest import story_data


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_document_is_valid_openapi_and_covers_every_route(client: Any, app: Flask) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    described = {(path, method.upper()) for path, methods in document["paths"].items() for method in methods}
    routes = {(re.sub(r"<(?:int:)?(\w+)>", r"{\1}", rule.rule), method) for rule, method, _spec in openapi.api_operations(app)}
    assert routes == described
    assert len(described) >= 27
    story = document["paths"]["/api/v1/stories"]["post"]
    assert story["security"] == [{"bearer": []}]
    assert {"201", "400", "401", "422", "429"} <= set(story["responses"])
    assert document["components"]["schemas"]["StoryInput"]["properties"]["kind"]["enum"] == ["love", "complaint", "bravo"]


def test_a_route_without_its_description_is_found(app_factory: Any) -> None:
    app = app_factory()
    app.add_url_rule("/api/v1/undocumented", "undocumented", lambda: "")
    missing = [rule.rule for rule, _method, spec in openapi.api_operations(app) if spec is None]
    assert missing == ["/api/v1/undocumented"]


def test_the_reference_is_readable_without_script_or_other_host(client: Any) -> None:
    page = client.get("/api/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Référence de l'API" in html
    assert '<code>POST /api/v1/stories</code>' in html and 'id="schema-StoryInput"' in html
    assert not re.search(r'<script[^>]+src="(?!/static/)', html) and "cdn" not in html.lower()


def test_every_refused_input_is_a_422_with_fields(client: Any, claire: Any) -> None:
    token = create_token(claire, "test")
    answers = [
        client.get("/api/v1/search?page=0"),
        client.get("/api/v1/stories?page=abc"),
        client.get("/api/v1/leaderboard?kind=pub"),
        client.post("/api/v1/render", json={"markdown": 42}),
        client.put("/api/v1/pages/guide", json={"summary": "x"}, headers=bearer(token)),
        client.post("/api/v1/stories", json={"title": "Hé"}, headers=bearer(token)),
    ]
    for response in answers:
        body = response.get_json()
        assert response.status_code == 422 and body["error"]["code"] == "validation_error", body
        assert body["fields"] and all(isinstance(message, str) and message for message in body["fields"].values())
    assert answers[4].get_json()["fields"] == {"markdown": "Ce champ est obligatoire."}
    assert answers[5].get_json()["fields"]["brands"] == "Indiquez au moins une marque."


def test_lists_say_where_the_other_pages_are_and_dates_end_in_z(client: Any, claire: Any) -> None:
    for number in range(22):
        writing.create_story(claire, story_data(title=f"Histoire numéro {number}"))
    first = client.get("/api/v1/stories?kind=love")
    links = first.headers["Link"]
    assert 'rel="next"' in links and 'rel="last"' in links and "page=2" in links and "kind=love" in links
    assert 'rel="prev"' not in links
    assert first.get_json()["stories"][0]["created_at"].endswith("Z")
    assert 'rel="prev"' in client.get("/api/v1/stories?page=2").headers["Link"]
