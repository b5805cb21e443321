"""Story statistics shared by the brand page, the leaderboard and the observatory: ending tallies,
Wilson intervals, one brand's figures, and the cache that keeps the big aggregates cheap.

The cache is invalidated three ways, so that it is never stale for long even with several processes:
a session listener bumps this process's version when a story, a brand link, a brand or a
representative changes; a cheap database fingerprint (counts and the latest `updated_at`) catches
changes made by other processes; a maximum age bounds whatever both could miss (a rename or a
deleted story in another process).
"""
from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, TypeVar

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, exists, func, select
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql import ColumnElement

from ..db import db
from ..stories.choices import KEPT, Ending, Kind, Status
from ..stories.models import Story, StoryBrand
from .models import Brand, BrandRepresentative

T = TypeVar("T")

WILSON_Z = 1.96  # 95 % two-sided
CACHE_EXTENSION = "statistics_cache"
DEFAULT_MAX_AGE = 300.0  # seconds; config STATISTICS_CACHE_SECONDS
MAX_ENTRIES = 64  # results kept (a leaderboard of 5,000 brands is about 1 MB); the oldest go first
WATCHED = (Story, StoryBrand, Brand, BrandRepresentative)


# ---- tallies -------------------------------------------------------------------------------


@dataclass
class EndingCounts:
    """How many stories ended each way; the loyalty rate counts the endings in choices.KEPT."""

    counts: dict[str, int] = field(default_factory=lambda: {ending.value: 0 for ending in Ending})

    def add(self, ending: str, n: int) -> None:
        self.counts[ending] = self.counts.get(ending, 0) + n

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def kept(self) -> int:
        return sum(self.counts.get(ending.value, 0) for ending in KEPT)

    @property
    def loyalty_rate(self) -> float | None:
        return self.kept / self.total if self.total else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.kept, self.total)

    def share(self, ending: str) -> float | None:
        return self.counts.get(ending, 0) / self.total if self.total else None

    def as_json(self) -> dict[str, Any]:
        interval = self.interval
        return {
            **self.counts,
            "total": self.total,
            "loyalty_rate": rounded(self.loyalty_rate),
            "loyalty_interval": [rounded(bound) for bound in interval] if interval else None,
        }


def wilson_interval(successes: int, trials: int, z: float = WILSON_Z) -> tuple[float, float] | None:
    """Wilson score interval: unlike the textbook p ± z·se it stays inside [0, 1] and stays honest
    with a handful of stories (3 out of 3 loyal is not "100 % for sure")."""
    if trials <= 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    margin = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - margin), min(1.0, centre + margin)


def rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def tally_by(rows: Iterable[Any], key: Callable[[Any], Hashable]) -> dict[Any, EndingCounts]:
    """Group (…, ending, n) rows into one EndingCounts per key."""
    groups: dict[Any, EndingCounts] = {}
    for row in rows:
        groups.setdefault(key(row), EndingCounts()).add(row.ending, int(row.n))
    return groups


def published() -> ColumnElement[bool]:
    return Story.status == Status.PUBLISHED.value


def not_by_representative(brand_id: Any) -> ColumnElement[bool]:
    """A brand's declared representatives never count in its figures."""
    return ~exists().where(BrandRepresentative.user_id == Story.author_id, BrandRepresentative.brand_id == brand_id)


# ---- one brand -----------------------------------------------------------------------------


@dataclass
class BrandStatistics:
    by_kind: dict[str, int]
    endings: EndingCounts
    complaints: EndingCounts
    satisfaction_sum: int
    by_year: list[tuple[int | None, int]]  # unknown year last

    @property
    def stories(self) -> int:
        return self.endings.total

    @property
    def avg_satisfaction(self) -> float | None:
        return self.satisfaction_sum / self.stories if self.stories else None

    @property
    def complaint_recovery_rate(self) -> float | None:
        """Complaints that still ended with a loyal or returning customer."""
        return self.complaints.loyalty_rate

    def as_json(self) -> dict[str, Any]:
        return {
            "stories": self.stories,
            "by_kind": self.by_kind,
            "by_ending": self.endings.counts,
            "loyalty_rate": rounded(self.endings.loyalty_rate),
            "avg_satisfaction": rounded(self.avg_satisfaction, 2),
            "complaints": self.complaints.total,
            "complaint_recovery_rate": rounded(self.complaint_recovery_rate),
            "by_year": [{"year": year, "stories": n} for year, n in self.by_year],
        }


