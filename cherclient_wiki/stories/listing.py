"""Which stories a reader sees, filtered and paginated: the list page and the API share it."""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..brands.models import Brand
from ..brands.names import brand_by_slug, find_brand
from ..core.db import db
from .choices import Status
from .models import Story, StoryBrand

PER_PAGE = 20


@dataclass(frozen=True)
class StoryPage:
    stories: list[Story]
    page: int
    pages: int
    total: int


def brand_for_filter(text: str) -> Brand | None:
    """A brand filter may be a slug (old ones too) or a name as typed."""
    brand, _redirected = brand_by_slug(text.strip().lower())
    return brand or find_brand(text)


def published(*, brand: str | None = None, kind: str | None = None, ending: str | None = None,
              page: int = 1, per_page: int = PER_PAGE) -> StoryPage:
    """Published stories; an unknown brand matches nothing."""
    query: Select[tuple[Story]] = select(Story).where(Story.status == Status.PUBLISHED.value)
    if brand:
        found = brand_for_filter(brand)
        if found is None:
            return StoryPage([], 1, 1, 0)
        query = query.where(Story.id.in_(select(StoryBrand.story_id).where(StoryBrand.brand_id == found.id)))
    if kind:
        query = query.where(Story.kind == kind)
    if ending:
        query = query.where(Story.ending == ending)
    return _paginate(query, page, per_page)


def by_author(author: User, *, page: int = 1, per_page: int = PER_PAGE) -> StoryPage:
    """Everything an author wrote, held and refused stories included: their own page."""
    return _paginate(select(Story).where(Story.author_id == author.id), page, per_page)


def _paginate(query: Select[tuple[Story]], page: int, per_page: int) -> StoryPage:
    """Newest first; a page past the end shows the last one."""
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, ceil(total / per_page))
    page = min(max(page, 1), pages)
    rows = db.session.scalars(
        query.options(selectinload(Story.brand_links).selectinload(StoryBrand.brand), selectinload(Story.author))
        .order_by(Story.created_at.desc(), Story.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
    )
    return StoryPage(list(rows), page, pages, total)
