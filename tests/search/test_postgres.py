"""The PostgreSQL backend's own promises: documents change in the saving transaction (no outbox, no
drain, nothing to build on a new server), `index check` and `index rebuild` work on it, and a slow
search is cut at SEARCH_TIME_LIMIT. (Relevance, views and visibility run on both backends through
the fixtures of this folder.)"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from cherclient_wiki.core.db import db
from cherclient_wiki.search import documents, postgres, searching
from cherclient_wiki.search.outbox import OutboxEntry
from cherclient_wiki.stories.choices import Status
from cherclient_wiki.stories.models import Story
from cherclient_wiki.wiki import pages
from cherclient_wiki.wiki.models import Page
from tests.search.conftest import needs_postgresql


@pytest.fixture
def app(app_factory: Any, migrated_database: str) -> Iterator[Flask]:
    needs_postgresql(migrated_database, "postgresql")
    app = app_factory(SEARCH_BACKEND="postgresql")
    with app.app_context():
        yield app


def found(word: str) -> list[str]:
    return [hit.title for hit in searching.search(word).hits]


def test_a_save_is_searchable_at_its_commit_without_outbox_or_drain(app: Flask) -> None:
    with app.test_request_context():
        pages.save_revision("accueil", "Un accueil chaleureux au téléphone.", None, title="Accueil")
        assert db.session.scalar(select(func.count()).select_from(OutboxEntry)) == 0
        assert found("chaleureux") == ["Accueil"]
        assert not (app.extensions["search"].root).exists()  # no Whoosh index was made


def test_a_rolled_back_change_never_reaches_the_documents(app: Flask) -> None:
    db.session.add(Page(slug="brouillon", title="Brouillon"))
    db.session.flush()
    db.session.rollback()
    assert db.session.scalar(text("SELECT count(*) FROM search_documents")) == 0


def test_check_finds_a_lost_document_and_rebuild_restores_it(app: Flask) -> None:
    pages.save_revision("accueil", "Un accueil chaleureux au téléphone.", None, title="Accueil")
    pages.save_revision("attente", "Une attente annoncée est une attente acceptée.", None, title="Attente")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    db.session.execute(text("DELETE FROM search_documents WHERE title = 'Attente'"))
    db.session.commit()
    checked = runner.invoke(args=["index", "check"])
    assert checked.exit_code == 1 and "absent de l'index" in checked.output
    rebuilt = runner.invoke(args=["index", "rebuild"])
    assert "2 documents" in rebuilt.output
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    with app.test_request_context():
        assert found("annoncée") == ["Attente"]


def test_a_server_starting_on_an_empty_table_fills_it(app: Flask, app_factory: Any) -> None:
    """A site moving from Whoosh to PostgreSQL: the first server to start builds the documents."""
    pages.save_revision("accueil", "Un accueil chaleureux au téléphone.", None, title="Accueil")
    db.session.execute(text("TRUNCATE search_documents, search_words"))
    db.session.commit()
    joined = app_factory(SEARCH_BACKEND="postgresql")
    with joined.test_request_context():
        assert found("chaleureux") == ["Accueil"]


def test_a_search_stopped_by_the_time_limit_still_answers(app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(connection: Any, *_args: Any) -> Any:
        connection.execute(text("SELECT pg_sleep(2)"))

    monkeypatch.setattr(postgres, "_run", slow)
    app.config["SEARCH_TIME_LIMIT"] = 0.05
    response = client.get("/search?q=client")
    assert response.status_code == 200
    assert "La recherche a été interrompue pour répondre vite" in response.get_data(as_text=True)


def test_two_transactions_changing_one_brand_leave_its_document_right(app: Flask, make_story: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A brand's document depends on all its stories. One transaction rejects its only published
    story (alone, that hides the brand) while another publishes its pending one: whichever commits
    last must have read the brand after the other committed, or it writes what it saw alone. The
    test makes the rejecting transaction read first and commit last, as a race would. Two row
    locks serialize such transactions: the brand's totals (both change what the leaderboard
    counts) and the data version (bumped before the documents are re-read); with neither, this
    test fails (the brand disappears from the search)."""
    rejected = make_story("Un accueil glacial", "Personne ne répond au comptoir de Zéphyrin.", ["Zéphyrin"])
    published = make_story("Un accueil chaleureux", "Le comptoir de Zéphyrin répond vite.", ["Zéphyrin"], status=Status.PENDING)
    brand_uid = f"brand:{rejected.brand_links[0].brand_id}"
    read_first, committed = threading.Event(), threading.Event()
    load = documents.load

    def load_then_wait(session: Any, doc_type: str, key: str) -> Any:
        document = load(session, doc_type, key)
        if doc_type == "brand" and threading.current_thread().name == "reject":
            read_first.set()
            committed.wait(timeout=1.0)  # the other transaction commits meanwhile, unless it must wait
        return document

    monkeypatch.setattr(documents, "load", load_then_wait)

    def change(story_id: int, status: Status) -> None:
        with app.app_context():
            db.session.get(Story, story_id).status = status.value
            db.session.flush()
            if status == Status.PUBLISHED:
                read_first.wait(timeout=5.0)
            db.session.commit()
            committed.set()

    threads = [threading.Thread(target=change, args=(rejected.id, Status.REJECTED), name="reject"),
               threading.Thread(target=change, args=(published.id, Status.PUBLISHED), name="publish")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    db.session.expire_all()
    assert db.session.scalar(text("SELECT count(*) FROM search_documents WHERE uid = :uid"), {"uid": brand_uid}) == 1
