"""The detector measured on moderators' decisions: the latest decision on each story is its
label (approved = genuine; rejected as an advertisement or a smear = ad; other rejections, e.g.
off-topic, say nothing about ads and are left out), scored with the ad_score it had then."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..core.db import db
from .decisions import AD_REASONS, Decision
from .metrics import Figures, figures
from .models import ModerationDecision


@dataclass(frozen=True)
class DecisionReport:
    decisions: int  # every decision kept
    labelled: int  # stories whose latest decision is a label
    held_by_detector: int  # of those, how many the detector had held
    figures: Figures | None  # None until there are labels


def label(row: ModerationDecision) -> bool | None:
    """True: an ad (rejected as an advertisement or a smear); False: genuine (approved); None:
    the decision says nothing about ads (e.g. off-topic)."""
    if row.decision == Decision.APPROVE.value:
        return False
    if row.reason in {reason.value for reason in AD_REASONS}:
        return True
    return None


def latest_decisions() -> list[ModerationDecision]:
    """The latest decision on each story, and every decision on since-deleted stories (once each)."""
    latest = (
        select(func.max(ModerationDecision.id))
        .where(ModerationDecision.story_id.is_not(None))
        .group_by(ModerationDecision.story_id)
    )
    rows = list(db.session.scalars(select(ModerationDecision).where(ModerationDecision.id.in_(latest))))
    return rows + list(db.session.scalars(select(ModerationDecision).where(ModerationDecision.story_id.is_(None))))


def decision_report(threshold: float) -> DecisionReport:
    total = db.session.scalar(select(func.count()).select_from(ModerationDecision)) or 0
    labelled = [(is_ad, row) for row in latest_decisions() if (is_ad := label(row)) is not None]
    if not labelled:
        return DecisionReport(total, 0, 0, None)
    result = figures([is_ad for is_ad, _ in labelled], [row.ad_score for _, row in labelled], threshold)
    return DecisionReport(total, len(labelled), sum(row.was_held for _, row in labelled), result)
