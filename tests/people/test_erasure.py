"""Erasure, each way (delete or anonymise, from the web page or the API): afterwards a crawl of
histories, diffs, feeds, search, API, moderation pages and the leaderboard finds neither the
username nor the e-mail address; pages and revisions are all still there; the sessions and tokens
stop at once."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.core.audit import AuditEntry
from cherclient_wiki.core.db import db
from cherclient_wiki.moderation.models import ModerationDecision
from cherclient_wiki.search.indexer import site_index
from cherclient_wiki.stories.models import Story
from cherclient_wiki.wiki.models import Page, Revision
from tests.conftest import PASSWORD
from tests.people.conftest import EMAIL, NAME, Footprint, bearer

PSEUDONYM = "ancien membre n°1"


def crawl_urls(footprint: Footprint) -> list[str]:
    mine, other = footprint.story_id, footprint.other_story_id
    return [
        "/", "/wiki/accueil-client", "/wiki/accueil-client/history", "/wiki/accueil-client/diff?from=1&to=2",
        "/wiki/accueil-client/diff?from=2&to=3", "/wiki/accueil-client/revisions/2", "/wiki/_recent",
        "/wiki/_recent?kind=upload", "/wiki/_recent.atom", "/wiki/accueil-client/history.atom", "/stories/",
        f"/stories/{mine}", f"/stories/{mine}/history", f"/stories/{other}", "/leaderboard", "/brands/saab",
        "/observatory", "/search?q=conseiller", "/search?q=accueil", "/uploads/",
        "/moderation/", "/community/reports", f"/community/users/{footprint.user_id}",
        "/api/v1/pages/accueil-client/history", "/api/v1/stories", f"/api/v1/stories/{mine}",
        f"/api/v1/stories/{other}/comments", "/api/v1/search?q=conseiller", "/api/v1/search?q=accueil",
        "/api/v1/leaderboard", "/api/v1/moderation/queue", f"/api/v1/users/{NAME}",
        "/suggestions/", "/brands/listening", "/api/v1/suggestions", "/api/v1/brands/listening",
    ]


def saab_stories(client: FlaskClient) -> int:
    board = client.get("/api/v1/leaderboard").get_json()["brands"]
    return next(entry["stories"] for entry in board if entry["slug"] == "saab")


def counts() -> tuple[int, int]:
    return db.session.scalar(select(func.count(Page.id))) or 0, db.session.scalar(select(func.count(Revision.id))) or 0


@pytest.mark.parametrize("content, channel", [("delete", "web"), ("anonymise", "api"), ("anonymise", "web"), ("delete", "api")])
def test_after_erasure_the_name_is_nowhere(app: Flask, client: FlaskClient, footprint: Footprint, content: str, channel: str) -> None:
    other_browser = app.test_client()
    assert other_browser.post("/auth/login", data={"login": NAME, "password": PASSWORD}).status_code == 302
    modo = app.test_client()
    assert modo.post("/auth/login", data={"login": "modo_garde", "password": PASSWORD}).status_code == 302
    before = counts()
    assert saab_stories(client) == 2

    if channel == "web":
        refused = client.post("/me/erase", data={"password": "pas le bon", "content": content})
        assert refused.status_code == 403 and "Mot de passe incorrect" in refused.get_data(as_text=True)
        done = client.post("/me/erase", data={"password": PASSWORD, "content": content})
        assert done.status_code == 302
    else:
        refused = client.delete("/api/v1/me", json={"password": "pas le bon", "content": content}, headers=bearer(footprint.token))
        assert refused.status_code == 403 and refused.get_json()["fields"]["password"]
        done = client.delete("/api/v1/me", json={"password": PASSWORD, "content": content}, headers=bearer(footprint.token))
        assert done.status_code == 200 and done.get_json()["pseudonym"] == PSEUDONYM

    # Her sessions and tokens stop at once.
    assert other_browser.get("/auth/profile").status_code == 302
    assert client.get("/api/v1/me", headers=bearer(footprint.token)).status_code == 401
    assert client.post("/auth/login", data={"login": NAME, "password": PASSWORD}).status_code != 302

    # Nowhere on the site, for a visitor or a moderator, in HTML or JSON.
    for url in crawl_urls(footprint):
        for reader in (client, modo):
            response = reader.get(url, headers=bearer(footprint.moderator_token) if url.startswith("/api/") and reader is modo else {})
            assert response.status_code in ((200, 404) if reader is modo else (200, 302, 401, 404)), (url, response.status_code)
            text = response.get_data(as_text=True).lower()
            assert NAME not in text and EMAIL not in text, url
    for query in (NAME, "zoe", "erasable"):  # the search finds nothing of her (the page echoes the query)
        found = client.get(f"/api/v1/search?q={query}").get_json()
        assert found["total"] == 0 and found["suggestion"] is None, (query, found)
    history = client.get("/wiki/accueil-client/history").get_data(as_text=True)
    assert PSEUDONYM in history

    # The collective text stays: every page and revision, attributed to the pseudonym.
    assert counts() == before
    assert db.session.scalar(select(Revision.author_name).where(Revision.number == 2)) == PSEUDONYM
    assert "écouter d'abord" in client.get("/wiki/accueil-client/revisions/2").get_data(as_text=True)

    # The audit log and the moderators' record: the same pseudonym, the decisions intact.
    entries = db.session.scalars(select(AuditEntry)).all()
    assert all(NAME not in f"{entry.actor_name} {entry.reason}".lower() for entry in entries)
    assert any(entry.reason == f"Hors sujet, {PSEUDONYM}" for entry in entries)

    # The search index's documents, stored fields included.
    with site_index().searcher() as searcher:
        stored = " ".join(str(fields) for fields in searcher.all_stored_fields()).lower()
    assert NAME not in stored and EMAIL not in stored

    story = db.session.get(Story, footprint.story_id)
    account = db.session.get(User, footprint.user_id)
    assert account is not None and account.username == PSEUDONYM and account.tokens == [] and not account.active
    suggestions = {item["title"]: item for item in client.get("/api/v1/suggestions").get_json()["suggestions"]}
    if content == "delete":
        assert set(suggestions) == {"Des horaires le samedi"} and suggestions["Des horaires le samedi"]["supports"] == 0
    else:
        assert set(suggestions) == {"Des horaires le samedi", "Un rappel par SMS"}
        assert suggestions["Des horaires le samedi"]["supports"] == 1
    if content == "delete":
        assert story is None
        assert client.get(f"/stories/{footprint.story_id}").status_code == 404
        assert saab_stories(client) == 1  # the leaderboard no longer counts it
        assert not (Path(app.instance_path) / "uploads" / footprint.upload_name).exists()
    else:
        assert story is not None and story.author_ip is None
        assert PSEUDONYM in client.get(f"/stories/{footprint.story_id}").get_data(as_text=True)
        assert saab_stories(client) == 2
        assert PSEUDONYM in client.get(f"/stories/{footprint.other_story_id}").get_data(as_text=True)  # her comment's author


def test_a_decision_about_an_erased_story_keeps_its_outcome(app: Flask, client: FlaskClient, footprint: Footprint) -> None:
    decided = client.post(f"/api/v1/stories/{footprint.story_id}/moderate", json={"decision": "reject", "reason": "advert"},
                          headers=bearer(footprint.moderator_token))
    assert decided.status_code == 200, decided.get_json()
    assert client.delete("/api/v1/me", json={"password": PASSWORD, "content": "delete"}, headers=bearer(footprint.token)).status_code == 200
    decision = db.session.scalar(select(ModerationDecision))
    assert decision is not None and decision.story_id is None and decision.decision == "reject"


def test_the_command_erases_for_an_administrator_and_refuses_twice(app: Flask, footprint: Footprint) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["people", "erase", NAME, "--content", "anonymise", "--yes"])
    assert result.exit_code == 0 and PSEUDONYM in result.output
    again = runner.invoke(args=["people", "erase", PSEUDONYM, "--content", "delete", "--yes"])
    assert again.exit_code != 0
    assert db.session.scalar(select(AuditEntry.actor_name).where(AuditEntry.action == "user.erase")) == "système"


def test_the_last_administrator_cannot_erase_themself(app: Flask, client: FlaskClient, make_user: Any) -> None:
    make_user("seule_admin", Role.ADMIN)
    client.post("/auth/login", data={"login": "seule_admin", "password": PASSWORD})
    refused = client.post("/me/erase", data={"password": PASSWORD, "content": "delete"})
    assert refused.status_code == 422 and "dernier administrateur" in refused.get_data(as_text=True)
