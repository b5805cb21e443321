"""Follow and notification tables: who follows what, what happened to it, who was told, and how
each person wants to hear about it by e-mail."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.db import db, utcnow


class Followed(StrEnum):
    """What can be followed (the API's "type")."""

    PAGE = "page"
    BRAND = "brand"
    STORY = "story"
    SUGGESTION = "suggestion"


class Event(StrEnum):
    """What a notification says happened."""

    REVISION = "revision"  # a followed page was edited
    COMMENT = "comment"  # a comment under a followed page, story or suggestion
    OFFICIAL_REPLY = "official_reply"  # a brand's representative answered officially
    STATUS = "status"  # a suggestion's status changed
    SUGGESTION = "suggestion"  # a new suggestion to a followed brand


class EmailMode(StrEnum):
    INSTANT = "instant"  # one message as soon as the sender runs
    DAILY = "daily"  # one digest a day at most
    NEVER = "never"


class Follow(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "follows"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20), primary_key=True)  # Followed
    target_id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Who follows an item: asked at every event.
    __table_args__ = (Index("ix_follows_target", "target_type", "target_id"),)


class Notification(db.Model):  # type: ignore[name-defined,misc]
    """One event told to one person. `mailed_at` is set once the e-mail sender has dealt with it
    (sent, put in a digest, or not wanted): the rows it is null on are the sender's queue."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(20))  # Event
    target_type: Mapped[str] = mapped_column(String(20))  # Followed
    target_id: Mapped[int]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    detail: Mapped[str] = mapped_column(String(40), default="")  # a status change: the new status
    message: Mapped[str] = mapped_column(String(500), default="")  # e.g. the representative's words
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    mailed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])

    __table_args__ = (
        Index("ix_notifications_user_created", "user_id", "created_at"),
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_unmailed", "mailed_at", "user_id"),
    )


class NotificationSettings(db.Model):  # type: ignore[name-defined,misc]
    """An account's e-mail preference; no row means the default (INSTANT)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email_mode: Mapped[str] = mapped_column(String(20), default=EmailMode.INSTANT.value)
    last_digest_at: Mapped[datetime | None]
