"""Screening a story before it is shown: a registry, so moderation plugs its detector in without the
stories code knowing it. With no screener registered every story is published with score 0."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app

from .choices import Status
from .models import Story


@dataclass(frozen=True)
class Screening:
    score: float = 0.0  # 0..1, likelihood of a disguised advertisement
    reasons: list[str] = field(default_factory=list)  # plain French, shown to the author and moderators


Screener = Callable[[Story], Screening]

SCREENERS: list[Screener] = []


def screen(story: Story) -> Screening:
    """The highest score among the screeners, with every reason they gave."""
    results = [screener(story) for screener in SCREENERS]
    if not results:
        return Screening()
    return Screening(max(r.score for r in results), [reason for r in results for reason in r.reasons])


def apply_screening(story: Story) -> Screening:
    """Set score, reasons and status on a new or edited story (above the threshold: held for review).
    A story a moderator rejected stays rejected, and a held one stays held until a moderator
    decides: editing out what the detector pointed at must not publish it unseen."""
    result = screen(story)
    story.ad_score = round(result.score, 4)
    story.ad_reasons = list(result.reasons)
    if story.status not in (Status.REJECTED.value, Status.PENDING.value):
        held = result.score >= current_app.config["AD_SCORE_THRESHOLD"]
        story.status = (Status.PENDING if held else Status.PUBLISHED).value
    return result
