"""The database is the truth: the outbox joins each transaction, drains keep the index equal to the
database across processes, `index check` proves it, and a kill -9 mid-indexing is caught up."""
from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, update
from whoosh import index as whoosh_index
from whoosh.query import Every, Term

from cherclient_wiki.core.db import db
from cherclient_wiki.search import index as search_index
from cherclient_wiki.search import indexer, searching, whoosh_search
from cherclient_wiki.search.documents import Document
from cherclient_wiki.search.index import SearchIndex
from cherclient_wiki.search.outbox import OutboxEntry
from cherclient_wiki.search.query import full_query, parse
from cherclient_wiki.wiki import pages
from cherclient_wiki.wiki.models import Page
from tests.conftest import build_app
from tests.search.conftest import whoosh_formats_schema

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("index_worker.py")


def pending() -> int:
    """Documents waiting in the outbox."""
    waiting = select(OutboxEntry.doc_type, OutboxEntry.doc_key).distinct().subquery()
    return db.session.scalar(select(func.count()).select_from(waiting)) or 0


def indexed_uids(app: Flask) -> set[str]:
    return set(app.extensions["search"].fingerprints())


def worker(app: Flask, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), args[0], app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path, *args[1:]],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_the_job_is_part_of_the_transaction(app: Flask) -> None:
    db.session.add(Page(slug="brouillon", title="Brouillon"))
    db.session.flush()
    assert pending() == 1
    db.session.rollback()
    assert pending() == 0


def test_a_save_writes_its_job_once_however_many_flushes(app: Flask) -> None:
    pages.save_revision("une-fois", "Un texte avec [[Un lien]] et [[Catégorie:Essais]].", None, title="Une fois")
    assert db.session.scalar(select(func.count()).select_from(OutboxEntry)) == 1


def test_a_job_undone_with_its_savepoint_is_written_again(app: Flask) -> None:
    page = Page(slug="reprise", title="Reprise")
    db.session.add(page)
    db.session.commit()
    db.session.execute(OutboxEntry.__table__.delete())
    db.session.commit()
    savepoint = db.session.begin_nested()
    page.title = "Reprise tentée"
    db.session.flush()  # the job's row, inside the savepoint
    savepoint.rollback()
    page.title = "Reprise réussie"
    db.session.commit()
    assert pending() == 1


def test_a_committed_change_is_indexed_after_its_context_ends(app: Flask) -> None:
    with app.app_context():  # like a request: its teardown wakes the background runner
        pages.save_revision("accueil-client", "Un accueil chaleureux au téléphone.", None, title="Accueil client")
    deadline = time.monotonic() + 10
    while pending() and time.monotonic() < deadline:
        time.sleep(0.02)
        db.session.rollback()  # a fresh snapshot at each look
    assert pending() == 0
    assert any(uid.startswith("page:") for uid in indexed_uids(app))


