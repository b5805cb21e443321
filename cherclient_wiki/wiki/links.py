"""Wiki links at read time, backlinks, wanted and orphan pages, categories.

Cached HTML renders every wiki link alike; `resolve` marks the missing ones red (class "new")
with one indexed query on the handful of slugs the text links to. Reading a page therefore costs
the same with 10 or 100,000 pages, and creating a page turns its links blue everywhere at once,
without re-rendering the pages that point at it.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, select, union
from sqlalchemy.orm import aliased

from ..core.db import db
from ..core.markup import WIKI_PREFIX
from .models import Page, PageCategory, PageLink, PageRedirect

WIKILINK_HTML_RE = re.compile(r'<a class="wikilink" href="' + re.escape(WIKI_PREFIX) + r'([a-z0-9-]+)')


def existing_slugs(slugs: Iterable[str]) -> set[str]:
    """Which of these slugs lead to a live page, directly or through a rename redirect."""
    wanted = set(slugs)
    if not wanted:
        return set()
    live = Page.deleted_at.is_(None)
    direct = select(Page.slug).where(Page.slug.in_(wanted), live)
    redirected = select(PageRedirect.slug).join(Page).where(PageRedirect.slug.in_(wanted), live)
    return set(db.session.scalars(union(direct, redirected)))


def resolve(html: str) -> str:
    """Mark links to missing pages red; any cached HTML from the pipeline can go through this."""
    targets = set(WIKILINK_HTML_RE.findall(html))
    missing = targets - existing_slugs(targets)
    if not missing:
        return html

    def mark(match: re.Match[str]) -> str:
        if match.group(1) in missing:
            return f'<a class="wikilink new" href="{WIKI_PREFIX}{match.group(1)}'
        return match.group(0)

    return WIKILINK_HTML_RE.sub(mark, html)


def _slugs_of(page: Page) -> list[str]:
    """A page answers to its slug and to every slug it was renamed from."""
    old = db.session.scalars(select(PageRedirect.slug).where(PageRedirect.page_id == page.id))
    return [page.slug, *old]


def backlinks(page: Page) -> list[Page]:
    source = aliased(Page)
    query = (
        select(source)
        .join(PageLink, PageLink.page_id == source.id)
        .where(PageLink.target_slug.in_(_slugs_of(page)), source.id != page.id, source.deleted_at.is_(None))
        .distinct()
        .order_by(source.title)
    )
    return list(db.session.scalars(query))


def all_pages() -> list[Page]:
    return list(db.session.scalars(select(Page).where(Page.deleted_at.is_(None)).order_by(func.lower(Page.title))))


def _live_target():  # type: ignore[no-untyped-def]
    """SQL condition: the link's target slug leads to a live page (directly or redirected)."""
    target, redirect_page = aliased(Page), aliased(Page)
    direct = exists().where(target.slug == PageLink.target_slug, target.deleted_at.is_(None))
    redirected = (
        exists()
        .where(PageRedirect.slug == PageLink.target_slug)
        .where(redirect_page.id == PageRedirect.page_id, redirect_page.deleted_at.is_(None))
    )
    return direct | redirected


@dataclass(frozen=True)
class Wanted:
    slug: str
    count: int


def wanted_pages(limit: int = 500) -> list[Wanted]:
    """Red links, most linked first: the pages the community is asking for."""
    query = (
        select(PageLink.target_slug, func.count())
        .join(Page, Page.id == PageLink.page_id)
        .where(Page.deleted_at.is_(None), ~_live_target())
        .group_by(PageLink.target_slug)
        .order_by(func.count().desc(), PageLink.target_slug)
        .limit(limit)
    )
    return [Wanted(slug, n) for slug, n in db.session.execute(query)]


def orphan_pages() -> list[Page]:
    """Live pages no other live page links to (by their slug or an old one)."""
    source = aliased(Page)
    linked = (
        exists()
        .where(source.id == PageLink.page_id, source.id != Page.id, source.deleted_at.is_(None))
        .where(
            (PageLink.target_slug == Page.slug)
            | exists().where(and_(PageRedirect.page_id == Page.id, PageRedirect.slug == PageLink.target_slug))
        )
    )
    query = select(Page).where(Page.deleted_at.is_(None), ~linked).order_by(func.lower(Page.title))
    return list(db.session.scalars(query))


def random_page() -> Page | None:
    """Pick by id from a random point: an index seek, not a scan of every page."""
    low, high = db.session.execute(select(func.min(Page.id), func.max(Page.id)).where(Page.deleted_at.is_(None))).one()
    if low is None:
        return None
    start = random.randint(low, high)  # noqa: S311 (not security-sensitive)
    live = Page.deleted_at.is_(None)
    return db.session.scalar(select(Page).where(live, Page.id >= start).order_by(Page.id).limit(1))


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    count: int


def categories() -> list[Category]:
    query = (
        select(PageCategory.slug, func.min(PageCategory.name), func.count())
        .join(Page, Page.id == PageCategory.page_id)
        .where(Page.deleted_at.is_(None))
        .group_by(PageCategory.slug)
        .order_by(PageCategory.slug)
    )
    return [Category(slug, name, n) for slug, name, n in db.session.execute(query)]


def category(slug: str) -> tuple[Category | None, list[Page]]:
    query = (
        select(Page, PageCategory.name)
        .join(PageCategory, PageCategory.page_id == Page.id)
        .where(PageCategory.slug == slug, Page.deleted_at.is_(None))
        .order_by(func.lower(Page.title))
    )
    rows = db.session.execute(query).all()
    if not rows:
        return None, []
    return Category(slug, rows[0][1], len(rows)), [page for page, _name in rows]
