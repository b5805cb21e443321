"""Saves never wait for the index: the background runner applies the outbox after the response,
either `flask worker` in its own process or the web process's inline thread. Two workers never
index the same job twice, a killed worker's job is redone, and what was just saved is searchable
within a second."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import delete, insert, select

from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.accounts.tokens import create_token
from cherclient_wiki.core import background
from cherclient_wiki.core.db import db
from cherclient_wiki.search import indexer
from cherclient_wiki.search.outbox import OutboxEntry
from cherclient_wiki.wiki import pages
from cherclient_wiki.wiki.models import Page
from tests.search.test_consistency import ROOT, WORKER, indexed_uids, pending, worker

READ_YOUR_WRITES = 1.0  # seconds: what the issue promises


def external_app(app_factory: Callable[..., Flask]) -> Flask:
    """A site whose saves leave the index to a worker; its (empty) index exists already."""
    app = app_factory(WORKER="external", SEARCH_BATCH=5)
    with app.app_context():
        indexer.drain()
    return app


def save_pages(app: Flask, count: int, prefix: str = "page") -> None:
    for n in range(count):
        with app.app_context():  # one request each: its teardown would wake an inline runner
            pages.save_revision(f"{prefix}-{n}", f"Le {prefix} numéro {n} attend son indexation.", None)


def api_search(client: Any, text: str) -> int:
    return int(client.get("/api/v1/search", query_string={"q": text}).get_json()["total"])


def found_within(seconds: float, probe: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        if probe():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def test_with_an_external_worker_saves_wait_for_it_and_the_worker_drains(app_factory: Callable[..., Flask]) -> None:
    app = external_app(app_factory)
    save_pages(app, 12)
    with app.app_context():
        assert pending() == 12  # nothing was indexed by the saving requests
        client = app.test_client()
        assert api_search(client, "indexation") == 0  # readers only read
        result = app.test_cli_runner().invoke(args=["worker", "--once"])
        assert result.exit_code == 0, result.output
        assert "tâche(s) traitée(s)" in result.output
        assert pending() == 0
        assert api_search(client, "indexation") == 12
        assert indexer.check() == []


def test_two_workers_never_index_the_same_job_twice(app_factory: Callable[..., Flask]) -> None:
    app = external_app(app_factory)
    save_pages(app, 60)
    with app.app_context():  # one job per page (a save may queue a page twice), so a job = a document
        ids = [str(page_id) for page_id in db.session.scalars(select(Page.id))]
        db.session.execute(delete(OutboxEntry))
        db.session.execute(insert(OutboxEntry), [{"doc_type": "page", "doc_key": key} for key in ids])
        db.session.commit()
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "count", app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for _ in range(2)
    ]
    for process in workers:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    for process in workers:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    outputs = []
    for process in workers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        outputs.append(out.split())
    indexed = Counter(uid for out in outputs for uid in out)
    assert len(indexed) == 60
    assert max(indexed.values()) == 1
    with app.app_context():
        assert pending() == 0
        assert indexer.check() == []


def test_a_worker_killed_mid_job_leaves_it_to_be_redone(app_factory: Callable[..., Flask]) -> None:
    app = external_app(app_factory)
    save_pages(app, 8)
    stalled = worker(app, "stall")
    assert stalled.stdout is not None
    assert stalled.stdout.readline().strip() == "indexing"  # inside its first batch's index commit
    stalled.send_signal(signal.SIGKILL)
    stalled.communicate(timeout=30)
    with app.app_context():
        assert pending() == 8
        result = app.test_cli_runner().invoke(args=["worker", "--once"])
        assert result.exit_code == 0 and "tâche(s) traitée(s)" in result.output
        assert indexer.check() == []
        assert api_search(app.test_client(), "indexation") == 8


def test_what_i_save_is_searchable_within_a_second_with_the_worker_process(
    app_factory: Callable[..., Flask], make_user: Any
) -> None:
    app = external_app(app_factory)
    with app.app_context():
        token = create_token(make_user("paul", Role.PRACTITIONER), "test")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CHERCLIENT_WORKER": "external",
           "CHERCLIENT_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "CHERCLIENT_INSTANCE_PATH": app.instance_path}
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "cherclient_wiki", "worker"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("Travailleur démarré")
        client = app.test_client()
        for n in range(3):
            saved = client.put(f"/api/v1/pages/vite-{n}", json={"markdown": f"La réponse numéro{n} arrive vite."},
                               headers={"Authorization": f"Bearer {token}"})
            assert saved.status_code in (200, 201), saved.get_json()
            assert found_within(READ_YOUR_WRITES, lambda n=n: api_search(client, f"numéro{n}") == 1)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err


def test_without_a_worker_the_inline_runner_indexes_after_the_response(app: Flask, make_user: Any) -> None:
    token = create_token(make_user("paul", Role.PRACTITIONER), "test")
    client = app.test_client()
    saved = client.put("/api/v1/pages/en-ligne", json={"markdown": "Indexée par le fil du processus web."},
                       headers={"Authorization": f"Bearer {token}"})
    assert saved.status_code in (200, 201)
    page_id = pages.by_slug("en-ligne").id
    # No search and no worker: only the inline runner can have indexed it.
    assert found_within(READ_YOUR_WRITES, lambda: f"page:{page_id}" in indexed_uids(app))
    assert api_search(client, "processus") == 1
    db.session.expire_all()
    assert pending() == 0


def test_a_closed_inline_runner_finishes_its_work_and_leaves_no_thread(app: Flask, make_user: Any) -> None:
    """An app disposed of while its process goes on (a test suite builds hundreds): what it queued
    is done, then its thread ends, and nothing starts it again."""
    token = create_token(make_user("paul", Role.PRACTITIONER), "test")
    client = app.test_client()
    client.put("/api/v1/pages/en-ligne", json={"markdown": "Indexée avant la fermeture."}, headers={"Authorization": f"Bearer {token}"})
    runner = app.extensions[background.EXTENSION]
    assert runner.thread is not None and runner.thread.is_alive()
    background.close(app)
    assert not runner.thread.is_alive() and pending() == 0
    background.wake(app)
    assert not runner.thread.is_alive()


def test_a_reader_waits_for_a_busy_writer_instead_of_missing_the_latest_save(app: Flask) -> None:
    """The flaky case: a reader found the lock taken by another writer and skipped the drain, so a
    save committed just before was missing from its results."""
    pages.save_revision("derniere", "La dernière sauvegarde compte.", None)
    holding = threading.Event()

    def busy_writer() -> None:
        with app.extensions["search"].write_lock() as held:
            assert held
            holding.set()
            time.sleep(0.3)

    thread = threading.Thread(target=busy_writer)
    thread.start()
    holding.wait(5)
    try:
        assert api_search(app.test_client(), "sauvegarde") == 1
    finally:
        thread.join()