def test_the_import_hook_indexes_what_was_recorded_before_it_started(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bulk import's child indexes the batch just committed and stops there: the batch the
    import writes meanwhile is the next child's (going on to it made the import wait for it)."""
    pages.save_revision("premier-lot", "Un premier lot de fiches importées.", None, title="Premier lot")
    later: list[int] = []

    def meanwhile(*args: object, **kwargs: object) -> int:
        if not later:  # the import commits its next batch while this one is being indexed
            pages.save_revision("lot-suivant", "Le lot suivant, écrit pendant l'indexation.", None, title="Lot suivant")
            later.append(1)
        return apply(*args, **kwargs)

    apply = indexer._apply_batch
    monkeypatch.setattr(indexer, "_apply_batch", meanwhile)
    indexer.drain_recorded()
    db.session.rollback()
    assert {uid.split(":")[0] for uid in indexed_uids(app)} == {"page"} and len(indexed_uids(app)) == 1
    assert pending() == 1  # « Lot suivant », left for the next child
    indexer.drain()
    assert len(indexed_uids(app)) == 2 and pending() == 0


def test_a_busy_writer_lock_delays_without_failing(app: Flask) -> None:
    pages.save_revision("patience", "La patience des conseillers.", None)
    with app.extensions["search"].write_lock() as held:
        assert held
        assert indexer.drain(wait=0.05) == 0
        with app.test_request_context():
            assert searching.search("patience").total == 0  # the reader is not blocked, only behind
    assert pending() == 1
    with app.test_request_context():
        assert searching.search("patience").total == 1


def test_words_searched_before_a_save_count_the_saved_page(app: Flask) -> None:
    """The documents of each searched word are remembered (by every thread of the process): a save
    must make them read again, whatever query or thread the word comes back in."""
    pages.save_revision("au-telephone", "La patience au téléphone.", None)
    with app.test_request_context():
        assert searching.search("patience").total == 1
    pages.save_revision("conseillers", "La patience des conseillers.", None)
    totals: list[int] = []

    def other_thread() -> None:  # what one thread derived from the index serves the others
        with app.test_request_context():
            totals.append(searching.search("patience -colère").total)
            totals.append(searching.search("patience").total)

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    with app.test_request_context():
        totals.append(searching.search("patience -colère").total)
    assert totals == [2, 2, 2]


def test_an_edit_is_counted_once_in_the_segment_that_kept_the_counts(app: Flask, runner: FlaskCliRunner) -> None:
    """Counts and term documents are remembered per segment of the index, and an edit leaves the
    old version in its segment, marked deleted: the old words must stop counting the page and its
    new words must count it, once."""
    for n in range(25):  # a segment too large for Whoosh to merge into the next commit's
        pages.save_revision(f"page-{n}", f"Une page ordinaire numéro {n}.", None)
    pages.save_revision("promesse", "La patience et le rappel promis.", None)
    pages.save_revision("attente", "La patience dans l'attente.", None)
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    with app.test_request_context():
        assert [searching.search(word).total for word in ("patience", "rappel", "colère")] == [2, 1, 0]
    pages.save_revision("promesse", "La colère, enfin, après trois relances.", None)
    with app.test_request_context():
        assert [searching.search(word).total for word in ("patience", "rappel", "colère")] == [1, 0, 1]
        assert searching.search("patience OR colère").total == 2
    with app.extensions["search"].searcher() as live:  # the case under test: the old version marked in the kept segment
        assert len(live.reader().leaf_readers()) == 2 and live.reader().has_deletions()


def test_a_reader_still_on_the_previous_generation_counts_what_it_sees(app: Flask, runner: FlaskCliRunner) -> None:
    """A thread whose searcher was opened just before a save counts with term documents another
    thread read after it, without the version the save marked deleted: that version is still
    live for the older reader, and must be counted."""
    for n in range(25):
        pages.save_revision(f"page-{n}", f"Une page ordinaire numéro {n}.", None)
    pages.save_revision("promesse", "La patience et le rappel promis.", None)
    pages.save_revision("attente", "La patience dans l'attente.", None)
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    query = full_query(parse("patience", []))
    with app.test_request_context(), app.extensions["search"].searcher() as before:
        pages.save_revision("promesse", "La colère, enfin, après trois relances.", None)
        assert searching.search("patience").total == 1  # reads the term after the save, in a newer searcher
        assert sum(whoosh_search._counts(before, query)[0].values()) == 2


def test_check_lists_differences_and_rebuild_repairs(app: Flask, runner: FlaskCliRunner) -> None:
    pages.save_revision("un", "Première page de la vérification.", None)
    pages.save_revision("deux", "Deuxième page de la vérification.", None)
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    live = whoosh_index.open_dir(str(app.extensions["search"].live_dir.resolve()))
    with live.writer() as writer:
        writer.delete_by_term("uid", f"page:{pages.by_slug('un').id}")
    db.session.execute(update(Page).where(Page.slug == "deux").values(title="Titre changé en douce"))
    db.session.commit()  # a Core UPDATE bypasses the ORM, so no job: only `check` can notice
    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 1
    assert "absent de l'index" in result.output and "périmé dans l'index" in result.output
    with app.extensions["search"].searcher() as searcher:  # a reader on the old generation
        assert runner.invoke(args=["index", "rebuild"]).output.startswith("Index reconstruit : 2 documents")
        assert searcher.search(Every()).scored_length() == 1
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    with app.test_request_context():
        assert searching.search("douce").total == 1


def test_several_writer_processes_and_a_reader(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    pages.save_revision("depart", "Le point de départ du processus parallèle.", None)
    stop = tmp_path / "stop"
    reader = worker(app, "read", str(stop))
    writers = [worker(app, "write", f"w{n}", "4") for n in range(3)]
    for process in writers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    stop.touch()
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert int(out) >= 1
    db.session.expire_all()
    assert pending() == 0  # each writer's own teardown indexed its pages
    assert len(indexed_uids(app)) == 13
    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 0, result.output


def test_kill_during_indexing_is_caught_up_at_the_next_start(app: Flask) -> None:
    crashing = worker(app, "crash")
    assert crashing.stdout is not None
    assert crashing.stdout.readline().strip() == "indexing"
    crashing.send_signal(signal.SIGKILL)
    crashing.communicate(timeout=30)
    assert pending() == 20
    restarted = build_app(Path(app.instance_path), app.config["SQLALCHEMY_DATABASE_URI"])  # the next start
    with restarted.app_context():
        db.engine.dispose()
    assert pending() == 0
    assert indexer.check() == []
    with app.test_request_context():
        assert searching.search("panne").total == 20


def test_init_creates_the_index_from_the_database(app: Flask, runner: FlaskCliRunner) -> None:
    pages.save_revision("existante", "Une page écrite avant que l'index n'existe.", None)
    shutil.rmtree(app.extensions["search"].root)
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert app.extensions["search"].exists()
    assert indexer.check() == []


def generated(count: int, fail_at: int | None = None) -> Iterator[Document]:
    """Documents enough for several of the writer's batches (a hundred each) to reach several processes."""
    words = ["patience", "rappel", "fidélité", "remboursement", "accueil", "conseillère", "colis", "attente"]
    for n in range(count):
        if n == fail_at:
            raise RuntimeError("the database went away")
        body = " ".join(words[(n * k) % len(words)] for k in range(1, 6))
        yield {"type": "page", "key": str(n), "title": f"Page {n} {words[n % len(words)]}", "body": body}


def test_a_rebuild_in_several_processes_indexes_what_one_process_does(tmp_path: Path) -> None:
    """Each process writes its own segment: the index must hold the same documents for the same words."""
    alone, together = SearchIndex(tmp_path / "alone"), SearchIndex(tmp_path / "together")
    assert alone.rebuild(generated(450)) == together.rebuild(generated(450), procs=3) == 450
    with alone.searcher() as one, together.searcher() as several:
        assert len(several.reader().leaf_readers()) == 3
        for word in ["patienc", "rembours", "fidel", "attent"]:
            found = [{hit["uid"] for hit in searcher.search(Term("body", word), limit=None)} for searcher in (one, several)]
            assert found[0] == found[1] and found[0]
    assert alone.fingerprints() == together.fingerprints()


def test_segments_stay_separate_files_that_readers_do_not_copy(tmp_path: Path) -> None:
    """Whoosh copies a compound segment into memory for every reader that opens it (540 MB per
    searcher at 100k documents): no write may leave one, whether a rebuild, its parallel form or a
    commit of changes."""
    index = SearchIndex(tmp_path / "search")
    index.rebuild(generated(250), procs=2)
    index.apply({"page:3": None, "page:0": next(generated(1))})  # a removal and a replacement
    files = [path.suffix for path in index.live_dir.resolve().iterdir()]
    assert ".seg" not in files and ".pst" in files


def rebuilt_without_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    """After `flask index rebuild`, the start asks for nothing more."""
    caplog.clear()
    indexer.rebuild()
    indexer.catch_up()
    assert "flask index rebuild" not in caplog.text


def test_an_index_of_compound_segments_asks_for_a_rebuild(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    """An index written before segments were left as files keeps costing each reader a copy of it
    until rebuilt: the start says so."""
    pages.save_revision("ancienne", "Une page indexée par une version précédente.", None)
    indexer.catch_up()
    assert "flask index rebuild" not in caplog.text
    with whoosh_index.open_dir(str(app.extensions["search"].live_dir.resolve())).writer() as writer:
        writer.update_document(uid="page:ancienne", title="Ancienne")  # Whoosh's default: a compound segment
    indexer.catch_up()
    assert "run `flask index rebuild` once" in caplog.text
    rebuilt_without_a_warning(caplog)


def test_an_index_that_indexes_token_by_token_asks_for_a_rebuild(app: Flask, caplog: pytest.LogCaptureFixture,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An index built before the text fields were indexed in one pass keeps Whoosh's formats in
    its schema, and every write pays for them until it is rebuilt: the start says so."""
    pages.save_revision("ancienne", "Une page indexée par une version précédente.", None)
    with monkeypatch.context() as earlier:
        earlier.setattr(search_index, "build_schema", whoosh_formats_schema)
        indexer.rebuild()
    indexer.catch_up()
    assert "its text indexed token by token" in caplog.text
    rebuilt_without_a_warning(caplog)
    assert searching.search("ancienne").total == 1


def test_a_failed_rebuild_in_several_processes_keeps_the_live_index_and_leaves_no_process(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search")
    index.rebuild(generated(10))
    with pytest.raises(RuntimeError):
        index.rebuild(generated(450, fail_at=350), procs=3)
    assert multiprocessing.active_children() == []  # the sub-writers were waiting for work that never came
    assert len(index.fingerprints()) == 10
    assert [path.name for path in (tmp_path / "search").glob("index-*")] == [index.live_dir.resolve().name]


def test_the_rebuild_command_takes_processes(app: Flask, runner: FlaskCliRunner) -> None:
    pages.save_revision("un", "Première page reconstruite à plusieurs.", None)
    assert runner.invoke(args=["index", "rebuild", "--procs", "2"]).output.startswith("Index reconstruit : 1 document.")
    assert runner.invoke(args=["index", "check"]).exit_code == 0
    assert runner.invoke(args=["index", "rebuild", "--procs", "0"]).exit_code == 2  # a clear refusal, not a crash
