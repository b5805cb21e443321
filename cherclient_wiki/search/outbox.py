"""The search outbox: "this document may have changed", written in the same transaction as the change.

The database stays the source of truth. One session listener notices every flushed change to a
watched model (pages, revisions, stories, brands...) and inserts the matching jobs in the same
transaction, so the wiki, stories and moderation code never call the search. A crash between a
commit and the index update loses nothing: the rows survive, and the next drain applies them.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, insert
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from ..core import background
from ..core.db import db, on_session, utcnow
from ..core.versions import UNSEEN
from .backends import backend
from .documents import Job, jobs_for

RECORDED = "search_outbox_recorded"
TRANSACTION_JOBS = "search_transaction_jobs"  # with a backend indexing in the transaction itself


class OutboxEntry(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "search_outbox"
    # No kept page shows the index (search pages are not kept): its drain leaves the data version,
    # which the save itself has moved (core.versions).
    __table_args__ = {"info": {UNSEEN: True}}

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(20))
    doc_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def _changed_jobs(session: Session) -> set[Job]:
    jobs: set[Job] = set()
    for instance in session.new:
        jobs |= jobs_for(session, instance, False)
    for instance in session.dirty:
        if session.is_modified(instance, include_collections=False):
            jobs |= jobs_for(session, instance, False)
    for instance in session.deleted:
        jobs |= jobs_for(session, instance, True)
    return jobs


def _record_jobs(session: Session, _flush_context: Any) -> None:
    """After the flush, new rows have their ids; the jobs join the same transaction (once each:
    a save flushes several times)."""
    recorded: set[Job] = session.info.setdefault(RECORDED, set())
    jobs = _changed_jobs(session) - recorded
    if not jobs:
        return
    if not backend().uses_outbox:  # the PostgreSQL backend writes them in this transaction
        session.info.setdefault(TRANSACTION_JOBS, set()).update(jobs)
        recorded |= jobs
        return
    now = utcnow()
    session.connection().execute(
        insert(OutboxEntry.__table__),
        [{"doc_type": doc_type, "doc_key": key, "created_at": now} for doc_type, key in sorted(jobs)],
    )
    recorded |= jobs
    background.queued(session)


def _forget_recorded(session: Session, transaction: SessionTransaction) -> None:
    """The end of the session's transaction or of a savepoint forgets (a savepoint rolled back
    takes its rows with it: at worst a job is written twice, never lost). Not the inner
    transaction each flush opens and ends: forgetting there wrote a save's job once per flush
    (three rows for one page save)."""
    if transaction.parent is None or transaction.nested:
        session.info.pop(RECORDED, None)


def init_outbox() -> None:
    on_session("after_flush", _record_jobs)
    on_session("after_transaction_end", _forget_recorded)
