"""The leaderboard: what a brand's score measures and why few, flooded or self-written stories
cannot win. The scoring rules are pure functions (tested directly); the data behind them is one SQL
query per set of filters over two summaries that brands.tallies keeps in step with the stories
(brand_totals, counted_stories), cached (brands.statistics.cached).

The score, in four steps (also explained to visitors on /leaderboard/about):
1. each story has a *love* value between 0 and 1: half its satisfaction (1/5 -> 0, 5/5 -> 1), half
   its ending (still loyal or came back -> 1, undecided -> 0.5, left -> 0);
2. each account counts once per brand: its n stories about the brand weigh 1/n each, so the account
   brings the mean love of its stories;
3. the brand's mean is pulled toward the site mean as if PRIOR_WEIGHT extra accounts had given the
   site mean (a Bayesian average), so a brand with two stories cannot beat one with two hundred;
4. brands are sorted by a conservative lower bound of that mean (a one-sided 95 % bound of a Beta
   posterior): the fewer the accounts, the wider the doubt, the lower the bound. Brands with fewer
   than MIN_AUTHORS distinct accounts are listed as "non classée" (rank null).
Only published stories count, and never those of the brand's declared representatives.
"""
from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, NamedTuple

from sqlalchemy import Float, Integer, Select, and_, case, cast, false, func, select, true, union_all
from sqlalchemy.sql import ColumnElement

from ..brands.models import Brand
from ..core.db import db
from ..stories.choices import KEPT, Ending
from ..stories.models import Story, StoryBrand
from .models import BrandTotal, CountedStory
from .statistics import cached, not_by_representative, published

SATISFACTION_LEVELS = range(1, 6)  # 1/5 (very disappointed) to 5/5 (delighted)
SATISFACTION_SHARE = 0.5  # the rest of a story's love comes from its ending
ENDING_VALUE = {Ending.LOYAL: 1.0, Ending.RETURNED: 1.0, Ending.UNDECIDED: 0.5, Ending.LEFT: 0.0}
PRIOR_WEIGHT = 5.0  # the site mean counts as this many accounts
MIN_AUTHORS = 3  # distinct accounts a brand needs to get a rank
LOWER_BOUND_Z = 1.645  # one-sided 95 %
NEUTRAL_MEAN = 0.5  # the prior when there is no story at all
MAX_RETALLIED = 500  # new stories about more brands than this: tally every brand again


@dataclass(frozen=True)
class Filters:
    """The leaderboard's filters; None means "all". `since` is the year a story happened (stories
    without a year are left out when it is set)."""

    kind: str | None = None
    sector: str | None = None
    channel: str | None = None
    since: int | None = None


class BrandTally(NamedTuple):
    """A brand's sums over its accounts (each account's stories averaged first). Named tuples:
    5,000 of them are built at each ranking, and they are the cheapest immutable records."""

    brand_id: int
    slug: str
    name: str
    sector: str
    stories: int
    authors: int
    love_sum: float
    kept_sum: float
    satisfaction_sum: float


class RankedBrand(NamedTuple):
    rank: int | None
    brand: str
    slug: str
    sector: str
    score: float  # 0–100: the lower bound of the shrunk mean love
    mean: float  # 0–100: the shrunk mean love itself
    stories: int
    authors: int
    loyalty_rate: float  # per account (each account's stories averaged)
    avg_satisfaction: float  # per account, 1–5


@dataclass(frozen=True)
class Leaderboard:
    brands: list[RankedBrand]
    site_mean: float  # 0–1


# ---- pure scoring rules --------------------------------------------------------------------


def story_love(satisfaction: int, ending: str) -> float:
    """How much one story says the customer loves the brand, from 0 to 1."""
    span = SATISFACTION_LEVELS[-1] - SATISFACTION_LEVELS[0]
    return (SATISFACTION_SHARE * (satisfaction - SATISFACTION_LEVELS[0]) / span
            + (1 - SATISFACTION_SHARE) * ENDING_VALUE[Ending(ending)])


def site_mean(tallies: Sequence[BrandTally]) -> float:
    """The mean love of every (account, brand) pair: the value a brand is shrunk toward."""
    authors = sum(tally.authors for tally in tallies)
    return sum(tally.love_sum for tally in tallies) / authors if authors else NEUTRAL_MEAN


