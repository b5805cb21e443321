"""Story statistics shared by the brand page, the leaderboard and the observatory: ending tallies,
Wilson intervals, one brand's figures, and the cache that keeps the big aggregates cheap.

The cache follows the data three ways, so that it is never stale for long even with several
processes or app servers. A cheap database fingerprint (index probes: max id, max `updated_at`,
held stories, brands, representatives, and the statistics' data version) tells whether anything changed,
in this process or another one. When the only change is new stories (the common case: people
posting), a cached result is *extended* with them instead of recomputed. Anything else — an edit,
a moderation decision, a merge, a rename (seen by a session listener, which bumps the version
in the same transaction, core.versions) — recomputes, on every server. A maximum age bounds the rest (a change
made by raw SQL).
"""
from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from weakref import WeakSet

from flask import Flask, current_app, has_app_context
from sqlalchemy import exists, func, select
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql import ColumnElement

from ..brands.models import Brand, BrandRepresentative
from ..core import versions
from ..core.db import db, on_session
from ..core.versions import DataVersion
from ..stories.choices import KEPT, Ending, Kind, Status
from ..stories.models import Story, StoryBrand

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

    def __add__(self, other: EndingCounts) -> EndingCounts:
        total = EndingCounts(dict(self.counts))
        for ending, n in other.counts.items():
            total.add(ending, n)
        return total

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


@dataclass(frozen=True)
class Mark:
    """Where the data stood when a result was computed (see `fingerprint`)."""

    max_story_id: int
    max_updated_at: datetime | None
    held: int  # stories pending or rejected
    brands: int
    max_brand_id: int
    representatives: int
    max_representative_at: datetime | None
    generation: int  # changes the other probes cannot see, made by any server


@dataclass
class _Entry:
    version: int
    mark: Mark
    created: float
    value: Any


@dataclass
class StatisticsCache:
    version: int = 0
    entries: OrderedDict[Hashable, _Entry] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def bump(self) -> None:
        with self.lock:
            self.version += 1
            self.entries.clear()


HELD = [status.value for status in Status if status is not Status.PUBLISHED]


def fingerprint() -> Mark:
    """What changes whenever the figures may have, in one round trip of index probes (no scan):
    a new story raises max(id), an edit raises max(updated_at), a moderation decision moves the
    count of held stories, a merge removes a brand, a representative changes their table."""
    row = db.session.execute(
        select(
            select(func.coalesce(func.max(Story.id), 0)).scalar_subquery(),
            select(func.max(Story.updated_at)).scalar_subquery(),
            select(func.count()).select_from(Story).where(Story.status.in_(HELD)).scalar_subquery(),
            select(func.count()).select_from(Brand).scalar_subquery(),
            select(func.coalesce(func.max(Brand.id), 0)).scalar_subquery(),
            select(func.count()).select_from(BrandRepresentative).scalar_subquery(),
            select(func.max(BrandRepresentative.created_at)).scalar_subquery(),
            func.coalesce(select(DataVersion.version).where(DataVersion.name == versions.STATISTICS).scalar_subquery(), 0),
        )
    ).one()
    return Mark(*row)


def only_new_stories(old: Mark, new: Mark) -> bool:
    """True when everything since `old` is stories (and brands) appended after it: the stories
    then known are unchanged, so a result can be extended with the new ones instead of recomputed.
    Edits raise updated_at on old ids; moderation moves the held count among old ids; a deleted
    brand breaks "brands only appended"; any representative change forces a full recompute."""
    if (new.representatives, new.max_representative_at, new.generation) != (old.representatives, old.max_representative_at, old.generation):
        return False
    if new.max_story_id < old.max_story_id or new.brands - old.brands != new.max_brand_id - old.max_brand_id:
        return False
    # Each count has one condition an index answers alone: (all − new ones) for old stories.
    new_story = Story.id > old.max_story_id
    recent = Story.updated_at > old.max_updated_at if old.max_updated_at is not None else Story.id.is_not(None)
    counts = [
        select(func.count()).select_from(Story).where(*conditions).scalar_subquery()
        for conditions in ([recent], [new_story, recent], [Story.status.in_(HELD)], [new_story, Story.status.in_(HELD)])
    ]
    touched, touched_new, held, held_new = db.session.execute(select(*counts)).one()
    return bool(touched == touched_new and held - held_new == old.held)


