"""The search outbox: "this document may have changed", written in the same transaction as the change.

The database stays the source of truth. A crash between a commit and the index update loses nothing:
the outbox rows survive, and the next drain (at the next start at the latest) applies them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import db, utcnow


class OutboxEntry(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(20))
    doc_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def enqueue(doc_type: str, key: str | int) -> None:
    """Record, in the caller's transaction, that a document must be re-read into the index."""
    db.session.add(OutboxEntry(doc_type=doc_type, doc_key=str(key)))
    db.session.info["search_outbox_dirty"] = True