def shrunk_mean(love_sum: float, authors: int, prior_mean: float, prior_weight: float = PRIOR_WEIGHT) -> float:
    """Bayesian average: the brand's accounts plus `prior_weight` imaginary accounts at the prior."""
    return (prior_weight * prior_mean + love_sum) / (prior_weight + authors)


def lower_bound(mean: float, weight: float, z: float = LOWER_BOUND_Z) -> float:
    """Normal approximation of a Beta posterior's lower quantile: mean − z·√(mean(1−mean)/(weight+1))."""
    return max(0.0, mean - z * math.sqrt(mean * (1 - mean) / (weight + 1)))


def rank_brands(
    tallies: Sequence[BrandTally], prior_weight: float = PRIOR_WEIGHT, min_authors: int = MIN_AUTHORS
) -> Leaderboard:
    """Ranked brands first (by lower bound, then mean, then accounts), then the unranked ones."""
    prior = site_mean(tallies)
    scored = []
    for tally in tallies:
        mean = shrunk_mean(tally.love_sum, tally.authors, prior, prior_weight)
        bound = lower_bound(mean, prior_weight + tally.authors)
        scored.append((tally.authors < min_authors, -bound, -mean, -tally.authors, tally.name, tally.slug, tally))
    scored.sort()
    brands = [
        RankedBrand(
            None if unranked else position, tally.name, tally.slug, tally.sector, -100 * minus_bound,
            -100 * minus_mean, tally.stories, tally.authors, tally.kept_sum / tally.authors,
            tally.satisfaction_sum / tally.authors,
        )
        for position, (unranked, minus_bound, minus_mean, _a, _n, _s, tally) in enumerate(scored, start=1)
    ]
    return Leaderboard(brands, prior)


EXAMPLE_PRIOR = 0.6  # the site mean assumed by the worked example on /leaderboard/about
EXAMPLE_BRANDS = ((1, 1.0), (20, 0.8), (200, 0.8), (20, 0.3))  # (accounts, raw mean love)


def worked_example() -> list[tuple[int, float, float, float]]:
    """(accounts, raw mean, shrunk mean, score) for a few typical brands, all on a 0–100 scale,
    computed by the very functions the leaderboard uses."""
    rows = []
    for authors, raw in EXAMPLE_BRANDS:
        mean = shrunk_mean(raw * authors, authors, EXAMPLE_PRIOR)
        rows.append((authors, 100 * raw, 100 * mean, 100 * lower_bound(mean, PRIOR_WEIGHT + authors)))
    return rows


def in_words() -> dict[str, Any]:
    """The numbers /leaderboard/about quotes in its sentences, taken from the rule itself (0–100)."""
    lowest, highest = SATISFACTION_LEVELS[0], SATISFACTION_LEVELS[-1]
    ending_points = {ending.value: 100 * (1 - SATISFACTION_SHARE) * value for ending, value in ENDING_VALUE.items()}
    _alone, (many, level), (more, _same), _leaking = EXAMPLE_BRANDS
    return {
        "lowest": lowest, "highest": highest,
        "satisfaction_points": 100 * SATISFACTION_SHARE, "ending_points": 100 * (1 - SATISFACTION_SHARE),
        "loyal": ending_points[Ending.LOYAL.value], "returned": ending_points[Ending.RETURNED.value],
        "undecided": ending_points[Ending.UNDECIDED.value], "left": ending_points[Ending.LEFT.value],
        "confidence": round(100 * NormalDist().cdf(LOWER_BOUND_Z)),
        "many": many, "level": 100 * level, "more": more,
    }


def method() -> dict[str, Any]:
    """The rules in machine-readable form, for the API's "method" field."""
    return {
        "story_love": {
            "satisfaction_share": SATISFACTION_SHARE,
            "satisfaction": "(satisfaction - 1) / 4",
            "ending_value": {ending.value: value for ending, value in ENDING_VALUE.items()},
        },
        "account_weight": "1/n for an account's n stories about the brand",
        "prior_weight": PRIOR_WEIGHT,
        "prior_mean": "mean love of every (account, brand) pair under the same filters",
        "score": "100 × (shrunk mean − z·√(mean(1−mean)/(prior_weight + accounts + 1))), floored at 0",
        "z": LOWER_BOUND_Z,
        "min_authors": MIN_AUTHORS,
        "counted": "published stories only; stories by the brand's declared representatives excluded",
        "loyalty_rate": "share of accounts' stories ending loyal or returned, each account weighted once",
    }