def cached(key: Hashable, compute: Callable[[], T], extend: Callable[[T, int], T] | None = None) -> T:
    """`compute()` once per key until the data changes (see the module docstring). With `extend`,
    a result made stale by new stories only is brought up to date by `extend(value, last_story_id)`,
    which looks at the stories after `last_story_id` only."""
    cache: StatisticsCache = current_app.extensions[CACHE_EXTENSION]
    max_age = float(current_app.config.get("STATISTICS_CACHE_SECONDS", DEFAULT_MAX_AGE))
    version, mark, now = cache.version, fingerprint(), time.monotonic()
    with cache.lock:
        hit = cache.entries.get(key)
    if hit is not None and hit.version == version and now - hit.created < max_age:
        if hit.mark == mark:
            with cache.lock:
                cache.entries.move_to_end(key)
            return hit.value  # type: ignore[no-any-return]
        if extend is not None and only_new_stories(hit.mark, mark):
            value = extend(hit.value, hit.mark.max_story_id)
            _store(cache, key, _Entry(version, mark, hit.created, value))  # still aged from the full compute
            return value
    value = compute()
    _store(cache, key, _Entry(version, mark, now, value))
    return value


def _store(cache: StatisticsCache, key: Hashable, entry: _Entry) -> None:
    with cache.lock:
        if entry.version != cache.version:
            return  # a change was committed meanwhile: do not keep what may predate it
        cache.entries[key] = entry
        cache.entries.move_to_end(key)
        while len(cache.entries) > MAX_ENTRIES:
            cache.entries.popitem(last=False)


# ---- invalidation: what this process changes ---------------------------------------------------
# Appending stories (with their links and new brands) is left to the fingerprint, which extends the
# cached results; anything else a session writes to these tables empties the cache at commit.

APPENDED = (Story, StoryBrand, Brand)
INSERTED = "statistics_inserted"
CHANGED = "statistics_changed"


def _note_flush(session: Session, _context: Any) -> None:
    """A story created, then screened (a second flush) in one transaction is still just appended."""
    inserted: WeakSet[object] = session.info.setdefault(INSERTED, WeakSet())
    for obj in session.new:
        if isinstance(obj, APPENDED):
            inserted.add(obj)
        elif isinstance(obj, WATCHED):
            session.info[CHANGED] = True
    for obj in session.dirty:
        if isinstance(obj, WATCHED) and obj not in inserted:
            session.info[CHANGED] = True
    if any(isinstance(obj, WATCHED) for obj in session.deleted):
        session.info[CHANGED] = True


def _note_bulk(state: ORMExecuteState) -> None:
    """Bulk `update(Story)…`/`delete(StoryBrand)…` statements skip the flush; catch them too."""
    if (state.is_update or state.is_delete or state.is_insert) and state.bind_mapper is not None:
        if issubclass(state.bind_mapper.class_, WATCHED):
            state.session.info[CHANGED] = True


def _bump_before_commit(session: Session) -> None:
    """The other servers learn of the change through the generation, committed with it."""
    if session.in_nested_transaction():
        return
    session.flush()  # the last flush happens after this event: let _note_flush see it now
    if session.info.get(CHANGED) and versions.migrated(session):
        versions.bump(session, versions.STATISTICS)


def _bump_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released (e.g. brand creation): the real commit comes later
    session.info.pop(INSERTED, None)
    if session.info.pop(CHANGED, False) and has_app_context():
        cache = current_app.extensions.get(CACHE_EXTENSION)
        if cache is not None:
            cache.bump()


def _forget_after_rollback(session: Session) -> None:
    session.info.pop(INSERTED, None)
    session.info.pop(CHANGED, None)


def init_cache(app: Flask) -> None:
    app.extensions.setdefault(CACHE_EXTENSION, StatisticsCache())
    for name, listener in (
        ("after_flush", _note_flush),
        ("do_orm_execute", _note_bulk),
        ("before_commit", _bump_before_commit),
        ("after_commit", _bump_after_commit),
        ("after_rollback", _forget_after_rollback),
    ):
        on_session(name, listener)
