"""Keeps brand_tallies (models.AccountTally) equal to ranking.per_account over the stories, in the
same transaction as the change: after each flush, the (brand, account) pairs the flushed stories,
brand links and representatives touched — before and after the change — are recomputed from the
stories with one DELETE and one INSERT … SELECT. A merge's moved links, a moderation decision, an
edit of satisfaction or ending all go through the ORM, so every writer is covered.

Bulk statements through the session (`session.execute(update(Story)…)`) name no pair: the whole
table is recomputed after them (slow on a big site; the application issues none). Statements on a
bare connection skip the session altogether: whoever writes that way calls `refresh` itself
(bench/leaderboard_bench.py does).
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import chain, product
from typing import Any

from sqlalchemy import Connection, Result, delete, event, insert, inspect, select, tuple_
from sqlalchemy.orm import ORMExecuteState, Session

from ..stories.models import Story, StoryBrand
from .models import AccountTally, BrandRepresentative
from .ranking import account, per_account

COUNTED = ("status", "satisfaction", "ending", "author_id")  # the story columns the sums depend on
PAIRS_PER_STATEMENT = 300  # keeps the bound parameters under SQLite's limit
COLUMNS = ("brand_id", "account", "stories", "love", "kept", "satisfaction")


def refresh(connection: Connection, pairs: Collection[tuple[int, int]] | None = None) -> None:
    """Recompute these (brand, account) rows from the stories; every row when `pairs` is None."""
    table = AccountTally.__table__
    if pairs is None:
        connection.execute(delete(table))
        connection.execute(insert(table).from_select(COLUMNS, per_account()))
        return
    ordered = sorted(pairs)
    for start in range(0, len(ordered), PAIRS_PER_STATEMENT):
        chunk = ordered[start:start + PAIRS_PER_STATEMENT]
        connection.execute(delete(table).where(tuple_(table.c.brand_id, table.c.account).in_(chunk)))
        connection.execute(insert(table).from_select(COLUMNS, per_account(
            StoryBrand.brand_id.in_({brand_id for brand_id, _account in chunk}),  # lets the index narrow first
            tuple_(StoryBrand.brand_id, account()).in_(chunk),
        )))


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
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