def brand_statistics(brand: Brand) -> BrandStatistics:
    """One GROUP BY over the brand's published stories, its representatives' stories left out."""
    rows = db.session.execute(
        select(Story.kind, Story.ending, Story.year, func.count().label("n"), func.sum(Story.satisfaction).label("sat"))
        .join(StoryBrand, StoryBrand.story_id == Story.id)
        .where(StoryBrand.brand_id == brand.id, published(), not_by_representative(StoryBrand.brand_id))
        .group_by(Story.kind, Story.ending, Story.year)
    ).all()
    by_kind = {kind.value: 0 for kind in Kind}
    endings, complaints = EndingCounts(), EndingCounts()
    years: dict[int | None, int] = {}
    for row in rows:
        by_kind[row.kind] = by_kind.get(row.kind, 0) + row.n
        endings.add(row.ending, row.n)
        if row.kind == Kind.COMPLAINT.value:
            complaints.add(row.ending, row.n)
        years[row.year] = years.get(row.year, 0) + row.n
    by_year = sorted(years.items(), key=lambda item: (item[0] is None, item[0] or 0))
    return BrandStatistics(by_kind, endings, complaints, sum(int(row.sat) for row in rows), by_year)


def representative_ids(brand: Brand) -> set[int]:
    return set(db.session.scalars(select(BrandRepresentative.user_id).where(BrandRepresentative.brand_id == brand.id)))


# ---- cache ---------------------------------------------------------------------------------


@dataclass
class StatisticsCache:
    version: int = 0
    entries: OrderedDict[Hashable, tuple[tuple[Any, ...], float, Any]] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def bump(self) -> None:
        with self.lock:
            self.version += 1
            self.entries.clear()


def fingerprint() -> tuple[Any, ...]:
    """What changes whenever the figures may have, in one round trip of index probes (no scan):
    a new story raises max(id), an edit raises max(updated_at), a moderation decision moves the
    count of held stories, a merge removes a brand, a representative changes their table."""
    held = [status.value for status in Status if status is not Status.PUBLISHED]
    row = db.session.execute(
        select(
            select(func.max(Story.id)).scalar_subquery(),
            select(func.max(Story.updated_at)).scalar_subquery(),
            select(func.count()).select_from(Story).where(Story.status.in_(held)).scalar_subquery(),
            select(func.count()).select_from(Brand).scalar_subquery(),
            select(func.max(Brand.id)).scalar_subquery(),
            select(func.count()).select_from(BrandRepresentative).scalar_subquery(),
            select(func.max(BrandRepresentative.created_at)).scalar_subquery(),
        )
    ).one()
    return tuple(row)


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per key until the data changes (see the module docstring)."""
    cache: StatisticsCache = current_app.extensions[CACHE_EXTENSION]
    max_age = float(current_app.config.get("STATISTICS_CACHE_SECONDS", DEFAULT_MAX_AGE))
    stamp = (cache.version, *fingerprint())
    now = time.monotonic()
    with cache.lock:
        hit = cache.entries.get(key)
        if hit is not None and hit[0] == stamp and now - hit[1] < max_age:
            cache.entries.move_to_end(key)
            return hit[2]  # type: ignore[no-any-return]
    value = compute()
    with cache.lock:
        cache.entries[key] = (stamp, now, value)
        cache.entries.move_to_end(key)
        while len(cache.entries) > MAX_ENTRIES:
            cache.entries.popitem(last=False)
    return value


def _watched(objects: Iterable[object]) -> bool:
    return any(isinstance(obj, WATCHED) for obj in objects)


def _note_flush(session: Session, _context: Any) -> None:
    if _watched(chain(session.new, session.dirty, session.deleted)):
        session.info["statistics_changed"] = True


def _note_bulk(state: ORMExecuteState) -> None:
    """Bulk `update(Story)…`/`delete(StoryBrand)…` statements skip the flush; catch them too."""
    if (state.is_update or state.is_delete or state.is_insert) and state.bind_mapper is not None:
        if issubclass(state.bind_mapper.class_, WATCHED):
            state.session.info["statistics_changed"] = True


def _bump_after_commit(session: Session) -> None:
    if session.info.pop("statistics_changed", False) and has_app_context():
        cache = current_app.extensions.get(CACHE_EXTENSION)
        if cache is not None:
            cache.bump()


def _forget_after_rollback(session: Session) -> None:
    session.info.pop("statistics_changed", None)


def init_cache(app: Flask) -> None:
    app.extensions.setdefault(CACHE_EXTENSION, StatisticsCache())
    for name, listener in (
        ("after_flush", _note_flush),
        ("do_orm_execute", _note_bulk),
        ("after_commit", _bump_after_commit),
        ("after_rollback", _forget_after_rollback),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
