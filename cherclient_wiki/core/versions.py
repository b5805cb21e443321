"""The data version: one counter in the database that moves, in the same transaction, with every
change a visitor could see, so that "is my cached page still right?" is one indexed read of one row,
true across workers and nodes.

Every ORM session is watched (flushed objects and bulk statements run through it): a transaction
that wrote to any table except the unseen ones (declared `__table_args__ = {"info": {"unseen": True}}`:
logs, tokens, queues no page shows) bumps the row just before it commits, after the content's own
flushes, so that writers hold the counter's row lock for little more than the commit. (With the
PostgreSQL search backend the documents are re-read and written after the bump: two transactions
concerning one document re-read it one after the other, tests/search/test_postgres.py.) Statements
run on a bare connection skip the session and are not seen: whoever writes that way calls `bump`
itself.

A reader must read the version *before* the data it renders: a page rendered after a change was
committed then at worst carries the older version number and is replaced on the next request;
a page rendered before it can never carry the newer one.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar
from weakref import WeakSet

from flask import Flask
from sqlalchemy import Connection, Engine, String, inspect
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from .db import db, first_row, on_session, utcnow

CONTENT = "content"  # everything a visitor can see
STATISTICS = "statistics"  # what the leaderboard's and observatory's figures are computed from
CHANGED = "data_version_changed"  # session.info flag: this transaction wrote something visible
UNSEEN = "unseen"  # Table.info key: no page shows this table (logs, tokens, queues)


class DataVersion(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime | None  # None: nothing was ever written

    @property
    def stamp(self) -> str:
        """What cached things are keyed on: the number and the time of the change. A database
        restored from a backup counts again from an older number; with the time, the pages a
        shared cache (Redis) kept before the restore can never match the data after it."""
        return f"{self.number}@{self.changed_at.isoformat() if self.changed_at else ''}"


CURRENT = f"SELECT version, changed_at FROM data_versions WHERE name = '{CONTENT}'"


def current() -> Version:
    """The content version: this runs before every page kept for visitors, hence `first_row`."""
    row = first_row(CURRENT)
    if row is None:
        return Version(0, None)
    number, changed_at = row
    return Version(int(number), changed_at if isinstance(changed_at, datetime) else datetime.fromisoformat(changed_at))


K = TypeVar("K")
V = TypeVar("V")


class Kept(threading.local, Generic[K, V]):
    """Values read from the database and kept while the content version stays, by each thread
    (no reader ever sees a half-filled map of another version). Whoever fills it reads the version
    first, then the values on a connection of its own (the request's transaction may have begun
    before the version was read), so a value kept is never older than its version."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.stamp = ""
        self.values: dict[K, V] = {}

    def at(self, stamp: str) -> dict[K, V]:
        """The values kept under `stamp` (an empty map when the version moved, or the map was full)."""
        if self.stamp != stamp or len(self.values) > self.limit:
            self.stamp, self.values = stamp, {}
        return self.values


def bump(connection: Connection | Session, name: str = CONTENT) -> None:
    """Move the counter `name` by one (an upsert: the row may not exist yet) in the caller's transaction."""
    dialect = connection.dialect if isinstance(connection, Connection) else connection.get_bind().dialect
    insert = postgresql_insert if dialect.name == "postgresql" else sqlite_insert
    now = utcnow()
    statement = insert(DataVersion).values(name=name, version=1, changed_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[DataVersion.name],
        set_={"version": DataVersion.version + 1, "changed_at": now},
    )
    connection.execute(statement)


def _visible(table: Any) -> bool:
    """Whether a write to `table` can change what a visitor sees."""
    return table is not None and table.name != DataVersion.__tablename__ and not getattr(table, "info", {}).get(UNSEEN)


def _note_flush(session: Session, _context: Any) -> None:
    if session.info.get(CHANGED):
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if _visible(getattr(obj, "__table__", None)) and (obj not in session.dirty or session.is_modified(obj)):
            session.info[CHANGED] = True
            return


def _note_statement(state: ORMExecuteState) -> None:
    if state.session.info.get(CHANGED) or not (state.is_insert or state.is_update or state.is_delete):
        return
    if _visible(getattr(state.statement, "table", None)):
        state.session.info[CHANGED] = True


_MIGRATED: WeakSet[Engine] = WeakSet()  # engines whose database has the data_versions table


def migrated(session: Session) -> bool:
    """Whether the table exists: not before its migration ran (a migration test writing on an
    older schema, `flask init` upgrading one). Once seen, it is not asked again."""
    engine = session.get_bind()
    if not isinstance(engine, Engine):
        engine = engine.engine
    if engine not in _MIGRATED:
        if not inspect(session.connection()).has_table(DataVersion.__tablename__):
            return False
        _MIGRATED.add(engine)
    return True


def _bump_before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # commit's own flush comes after this hook: see its changes now
    if session.info.pop(CHANGED, False) and migrated(session):
        bump(session)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(CHANGED, None)


def init_app(app: Flask) -> None:
    """The listeners belong to the Session class, for the whole process (core.db.on_session)."""
    on_session("after_flush", _note_flush)
    on_session("do_orm_execute", _note_statement)
    on_session("before_commit", _bump_before_commit)
    on_session("after_rollback", _forget)
