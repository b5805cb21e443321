"""The detector as a story screener (registered as a screener, core.hooks, by moderation's init_app):
gathers the account signals and candidate originals, scores, keeps the story's MinHash signature
for the stories after it, and returns French reasons."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from ..core.screening import Screening
from ..stories.models import Story
from . import detector, signals


def screen_story(story: Story) -> Screening:
    """Reasons are stored with the story and shown to its author and the moderators: always in
    French, the site's language, whatever the language of the request that saved it."""
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
