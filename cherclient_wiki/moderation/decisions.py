"""Moderators' decisions: approve (publish) or reject a story, alone or in bulk. Each decision
changes the story, writes the audit log and keeps a labelled ModerationDecision, in one
transaction."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import User
from ..accounts.roles import Role
from ..core.audit import record
from ..core.db import db
from ..stories.choices import Status
from ..stories.models import Story, StoryBrand
from .models import ModerationDecision
from .text import fold


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class Reason(StrEnum):
    ADVERT = "advert"
    SMEAR = "smear"
    OFF_TOPIC = "off_topic"
    ABUSIVE = "abusive"
    DUPLICATE = "duplicate"
    PERSONAL_DATA = "personal_data"
    OTHER = "other"


REASON_LABELS = {
    Reason.ADVERT: _l("publicité déguisée"),
    Reason.SMEAR: _l("dénigrement d'un concurrent"),
    Reason.OFF_TOPIC: _l("hors sujet"),
    Reason.ABUSIVE: _l("propos injurieux"),
    Reason.DUPLICATE: _l("doublon"),
    Reason.PERSONAL_DATA: _l("données personnelles"),
    Reason.OTHER: _l("autre"),
}
# Rejections that say "this was an advertisement": the detector's positive labels.
AD_REASONS = (Reason.ADVERT, Reason.SMEAR)
DEFAULT_REJECT_REASON = Reason.ADVERT


def _fold(text: str) -> str:
    return " ".join(fold(text).split())


def parse_reason(value: str | None, decision: Decision) -> Reason | None:
    """A reason given as its code ("advert") or its French label ("Publicité déguisée"); None when
    the value is none of them. A rejection without a reason is a disguised advertisement (the
    queue's purpose); an approval needs none."""
    if value is None or not value.strip():
        return DEFAULT_REJECT_REASON if decision == Decision.REJECT else None
    wanted = _fold(value)
    for reason in Reason:
        if wanted in (reason.value, _fold(str(REASON_LABELS[reason]))):
            return reason
    return None


def pending_stories(limit: int = 200) -> list[Story]:
    """The queue: held stories, most suspicious first, oldest first among equals."""
    query = (
        select(Story).where(Story.status == Status.PENDING.value)
        .options(selectinload(Story.brand_links).joinedload(StoryBrand.brand), joinedload(Story.author))
        .order_by(Story.ad_score.desc(), Story.created_at, Story.id).limit(limit)
    )
    return list(db.session.scalars(query))


def pending_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Story).where(Story.status == Status.PENDING.value)) or 0


def _decide(moderator: User, story: Story, decision: Decision, reason: Reason | None) -> ModerationDecision:
    label = ModerationDecision(
        story_id=story.id, moderator_id=moderator.id, decision=decision.value,
        reason=reason.value if reason else "", ad_score=story.ad_score,
        was_held=story.status == Status.PENDING.value,
    )
    story.status = (Status.PUBLISHED if decision == Decision.APPROVE else Status.REJECTED).value
    db.session.add(label)
    with_reason = str(REASON_LABELS[reason]) if reason else ""
    record(moderator, f"story.{decision.value}", "story", story.id, with_reason)
    return label


def decide(moderator: User, stories: Sequence[Story], decision: Decision, reason: Reason | None = None) -> list[ModerationDecision]:
    """Approve or reject these stories (one or many) and commit. Only moderators decide."""
    if not moderator.has_role(Role.MODERATOR):
        raise PermissionError("moderators only")
    if decision == Decision.REJECT and reason is None:
        reason = DEFAULT_REJECT_REASON
    labels = [_decide(moderator, story, decision, reason if decision == Decision.REJECT else None) for story in stories]
    db.session.commit()
    return labels


def stories_by_ids(ids: Iterable[int]) -> list[Story]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return list(db.session.scalars(select(Story).where(Story.id.in_(wanted)).order_by(Story.id)))
