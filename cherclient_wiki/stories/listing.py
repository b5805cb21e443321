"""Which stories a reader sees, filtered and paginated: the list page and the API share it."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..brands.models import Brand, BrandAlias
from ..brands.names import brand_by_slug, find_brand
from ..core.db import db
from ..core.pagination import Paged, paginate
from .choices import Status
from .models import Story, StoryBrand

PER_PAGE = 20


def brand_for_filter(text: str) -> Brand | None:
    """A brand filter may be a slug (old ones too) or a name as typed."""
    brand, _redirected = brand_by_slug(text.strip().lower())
    return brand or find_brand(text)


def published(*, brand: str | None = None, kind: str | None = None, ending: str | None = None,
              page: int = 1, per_page: int = PER_PAGE) -> Paged[Story]:
    """Published stories; an unknown brand matches nothing."""
    query: Select[tuple[Story]] = select(Story).where(Story.status == Status.PUBLISHED.value)
    if brand:
        found = brand_for_filter(brand)
        if found is None:
            return Paged([], 1, 1, 0)
        query = query.where(Story.id.in_(select(StoryBrand.story_id).where(StoryBrand.brand_id == found.id)))
    if kind:
        query = query.where(Story.kind == kind)
    if ending:
        query = query.where(Story.ending == ending)
    return _paginate(query, page, per_page)


def by_author(author: User, *, page: int = 1, per_page: int = PER_PAGE) -> Paged[Story]:
    """Everything an author wrote, held and refused stories included: their own page."""
    return _paginate(select(Story).where(Story.author_id == author.id), page, per_page)


def published_by(author: User, *, page: int = 1, per_page: int = PER_PAGE) -> Paged[Story]:
    """What anyone sees of an author's stories: their public profile."""
    return _paginate(select(Story).where(Story.author_id == author.id, Story.status == Status.PUBLISHED.value), page, per_page)


def _paginate(query: Select[tuple[Story]], page: int, per_page: int) -> Paged[Story]:
    """Newest first, brands and authors loaded with the page."""
    return paginate(
        query.options(selectinload(Story.brand_links).selectinload(StoryBrand.brand), selectinload(Story.author))
        .order_by(Story.created_at.desc(), Story.id.desc()),
        page, per_page,
    )


MAX_BRAND_CHOICES = 1000


def brand_choices() -> list[str]:
    """The names and aliases of the brands a published story names, for the brand fields'
    <datalist>: suggestions as you type, without JavaScript. Brands known only from held
    stories stay out, as everywhere (leaderboard.visibility)."""
    public = select(StoryBrand.brand_id).join(Story).where(Story.status == Status.PUBLISHED.value)
    names = db.session.scalars(select(Brand.name).where(Brand.id.in_(public)).order_by(Brand.name).limit(MAX_BRAND_CHOICES))
    aliases = db.session.scalars(select(BrandAlias.label).where(BrandAlias.brand_id.in_(public)).limit(MAX_BRAND_CHOICES))
    return sorted(set(names) | set(aliases), key=str.casefold)