# ---- the data ------------------------------------------------------------------------------


def love_sql(satisfaction: Any, ending: Any) -> ColumnElement[float]:
    """story_love as a SQL expression: the function's value for every (satisfaction, ending) a story
    can have, so that the rule is written once (migration 0011 filled the tables with it too)."""
    return case(
        *((and_(satisfaction == level, ending == value), story_love(level, value))
          for level in SATISFACTION_LEVELS for value in (e.value for e in Ending)),
        else_=0.0,
    )


def account() -> ColumnElement[int]:
    """Who a story counts for: its author, or the story alone once its account is deleted."""
    return func.coalesce(Story.author_id, -Story.id)


ENDING_COLUMNS = {ending.value: f"ending_{ending.value}" for ending in Ending}  # brand_totals' count per ending
COUNTED_COLUMNS = ("brand_id", "account", "story_id", "kind", "channel", "year", "love", "kept", "satisfaction", "sole", "ending")


def counted(*conditions: ColumnElement[bool]) -> Select[Any]:
    """The (story, brand) pairs that count — published, not by the brand's representatives — in the
    columns of counted_stories (COUNTED_COLUMNS; brands.tallies inserts them). `conditions` must take
    or leave an account's stories about a brand all together, or `sole` is wrong."""
    columns = (
        StoryBrand.brand_id, account(), Story.id, Story.kind, Story.channel, Story.year,
        love_sql(Story.satisfaction, Story.ending),
        case((Story.ending.in_([e.value for e in KEPT]), 1), else_=0),
        Story.satisfaction,
        func.count().over(partition_by=(StoryBrand.brand_id, account())) == 1,
        Story.ending,
    )
    return (
        select(*(column.label(name) for column, name in zip(columns, COUNTED_COLUMNS, strict=True)))
        .join(Story, Story.id == StoryBrand.story_id)
        .where(published(), not_by_representative(StoryBrand.brand_id), *conditions)
    )


def per_account(*conditions: ColumnElement[bool], endings: bool = False) -> Select[Any]:
    """Sums per (brand, account) of the counted stories (and their counts per ending, for brand_totals)."""
    table = CountedStory.__table__
    per_ending = [func.count().filter(table.c.ending == ending).label(name) for ending, name in ENDING_COLUMNS.items()]
    return (
        select(
            table.c.brand_id, table.c.account, func.count().label("stories"), func.sum(table.c.love).label("love"),
            func.sum(table.c.kept).label("kept"), func.sum(table.c.satisfaction).label("satisfaction"),
            *(per_ending if endings else ()),
        )
        .where(*conditions)
        .group_by(table.c.brand_id, table.c.account)
    )


def per_brand(source: Any) -> Select[Any]:
    """A brand's sums over the (brand, account) rows of `source`, each account's sums divided by its
    story count first so that it counts once: the rows of brand_totals (brands.tallies keeps them),
    and the part of a filtered board that comes from accounts with several stories. Counts per
    ending, when `source` has them, are plain sums: the observatory counts stories, not accounts."""
    return select(
        source.c.brand_id,
        cast(func.sum(source.c.stories), Integer).label("stories"),  # not PostgreSQL's numeric
        cast(func.count(), Integer).label("authors"),
        func.sum(source.c.love / source.c.stories).label("love"),
        func.sum(cast(source.c.kept, Float) / source.c.stories).label("kept"),
        func.sum(cast(source.c.satisfaction, Float) / source.c.stories).label("satisfaction"),
        *(cast(func.sum(source.c[name]), Integer).label(name) for name in ENDING_COLUMNS.values() if name in source.c),
    ).group_by(source.c.brand_id)


