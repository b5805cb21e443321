"""The detector as a story screener (registered as a screener, core.hooks, by moderation's init_app):
gathers the account signals and candidate originals, scores, keeps the story's MinHash signature
for the stories after it, and returns French reasons."""
from __future__ import annotations

from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from ..core.db import utcnow
from ..core.screening import Screening
from ..stories.models import Story
from . import detector, signals


def screen_story(story: Story | Any) -> Screening:
    """Reasons are stored with the story and shown to its author and the moderators: always in
    French, the site's language, whatever the language of the request that saved it. Other
    screened items (a suggestion: `title`, `body`, `brands`, `author`) are judged on their text
    and the account's age; the account and duplicate signals read stories."""
    if not isinstance(story, Story):
        return _screen_text(story)
    text = detector.StoryText(story.title, story.body, tuple(brand.name for brand in story.brands))
    story.fingerprint = detector.fingerprint_bytes(f"{story.title}\n{story.body}")
    with force_locale("fr"):
        assessment = detector.assess(text, signals.account_signals(story), signals.comparison_fingerprints(story))
        return Screening(score=assessment.score, reasons=assessment.reasons)


def commercial_name_problem(name: str) -> str | None:
    """A name check (core.hooks): a brand's name is a name, not an address, a contact or an offer."""
    addresses = detector.web_addresses(name)
    if addresses:
        return _("« %(name)s » contient une adresse web ou un contact (%(found)s) : indiquez seulement le nom de la marque.",
                 name=name, found=addresses[0].strip())
    offers = detector.mentions_offer(name)
    if offers:
        return _("« %(name)s » contient un prix ou une offre (%(found)s) : indiquez seulement le nom de la marque.",
                 name=name, found=offers[0].strip())
    return None


def _screen_text(item: Any) -> Screening:
    text = detector.StoryText(item.title, item.body, tuple(brand.name for brand in item.brands))
    item.fingerprint = detector.fingerprint_bytes(f"{item.title}\n{item.body}")
    author = item.author
    account = detector.AccountSignals(
        account_age_days=(utcnow() - author.created_at).total_seconds() / 86400 if author is not None else None,
    )
    with force_locale("fr"):
        assessment = detector.assess(text, account)
        return Screening(score=assessment.score, reasons=assessment.reasons)
