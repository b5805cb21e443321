"""The detector as a story screener (registered in stories.screening by moderation's init_app):
gathers the account signals and candidate originals, scores, keeps the story's MinHash signature
for the stories after it, and returns French reasons."""
from __future__ import annotations

from flask_babel import force_locale

from ..stories.models import Story
from ..stories.screening import Screening
from . import detector, signals


def screen_story(story: Story) -> Screening:
    """Reasons are stored with the story and shown to its author and the moderators: always in
    French, the site's language, whatever the language of the request that saved it."""
    text = detector.StoryText(story.title, story.body, tuple(brand.name for brand in story.brands))
    story.fingerprint = detector.fingerprint_bytes(f"{story.title}\n{story.body}")
    with force_locale("fr"):
        assessment = detector.assess(text, signals.account_signals(story), signals.comparison_fingerprints(story))
        return Screening(score=assessment.score, reasons=assessment.reasons)