def filtered_sums(conditions: Sequence[ColumnElement[bool]]) -> Any:
    """Per brand, the sums over its accounts under story filters, in two parts added up: the stories
    that are their account's only one about the brand, summed per brand in the order of the index
    (no sort; this is most stories), and the accounts with several, grouped per account first."""
    table = CountedStory.__table__
    sole = select(
        table.c.brand_id, func.count().label("stories"), func.count().label("authors"), func.sum(table.c.love).label("love"),
        func.sum(cast(table.c.kept, Float)).label("kept"), func.sum(cast(table.c.satisfaction, Float)).label("satisfaction"),
    ).where(table.c.sole == true(), *conditions).group_by(table.c.brand_id)
    several = per_brand(per_account(table.c.sole == false(), *conditions).subquery())
    both = union_all(sole, several).subquery()
    return select(
        both.c.brand_id,
        cast(func.sum(both.c.stories), Integer).label("stories"), cast(func.sum(both.c.authors), Integer).label("authors"),
        func.sum(both.c.love).label("love"), func.sum(both.c.kept).label("kept"),
        func.sum(both.c.satisfaction).label("satisfaction"),
    ).group_by(both.c.brand_id).subquery()


def tallies(filters: Filters, brand_ids: Collection[int] | None = None) -> list[BrandTally]:
    """Per brand (all, or only `brand_ids`), the sums over its accounts of each account's means:
    brand_totals, one row per brand, unless a filter is about the stories (kind, channel, year);
    then counted_stories under that filter."""
    table = CountedStory.__table__
    story_conditions = []
    if filters.kind:
        story_conditions.append(table.c.kind == filters.kind)
    if filters.channel:
        story_conditions.append(table.c.channel == filters.channel)
    if filters.since is not None:
        story_conditions.append(table.c.year >= filters.since)
    if story_conditions:
        if brand_ids is not None:
            story_conditions.append(table.c.brand_id.in_(list(brand_ids)))
        sums = filtered_sums(story_conditions)
    else:
        sums = BrandTotal.__table__
    query = select(
        sums.c.brand_id, Brand.slug, Brand.name, Brand.sector,
        sums.c.stories, sums.c.authors, sums.c.love, sums.c.kept, sums.c.satisfaction,
    ).join(sums, sums.c.brand_id == Brand.id)
    if filters.sector:
        query = query.where(Brand.sector == filters.sector)
    if brand_ids is not None:
        query = query.where(sums.c.brand_id.in_(list(brand_ids)))
    rows = db.session.connection().execute(query)  # Core: 5,000 rows need no ORM result processing
    return list(map(BrandTally._make, rows))  # columns in BrandTally's order


@dataclass(frozen=True)
class Standings:
    """What the cache keeps: the ranking, and the tallies it came from, so that new stories
    only re-tally the brands they are about."""

    tallies: dict[int, BrandTally]
    board: Leaderboard


def standings(filters: Filters) -> Standings:
    found = tallies(filters)
    return Standings({tally.brand_id: tally for tally in found}, rank_brands(found))


def with_new_stories(filters: Filters, old: Standings, last_story_id: int) -> Standings:
    """Re-tally only the brands the stories after `last_story_id` are about, then rank again
    (every score moves a little: the site mean did)."""
    touched = set(db.session.scalars(select(StoryBrand.brand_id).where(StoryBrand.story_id > last_story_id)))
    if not touched:
        return old
    if len(touched) > MAX_RETALLIED:
        return standings(filters)
    merged = {brand_id: tally for brand_id, tally in old.tallies.items() if brand_id not in touched}
    merged.update((tally.brand_id, tally) for tally in tallies(filters, touched))
    return Standings(merged, rank_brands(list(merged.values())))


def leaderboard(filters: Filters = Filters()) -> Leaderboard:
    found = cached(
        ("leaderboard", filters), lambda: standings(filters),
        extend=lambda old, last: with_new_stories(filters, old, last),
    )
    return found.board


def standing(brand: Brand) -> RankedBrand | None:
    """A brand's line in the unfiltered leaderboard (None: no published story counts yet)."""
    return next((entry for entry in leaderboard().brands if entry.slug == brand.slug), None)


def sectors() -> list[str]:
    """Sectors that have brands, for the filter's choices."""
    return list(db.session.scalars(select(Brand.sector).distinct().order_by(Brand.sector)))
