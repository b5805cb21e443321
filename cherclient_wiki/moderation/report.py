"""The detector measured on moderators' decisions: the latest decision on each story is its
label (approved = genuine; rejected as an advertisement or a smear = ad; other rejections, e.g.
off-topic, say nothing about ads and are left out), scored with the ad_score it had then."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..db import db
from .decisions import AD_REASONS, Decision
from .metrics import Figures, figures
from .models import ModerationDecision


@dataclass(frozen=True)
class DecisionReport:
    decisions: int  # every decision kept
    labelled: int  # stories whose latest decision is a label
    held_by_detector: int  # of those, how many the detector had held
    figures: Figures | None  # None until there are labels


def _label(row: ModerationDecision) -> bool | None:
    if row.decision == Decision.APPROVE.value:
        return False
    if row.reason in {reason.value for reason in AD_REASONS}:
        return True
    return None


def decision_report(threshold: float) -> DecisionReport:
    total = db.session.scalar(select(func.count()).select_from(ModerationDecision)) or 0
    latest = (
        select(func.max(ModerationDecision.id))
        .where(ModerationDecision.story_id.is_not(None))
        .group_by(ModerationDecision.story_id)
    )
    rows = list(db.session.scalars(select(ModerationDecision).where(ModerationDecision.id.in_(latest))))
    # Decisions on since-deleted stories still count, once each.
    rows += list(db.session.scalars(select(ModerationDecision).where(ModerationDecision.story_id.is_(None))))
    labelled = [(label, row) for row in rows if (label := _label(row)) is not None]
    if not labelled:
        return DecisionReport(total, 0, 0, None)
    result = figures([label for label, _ in labelled], [row.ad_score for _, row in labelled], threshold)
    return DecisionReport(total, len(labelled), sum(row.was_held for _, row in labelled), result)
