"""Applying the outbox to the index: in order, one writer at a time, idempotently.

Each job means "re-read this document from the database": the current state is indexed (or removed
when the provider hides it), so replaying a job after a crash is harmless and jobs may be merged.
Rows are deleted by id once the index commit succeeded: a kill -9 at any point leaves them for the
next drain. Drains use their own database session, never the request's.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import Session

from ..core.db import db
from . import documents
from .index import IndexBusy, SearchIndex, fingerprint, uid
from .outbox import OutboxEntry

BATCH = 500
log = logging.getLogger(__name__)


def site_index() -> SearchIndex:
    return current_app.extensions["search"]  # type: ignore[no-any-return]


def drain(wait: float | None = None) -> int:
    """Apply every pending job; returns how many were applied (0 if another writer holds the lock
    for longer than `wait`: its drain, or the next one, will apply ours)."""
    index = site_index()
    with index.write_lock(wait) as acquired, Session(db.engine) as session:
        if not acquired:
            return 0
        try:
            return _drain_locked(index, session)
        except IndexBusy:
            log.warning("search index busy: jobs left in the outbox")
            return 0


def _drain_locked(index: SearchIndex, session: Session) -> int:
    if not index.exists():
        return _rebuild_locked(index, session)
    applied = 0
    while True:
        rows = session.execute(
            select(OutboxEntry.id, OutboxEntry.doc_type, OutboxEntry.doc_key).order_by(OutboxEntry.id).limit(BATCH)
        ).all()
        if not rows:
            return applied
        jobs = dict.fromkeys((doc_type, key) for _id, doc_type, key in rows)
        index.apply({uid(doc_type, key): documents.load(session, doc_type, key) for doc_type, key in jobs})
        session.execute(delete(OutboxEntry).where(OutboxEntry.id.in_([row[0] for row in rows])))
        session.commit()
        applied += len(rows)


def has_pending() -> bool:
    with Session(db.engine) as session:
        return session.scalar(select(OutboxEntry.id).limit(1)) is not None


def rebuild() -> int:
    """Build the whole index aside from the database, swap it in; returns the document count."""
    index = site_index()
    with index.write_lock(wait=max(index.lock_timeout, 60.0)) as acquired, Session(db.engine) as session:
        if not acquired:
            raise IndexBusy()
        return _rebuild_locked(index, session)


def _rebuild_locked(index: SearchIndex, session: Session) -> int:
    """Jobs recorded before the rebuild read the database are covered by it and dropped; later
    ones are applied right after the swap."""
    covered = list(session.scalars(select(OutboxEntry.id)))
    count = index.rebuild(documents.all_documents(session))
    if covered:
        session.execute(delete(OutboxEntry).where(OutboxEntry.id.in_(covered)))
        session.commit()
    _drain_locked(index, session)
    return count


def catch_up() -> None:
    """At start: create the index if missing, apply what a crash left in the outbox. Quiet when
    the database is not migrated yet (`flask init` is about to do it)."""
    if not inspect(db.engine).has_table(OutboxEntry.__tablename__):
        return
    drain()


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
