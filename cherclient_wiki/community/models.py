"""Community tables: comments (and official brand replies), reports, the link-domain blocklist."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..brands.models import Brand
from ..core.db import db, utcnow


class Target(StrEnum):
    """What a comment hangs under, or what a report is about."""

    STORY = "story"
    PAGE = "page"
    COMMENT = "comment"
    SUGGESTION = "suggestion"  # found through the comment_targets hook (core.hooks)


class CommentStatus(StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"  # by a moderator: the thread says so, the text stays for the record
    DELETED = "deleted"  # by its author or a moderator: the place in the thread is kept


class Comment(db.Model):  # type: ignore[name-defined,misc]
    """One message in the thread under a story or a wiki page. `brand_id` set: an official reply
    written by a representative of that brand."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))  # Target.STORY, PAGE or SUGGESTION
    target_id: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brands.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)  # Markdown source
    html: Mapped[str] = mapped_column(Text)  # cached rendering (cherclient_wiki.core.markup)
    status: Mapped[str] = mapped_column(String(20), default=CommentStatus.VISIBLE.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
    brand: Mapped[Brand | None] = relationship()

    __table_args__ = (Index("ix_comments_target", "target_type", "target_id", "created_at"),)

    @property
    def is_official(self) -> bool:
        return self.brand_id is not None

    def __repr__(self) -> str:
        return f"<Comment {self.id} on {self.target_type} {self.target_id}>"


class ReportStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"  # the moderator agreed and acted
    DISMISSED = "dismissed"  # nothing wrong


class Report(db.Model):  # type: ignore[name-defined,misc]
    """A reader's alert about a story, page or comment. At most one open report per person and
    item, enforced by a partial unique index so that a double click cannot make two."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))  # Target
    target_id: Mapped[int]
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # reports.REASONS key
    details: Mapped[str] = mapped_column(String(1000), default="")
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None]

    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])

    __table_args__ = (
        Index(
            "uq_reports_open_per_reporter", "target_type", "target_id", "reporter_id", unique=True,
            sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'"),
        ),
        Index("ix_reports_status_created_at", "status", "created_at"),
    )


class BlockedDomain(db.Model):  # type: ignore[name-defined,misc]
    """A domain nobody may link to (its subdomains included), kept by the administrators."""

    __tablename__ = "blocked_domains"

    domain: Mapped[str] = mapped_column(String(253), primary_key=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship()
