"""The audit log: who did what to which item, when and why. Every moderation or administration
decision writes one row, in the same transaction as the decision itself."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import db, utcnow
from .versions import UNSEEN

if TYPE_CHECKING:  # the account model is a feature's; SQLAlchemy resolves "User" by name
    from ..accounts.models import User


class AuditEntry(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "audit_log"
    __table_args__ = {"info": {UNSEEN: True}}  # no page a visitor sees shows it (core.versions)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_name: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))  # e.g. "story.approve", "user.deactivate"
    target_type: Mapped[str] = mapped_column(String(20))  # "story", "page", "comment", "user", "brand"
    target_id: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()


def record(actor: User | None, action: str, target_type: str, target_id: str | int, reason: str = "") -> AuditEntry:
    """Add an entry to the caller's transaction (the caller commits)."""
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        actor_name=actor.username if actor else "système",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        reason=reason[:300],
    )
    db.session.add(entry)
    return entry
