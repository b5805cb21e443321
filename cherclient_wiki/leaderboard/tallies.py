"""Keeps counted_stories (models.CountedStory) equal to ranking.counted over the stories, and
brand_totals (models.BrandTotal) equal to those rows summed per brand, in the same transaction as the
change. After each flush, the (brand, account) pairs that the flushed stories, brand links and
representatives touched — before and after the change — are rewritten from the stories (their
sums read, their rows deleted and inserted again, their sums read again), and each brand's total
moves by the difference, with an upsert that adds. On PostgreSQL, writers about one brand take
turns (an advisory lock per brand, held to the commit), so that the second one reads what the first
one wrote rather than a snapshot without it. A merge's moved links, a moderation decision, an edit
of what a story says all go through the ORM, so every writer is covered. counted_stories has no
foreign key to the stories: a deleted story's rows must still be there for the flush to take them
away from the total.

Bulk statements through the session (`session.execute(update(Story)…)`) name no pair: both tables
are rebuilt after them (slow on a big site; the application issues none). Statements on a bare
connection skip the session altogether: whoever writes that way calls `refresh` itself
(bench/leaderboard_bench.py does).
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import chain, product
from typing import Any

from sqlalchemy import Connection, Result, delete, func, insert, inspect, select, tuple_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session

from ..brands.models import BrandRepresentative
from ..core.db import on_session
from ..stories.models import Story, StoryBrand
from .models import BrandTotal, CountedStory
from .ranking import COUNTED_COLUMNS, ENDING_COLUMNS, account, counted, per_account, per_brand

COUNTED = ("status", "satisfaction", "ending", "author_id", "kind", "channel", "year")  # what counted_stories copies
PAIRS_PER_STATEMENT = 300  # keeps the bound parameters under SQLite's limit
TOTALS = ("brand_id", "stories", "authors", "love", "kept", "satisfaction", *ENDING_COLUMNS.values())
ADVISORY_LOCK_CLASS = 4201  # the first key of this module's PostgreSQL advisory locks (the second: a brand id)


def refresh(connection: Connection, pairs: Collection[tuple[int, int]] | None = None) -> None:
    """Rewrite these (brand, account) pairs' rows from the stories and move their brands' totals;
    every row of both tables when `pairs` is None."""
    rows, totals = CountedStory.__table__, BrandTotal.__table__
    if pairs is None:
        connection.execute(delete(rows))
        connection.execute(insert(rows).from_select(COUNTED_COLUMNS, counted()))
        connection.execute(delete(totals))
        connection.execute(insert(totals).from_select(TOTALS, per_brand(per_account(endings=True).subquery())))
        return
    ordered = sorted(pairs)
    _lock_brands(connection, {brand_id for brand_id, _account in ordered})
    for start in range(0, len(ordered), PAIRS_PER_STATEMENT):
        chunk = ordered[start:start + PAIRS_PER_STATEMENT]
        brand_ids = {brand_id for brand_id, _account in chunk}
        these = (rows.c.brand_id.in_(brand_ids), tuple_(rows.c.brand_id, rows.c.account).in_(chunk))
        old = connection.execute(per_account(*these, endings=True)).all()
        connection.execute(delete(rows).where(*these))
        connection.execute(insert(rows).from_select(COUNTED_COLUMNS, counted(
            StoryBrand.brand_id.in_(brand_ids),  # lets the index narrow first
            tuple_(StoryBrand.brand_id, account()).in_(chunk),
        )))
        new = connection.execute(per_account(*these, endings=True)).all()
        _add_to_totals(connection, _differences(old, new))


def _lock_brands(connection: Connection, brand_ids: Collection[int]) -> None:
    """On PostgreSQL, writers about the same brand take turns until they commit (a transaction-level
    advisory lock per brand, in brand order): the second one then reads the sums the first one left,
    instead of a snapshot that misses them (one account counted twice, its rows written twice).
    SQLite has one writer at a time already."""
    if connection.dialect.name != "postgresql":
        return
    for brand_id in sorted(brand_ids):
        connection.execute(select(func.pg_advisory_xact_lock(ADVISORY_LOCK_CLASS, brand_id)))


def _contribution(row: Any) -> tuple[float, ...]:
    """What one (brand, account) row adds to its brand's total (TOTALS after brand_id): the account
    counts once in the means, each of its stories once in the counts per ending."""
    means = (row.stories, 1, row.love / row.stories, row.kept / row.stories, row.satisfaction / row.stories)
    return (*means, *(row._mapping[name] for name in ENDING_COLUMNS.values()))


def _differences(old: Iterable[Any], new: Iterable[Any]) -> dict[int, list[float]]:
    """Per brand, new contributions minus old ones, column by column (TOTALS after brand_id)."""
    moved: dict[int, list[float]] = {}
    for pair_rows, sign in ((old, -1), (new, 1)):
        for row in pair_rows:
            total = moved.setdefault(row.brand_id, [0] * (len(TOTALS) - 1))
            for i, value in enumerate(_contribution(row)):
                total[i] += sign * value
    return moved


def _add_to_totals(connection: Connection, moved: dict[int, list[float]]) -> None:
    """Upsert that adds the differences, then drop the brands left without a counted account."""
    if not moved:
        return
    totals = BrandTotal.__table__
    upsert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[connection.dialect.name](totals)
    columns = TOTALS[1:]
    connection.execute(
        upsert.on_conflict_do_update(
            index_elements=[totals.c.brand_id],
            set_={name: totals.c[name] + upsert.excluded[name] for name in columns},
        ),
        [{"brand_id": brand_id, **dict(zip(columns, values, strict=True))} for brand_id, values in moved.items()],
    )
    connection.execute(delete(totals).where(totals.c.brand_id.in_(moved), totals.c.authors <= 0))


def _seen(obj: object, attribute: str) -> set[Any]:
    """Every value the attribute had in this flush: the old one (committed) and the new one."""
    return set(inspect(obj).attrs[attribute].history.sum())


def _counted_change(story: Story) -> bool:
    """False for e.g. a new ad score or title: no sum moves."""
    state = inspect(story)
    return any(state.attrs[name].history.has_changes() for name in COUNTED)


def touched_pairs(session: Session) -> set[tuple[int, int]]:
    """The (brand, account) pairs whose sums the flush may have changed. A story counts with every
    account and brand it had before or has now (the links' history gives the removed brands, the
    database the ones left untouched); a representative, with every story of theirs about the brand."""
    accounts: dict[int, set[int | None]] = {}  # story id -> author ids
    brands: dict[int, set[int]] = {}  # story id -> brand ids
    pairs: set[tuple[int, int]] = set()
    edited = (obj for obj in session.dirty if not isinstance(obj, Story) or _counted_change(obj))
    for obj in chain(session.new, edited, session.deleted):
        if isinstance(obj, Story):
            accounts.setdefault(obj.id, set()).update(_seen(obj, "author_id"))
        elif isinstance(obj, StoryBrand):
            for story_id in _seen(obj, "story_id"):
                brands.setdefault(story_id, set()).update(_seen(obj, "brand_id"))
        elif isinstance(obj, BrandRepresentative):
            pairs.update(product(_seen(obj, "brand_id"), _seen(obj, "user_id")))
    story_ids = accounts.keys() | brands.keys()
    if story_ids:
        connection = session.connection()
        for story_id, author_id in connection.execute(select(Story.id, Story.author_id).where(Story.id.in_(story_ids))):
            accounts.setdefault(story_id, set()).add(author_id)
        links = connection.execute(select(StoryBrand.story_id, StoryBrand.brand_id).where(StoryBrand.story_id.in_(story_ids)))
        for story_id, brand_id in links:
            brands.setdefault(story_id, set()).add(brand_id)
        for story_id in story_ids:
            story_accounts: Iterable[int] = {-story_id if a is None else a for a in accounts.get(story_id, ())}
            pairs.update(product(brands.get(story_id, ()), story_accounts))
    return pairs


def _refresh_after_flush(session: Session, _context: Any) -> None:
    pairs = touched_pairs(session)
    if pairs:
        refresh(session.connection(), pairs)


def _refresh_after_bulk(state: ORMExecuteState) -> Result[Any] | None:
    if not (state.is_update or state.is_delete or state.is_insert) or state.bind_mapper is None:
        return None
    if not issubclass(state.bind_mapper.class_, (Story, StoryBrand, BrandRepresentative)):
        return None
    result = state.invoke_statement()
    refresh(state.session.connection())
    return result


def init_tallies() -> None:
    for name, listener in (("after_flush", _refresh_after_flush), ("do_orm_execute", _refresh_after_bulk)):
        on_session(name, listener)
