"""New weights proposed from moderators' decisions: every story a moderator approved (genuine) or
rejected as an advertisement or a smear (ad) joins the development split, and the detector is
fitted again on both. Nothing is applied here: `flask moderation refit` prints the weights before
and after, with their figures on the frozen test split, and writes them only when asked."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..core.db import db
from ..stories.models import Story
from . import calibration, evaluation_set, signals
from .detector import AccountSignals, Model, StoryText, combine, shipped_model, signal_values, similarity
from .metrics import Figures, figures
from .report import label, latest_decisions


@dataclass(frozen=True)
class Proposal:
    before: Model
    after: Model
    decisions: int  # moderator labels added to the development split
    test_before: Figures
    test_after: Figures


def _as_posted(story: Story) -> AccountSignals:
    """The account signals read now, with the account's age as it was when the story was saved."""
    now = signals.account_signals(story)
    if story.author is None:
        return now
    age = (story.created_at - story.author.created_at).total_seconds() / 86400
    return AccountSignals(**{**now.__dict__, "account_age_days": max(age, 0.0)})


def decision_vectors() -> tuple[list[dict[str, float]], list[bool]]:
    """Signal values and labels of the stories moderators decided on (those still on the site)."""
    vectors, labels = [], []
    for row in latest_decisions():
        is_ad = label(row)
        story = db.session.get(Story, row.story_id) if row.story_id is not None else None
        if is_ad is None or story is None:
            continue
        text = StoryText(story.title, story.body, tuple(brand.name for brand in story.brands))
        closest = similarity(f"{story.title}\n{story.body}", signals.comparison_fingerprints(story))
        values = signal_values(text, _as_posted(story), closest)
        vectors.append({name: value for name, (value, _reason) in values.items()})
        labels.append(is_ad)
    return vectors, labels


def test_figures(model: Model, threshold: float) -> Figures:
    """The frozen test split, offline (brand-new accounts), in aggregate only."""
    examples = evaluation_set.load(evaluation_set.TEST)
    vectors = evaluation_set.raw_signals(examples)
    return figures([e.is_ad for e in examples], [combine(v, model) for v in vectors], threshold)


def propose(threshold: float) -> Proposal:
    """Only the weights are fitted again: the development stories keep the wording scores recorded
    by the last full fit (each from a wording model fitted without its writer), and the wording
    model and the Platt scaling stay as shipped (refitting them takes bench/detector_fit.py)."""
    development = evaluation_set.load(evaluation_set.DEVELOPMENT)
    vectors, labels = decision_vectors()
    before = shipped_model()
    fitted = calibration.fit(evaluation_set.raw_signals(development, calibration.recorded_wording()) + vectors,
                             [e.is_ad for e in development] + labels)
    after = calibration.with_behaviour(replace(fitted, slope=before.slope, offset=before.offset), threshold)
    return Proposal(before, after, len(labels), test_figures(before, threshold), test_figures(after, threshold))
