"""Applying the outbox to the index: in order, one writer at a time, idempotently.

Each job means "re-read this document from the database": the current state is indexed (or removed
when the provider hides it), so replaying a job after a crash is harmless and jobs may be merged.
Rows are deleted by id once the index commit succeeded: a kill -9 at any point leaves them for the
next drain. Drains use their own database session, never the request's, and run in the background
(core.background: the `flask worker` process or the inline thread), never before a response.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, inspect, select
from sqlalchemy.orm import Session

from ..core.db import db, first_row
from . import documents
from .index import IndexBusy, SearchIndex, fingerprint, uid
from .outbox import OutboxEntry

log = logging.getLogger(__name__)


def site_index() -> SearchIndex:
    return current_app.extensions["search"]  # type: ignore[no-any-return]


def drain_batch(wait: float | None = None, through: int | None = None) -> int:
    """The background job (core.hooks `background_jobs`): apply one batch of pending jobs (those
    numbered up to `through` if given); how many outbox rows it handled (0 when none is pending, or
    another writer kept the lock `wait` seconds: the caller tries again later, the jobs stay queued)."""
    index = site_index()
    if index.exists() and not has_pending():
        return 0
    with index.write_lock(wait) as acquired, Session(db.engine) as session:
        if not acquired:
            return 0
        try:
            if not index.exists():  # first start, or the index folder was removed: build it
                _rebuild_locked(index, session)
                return 1
            return _apply_batch(index, session, through)
        except IndexBusy:
            log.warning("search index busy: jobs left in the outbox")
            return 0


def drain(wait: float | None = None, through: int | None = None) -> int:
    """Apply every pending job (up to the number `through`), batch after batch (at start, before a
    check, for a reader that must see the latest writes); how many rows were handled."""
    total = 0
    while handled := drain_batch(wait, through):
        total += handled
    return total


def drain_recorded() -> int:
    """Apply the jobs recorded so far, not the ones recorded meanwhile: the bulk import's hook.
    Its child process indexes batch k while the import writes batch k+1 and is waited for before
    batch k+2; going on to k+1 once committed would make the import wait for that too (measured:
    the import then ran at the sum of both times, 119-134 pages/s, instead of the slower one's)."""
    with Session(db.engine) as session:
        last = session.scalar(select(func.max(OutboxEntry.id)))
    return drain(through=last or 0)


def _apply_batch(index: SearchIndex, session: Session, through: int | None = None) -> int:
    """Claim the oldest rows, re-read their documents, commit them to the index, then delete the
    rows. The documents are read with the index lock held, so a later writer always reads a newer
    state than the one indexed before it. On PostgreSQL the rows are also locked (SKIP LOCKED): a
    worker on another machine never claims them twice; a killed worker's lock goes with its
    connection and the rows are claimed again."""
    claimed = select(OutboxEntry.id, OutboxEntry.doc_type, OutboxEntry.doc_key)
    if through is not None:
        claimed = claimed.where(OutboxEntry.id <= through)
    rows = session.execute(
        claimed
        .order_by(OutboxEntry.id)
        .limit(current_app.config["SEARCH_BATCH"])
        .with_for_update(skip_locked=True)
    ).all()
    if not rows:
        session.rollback()
        return 0
    keys: dict[str, list[str]] = {}
    for doc_type, key in dict.fromkeys((doc_type, key) for _id, doc_type, key in rows):
        keys.setdefault(doc_type, []).append(key)
    index.apply({
        uid(doc_type, key): document
        for doc_type, some in keys.items()
        for key, document in documents.load_many(session, doc_type, some).items()
    })
    session.execute(delete(OutboxEntry).where(OutboxEntry.id.in_([row[0] for row in rows])))
    session.commit()
    return len(rows)


PENDING = f"SELECT 1 FROM {OutboxEntry.__tablename__} LIMIT 1"


def has_pending() -> bool:
    """Asked before every search when no worker runs (whoosh_search._catch_up), hence `first_row`."""
    return first_row(PENDING) is not None


def rebuild(procs: int = 1) -> int:
    """Build the whole index aside from the database, swap it in; returns the document count.
    `procs` > 1 forks analysing processes (see SearchIndex.rebuild): the command line's choice."""
    index = site_index()
    with index.write_lock(wait=max(index.lock_timeout, 60.0)) as acquired, Session(db.engine) as session:
        if not acquired:
            raise IndexBusy()
        return _rebuild_locked(index, session, procs)


def _rebuild_locked(index: SearchIndex, session: Session, procs: int = 1) -> int:
    """Jobs recorded before the rebuild read the database are covered by it and dropped; later
    ones are applied right after the swap."""
    covered = list(session.scalars(select(OutboxEntry.id)))
    count = index.rebuild(documents.all_documents(session), procs=procs)
    if covered:
        session.execute(delete(OutboxEntry).where(OutboxEntry.id.in_(covered)))
        session.commit()
    while _apply_batch(index, session):
        pass
    return count


def catch_up() -> None:
    """At start: create the index if missing, apply what a crash left in the outbox. Quiet when
    the database is not migrated yet (`flask init` is about to do it)."""
    if not inspect(db.engine).has_table(OutboxEntry.__tablename__):
        return
    drain()
    index = site_index()
    if index.has_compound_segments():
        log.warning("the search index was written by an earlier version (compound segments, copied into memory by "
                    "every reader): run `flask index rebuild` once")
    if index.indexes_token_by_token():
        log.warning("the search index was built by an earlier version (its text indexed token by token, about "
                    "30 % slower to write): run `flask index rebuild` once")


@dataclass(frozen=True)
class Difference:
    uid: str
    problem: str  # "missing" (in the database, not the index), "extra", "stale"


def check() -> list[Difference]:
    """What differs between the database (the truth) and the index."""
    with Session(db.engine) as session:
        expected = {uid(doc["type"], str(doc["key"])): fingerprint(doc) for doc in documents.all_documents(session)}
    return compare(expected, site_index().fingerprints())


def compare(expected: dict[str, str], indexed: dict[str, str]) -> list[Difference]:
    """uid -> fingerprint from the database and from the index: what differs, by uid."""
    differences = [Difference(key, "missing") for key in expected if key not in indexed]
    differences += [Difference(key, "extra") for key in indexed if key not in expected]
    differences += [Difference(key, "stale") for key in expected if key in indexed and indexed[key] != expected[key]]
    return sorted(differences, key=lambda difference: difference.uid)
