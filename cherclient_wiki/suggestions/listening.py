"""The listening index (« Les marques à l'écoute »): how each brand answers its customers'
suggestions.

Per brand, over its published suggestions (never those of its own declared representatives):
the share answered (a representative moved it on from « reçue »), the median time to that first
answer, and the share accepted or done. The ranking uses the leaderboard's small-sample care
(leaderboard.ranking): each suggestion is worth 0.5^(delay / HALF_LIFE) — answered in 2 days
≈ 0.8, in 2 months ≈ 0, and one still waiting counts as if answered now, so silence costs more
every day — the brand's mean is pulled toward the site's mean as if PRIOR_WEIGHT suggestions
had it, and brands are sorted by a one-sided 95 % lower bound; fewer than MIN_SUGGESTIONS:
« non classée ».
"""
from __future__ import annotations

import statistics as stats
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from ..brands.models import Brand, BrandRepresentative
from ..core.db import db, utcnow
from ..leaderboard.ranking import PRIOR_WEIGHT, lower_bound, shrunk_mean
from ..leaderboard.statistics import cached
from ..stories.choices import Status as Screened
from .models import ADOPTED, Suggestion, SuggestionEvent

HALF_LIFE_HOURS = 7 * 24.0
MIN_SUGGESTIONS = 3
NEUTRAL = 0.5  # the prior with no suggestion at all


@dataclass(frozen=True)
class Counted:
    """One suggestion as the index reads it."""

    brand_id: int
    created_at: datetime
    first_answer_at: datetime | None
    adopted: bool


@dataclass(frozen=True)
class Listening:
    brand_id: int
    name: str
    slug: str
    suggestions: int
    answered_rate: float | None
    median_first_answer_hours: float | None
    adoption_rate: float | None
    score: float  # 0–100, the lower bound
    rank: int | None


def hours(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() / 3600)


def worth(item: Counted, now: datetime) -> float:
    """What one suggestion says of the brand's listening, from 0 (never answered) to 1 (at once)."""
    delay = hours(item.created_at, item.first_answer_at or now)
    return float(0.5 ** (delay / HALF_LIFE_HOURS))


def figures(items: list[Counted]) -> tuple[float | None, float | None, float | None]:
    """(answered_rate, median_first_answer_hours, adoption_rate) of one brand's suggestions."""
    if not items:
        return None, None, None
    delays = [hours(item.created_at, item.first_answer_at) for item in items if item.first_answer_at is not None]
    return (
        len(delays) / len(items),
        stats.median(delays) if delays else None,
        sum(item.adopted for item in items) / len(items),
    )


def rank(items: Iterable[Counted], names: dict[int, tuple[str, str]], now: datetime) -> list[Listening]:
    """Ranked brands first (lower bound, then mean, then count), then the unranked ones."""
    by_brand: dict[int, list[Counted]] = {}
    for item in items:
        by_brand.setdefault(item.brand_id, []).append(item)
    sums = {brand_id: sum(worth(item, now) for item in found) for brand_id, found in by_brand.items()}
    count = sum(len(found) for found in by_brand.values())
    prior = sum(sums.values()) / count if count else NEUTRAL
    scored = []
    for brand_id, found in by_brand.items():
        mean = shrunk_mean(sums[brand_id], len(found), prior)
        bound = lower_bound(mean, PRIOR_WEIGHT + len(found))
        name, slug = names[brand_id]
        scored.append((len(found) < MIN_SUGGESTIONS, -bound, -mean, -len(found), name, brand_id, slug, found))
    scored.sort()
    board = []
    for position, (unranked, minus_bound, _m, _n, name, brand_id, slug, found) in enumerate(scored, start=1):
        answered, median, adopted = figures(found)
        board.append(Listening(brand_id, name, slug, len(found), answered, median, adopted, -100 * minus_bound,
                               None if unranked else position))
    return board


def counted() -> list[Counted]:
    """Every suggestion the index counts: published, not by a representative of its brand."""
    by_representative = exists().where(
        BrandRepresentative.user_id == Suggestion.author_id, BrandRepresentative.brand_id == Suggestion.brand_id,
    )
    rows = db.session.execute(
        select(Suggestion.brand_id, Suggestion.created_at, Suggestion.first_answer_at, Suggestion.status)
        .where(Suggestion.screening == Screened.PUBLISHED.value, ~by_representative)
    )
    adopted = {status.value for status in ADOPTED}
    return [Counted(row.brand_id, row.created_at, row.first_answer_at, row.status in adopted) for row in rows]


def _mark() -> tuple[object, ...]:
    """What changes whenever the index may have (the statistics cache's own fingerprint watches
    stories, brands and representatives): suggestions added, moderated or answered."""
    return tuple(db.session.execute(select(
        select(func.count()).select_from(Suggestion).scalar_subquery(),
        select(func.max(Suggestion.updated_at)).scalar_subquery(),
        select(func.count()).select_from(Suggestion).where(Suggestion.screening == Screened.PUBLISHED.value).scalar_subquery(),
        select(func.coalesce(func.max(SuggestionEvent.id), 0)).scalar_subquery(),
    )).one())


def board() -> list[Listening]:
    """The whole index, cached with the other statistics until a suggestion moves (and at most
    STATISTICS_CACHE_SECONDS, since waiting suggestions lose worth as time passes)."""
    def compute() -> list[Listening]:
        items = counted()
        ids = {item.brand_id for item in items}
        names = {row.id: (row.name, row.slug) for row in db.session.execute(select(Brand.id, Brand.name, Brand.slug).where(Brand.id.in_(ids)))}
        return rank(items, names, utcnow())

    return cached(("listening", _mark()), compute)


def of_brand(brand: Brand) -> Listening:
    """A brand's line (zeros when nobody has suggested anything to it yet)."""
    found = next((line for line in board() if line.brand_id == brand.id), None)
    return found or Listening(brand.id, brand.name, brand.slug, 0, None, None, None, 0.0, None)


def method() -> str:
    """The method in two sentences (the page and the API say the same)."""
    return _(
        "Chaque suggestion vaut 0,5 puissance (délai de la première réponse d'un représentant / %(days)d jours) : "
        "répondre en 2 jours vaut environ 0,8, en 2 mois presque 0, et une suggestion sans réponse compte comme si on "
        "lui répondait maintenant, donc de moins en moins chaque jour. La moyenne d'une marque est tirée vers celle du "
        "site comme si %(prior)d suggestions de plus l'avaient, les marques sont classées par une borne basse à 95 %%, "
        "et en dessous de %(min)d suggestions une marque est « non classée ».",
        days=int(HALF_LIFE_HOURS / 24), prior=int(PRIOR_WEIGHT), min=MIN_SUGGESTIONS,
    )
