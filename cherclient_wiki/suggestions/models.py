"""Suggestion tables: one improvement proposed to one brand, who supports it, and the dated
timeline of its status as the brand's representatives and the moderators set it."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..brands.models import Brand
from ..core.db import db, utcnow
from ..stories.choices import Status as Screened
from ..uploads.models import Upload


class Progress(StrEnum):
    """The public workflow: received → studying → accepted → done, or declined (with a reason)."""

    RECEIVED = "received"
    STUDYING = "studying"
    ACCEPTED = "accepted"
    DONE = "done"
    DECLINED = "declined"


ADOPTED = (Progress.ACCEPTED, Progress.DONE)


class Suggestion(db.Model):  # type: ignore[name-defined,misc]
    """`status` is the workflow (Progress); `screening` is the disguised-ad detector's verdict, as
    a story's status: published, pending (held for a moderator) or rejected."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # Markdown source
    html: Mapped[str] = mapped_column(Text)  # cached rendering (cherclient_wiki.core.markup)
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default=Progress.RECEIVED.value)
    screening: Mapped[str] = mapped_column(String(20), default=Screened.PUBLISHED.value)
    ad_score: Mapped[float] = mapped_column(default=0.0)
    ad_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    fingerprint: Mapped[bytes | None] = mapped_column(LargeBinary)  # set by the detector when it screens
    author_ip: Mapped[str | None] = mapped_column(String(45))
    # When a representative or a moderator first moved it on from "received" (the listening index).
    first_answer_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
    brand: Mapped[Brand] = relationship()
    photo: Mapped[Upload | None] = relationship()
    events: Mapped[list[SuggestionEvent]] = relationship(
        back_populates="suggestion", cascade="all, delete-orphan", order_by="SuggestionEvent.id"
    )

    __table_args__ = (Index("ix_suggestions_brand_screening", "brand_id", "screening", "created_at"),)

    @property
    def brands(self) -> list[Brand]:
        """As a story's: what the detector and official replies read."""
        return [self.brand]

    @property
    def is_published(self) -> bool:
        return self.screening == Screened.PUBLISHED.value

    def __repr__(self) -> str:
        return f"<Suggestion {self.id} {self.status}>"


class SuggestionSupport(db.Model):  # type: ignore[name-defined,misc]
    """One account, one support."""

    __tablename__ = "suggestion_supports"

    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SuggestionEvent(db.Model):  # type: ignore[name-defined,misc]
    """One dated step of the timeline: the status set, by whom, with their message."""

    __tablename__ = "suggestion_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestions.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # Progress
    message: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    as_representative: Mapped[bool] = mapped_column(default=False)  # else: as a moderator
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    suggestion: Mapped[Suggestion] = relationship(back_populates="events")
    author: Mapped[User | None] = relationship()
