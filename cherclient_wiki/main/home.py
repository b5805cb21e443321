"""What the home page shows: the latest stories and suggestions, recently changed pages, and the
top of the leaderboard and of the listening index (both read from the statistics cache, as on
their own pages)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..core.db import db
from ..leaderboard.ranking import RankedBrand, leaderboard
from ..stories import listing as stories
from ..suggestions import listening
from ..suggestions import listing as suggestions
from ..wiki.models import Page

SHOWN = 5


@dataclass(frozen=True)
class Home:
    stories: list[Any]
    suggestions: list[Any]
    supports: dict[int, int]
    pages: list[Page]
    leaders: list[RankedBrand]
    listeners: list[listening.Listening]


def home() -> Home:
    latest = suggestions.published(per_page=SHOWN).items
    pages = list(db.session.scalars(
        select(Page).where(Page.deleted_at.is_(None), Page.latest_number > 0).order_by(Page.updated_at.desc()).limit(SHOWN)
    ))
    return Home(
        stories=stories.published(per_page=SHOWN).items,
        suggestions=latest,
        supports=suggestions.support_counts(latest),
        pages=pages,
        leaders=[entry for entry in leaderboard().brands if entry.rank is not None][:SHOWN],
        listeners=[line for line in listening.board() if line.rank is not None][:SHOWN],
    )
