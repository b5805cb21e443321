"""Screening a story before it is shown (core.screening: moderation plugs its detector in without
the stories code knowing it), and what the verdict does to the story's status."""
from __future__ import annotations

from flask import current_app

from ..core.screening import Screening, screen
from .choices import Status
from .models import Story


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
