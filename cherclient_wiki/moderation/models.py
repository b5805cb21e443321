"""Moderators' decisions on stories, kept as labels: they say what the detector should have said,
and `flask moderation report` measures the detector against them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.db import db, utcnow


class ModerationDecision(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "moderation_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SET NULL: the label (score, verdict) still counts after the story is deleted.
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(10))  # decisions.Decision
    reason: Mapped[str] = mapped_column(String(20), default="")  # decisions.Reason code, "" for approvals
    ad_score: Mapped[float]  # the detector's score when the moderator decided
    was_held: Mapped[bool]  # the story was pending (the detector held it) at the time
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    moderator: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_moderation_decisions_created_at", "created_at"),)
