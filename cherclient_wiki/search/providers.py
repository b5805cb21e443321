"""The documents of each content type, as an anonymous visitor may see them.

Pages: live pages only (deleted ones are removed). Stories and suggestions to brands: `published`
only, so pending and rejected ones never reach results, snippets, facets, « did you mean »
or autocomplete. Brands: only
those with at least one published story, so a brand created by a story still in moderation does
not leak either.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from flask import url_for
from sqlalchemy import exists, inspect, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..brands.models import Brand, BrandAlias
from ..core.inputs import parse_int
from ..stories.choices import Status
from ..stories.models import Story, StoryBrand
from ..suggestions.models import Suggestion
from ..wiki.models import Page, PageCategory, Revision
from .documents import Document, Job, Provider

_TAG = re.compile(r"<[^>]+>")


def plain_text(rendered: str) -> str:
    """Rendered (sanitised) HTML to the words a reader sees, for indexing and snippets."""
    return " ".join(html.unescape(_TAG.sub(" ", rendered)).split())


def _int_key(key: str) -> int | None:
    return parse_int(key, minimum=1)


# ---- pages -----------------------------------------------------------------------------------


def load_pages(session: Session, keys: list[str]) -> dict[str, Document]:
    """Live pages by key, each with its latest revision and categories: three statements in all."""
    ids = [page_id for page_id in map(_int_key, keys) if page_id]
    pages = session.execute(
        select(Page, Revision)
        .join(Revision, (Revision.page_id == Page.id) & (Revision.number == Page.latest_number))
        .where(Page.id.in_(ids), Page.deleted_at.is_(None), Page.latest_number > 0)
    ).all()
    categories: dict[int, list[PageCategory]] = {}
    for category in session.scalars(
        select(PageCategory).where(PageCategory.page_id.in_([page.id for page, _revision in pages])).order_by(PageCategory.position)
    ):
        categories.setdefault(category.page_id, []).append(category)
    return {
        str(page.id): {
            "type": "page",
            "key": str(page.id),
            "ref": page.slug,
            "title": page.title,
            "body": plain_text(revision.html),
            "tag_names": [category.name for category in categories.get(page.id, [])],
            "brands": [],
            "categories": [category.slug for category in categories.get(page.id, [])],
            "kind": "",
            "author": revision.author_name,
            "date": page.updated_at,
        }
        for page, revision in pages
    }


def load_page(session: Session, key: str) -> Document | None:
    return load_pages(session, [key]).get(key)


def live_page_ids(session: Session) -> Iterable[str]:
    ids = session.scalars(select(Page.id).where(Page.deleted_at.is_(None), Page.latest_number > 0).order_by(Page.id))
    return [str(page_id) for page_id in ids]


PAGES = Provider(
    doc_type="page",
    load=load_page,
    load_many=load_pages,
    visible_keys=live_page_ids,
    url=lambda ref: url_for("wiki.show", slug=ref),
    watches={
        Page: lambda _s, page, _d: [("page", str(page.id))],
        Revision: lambda _s, revision, _d: [("page", str(revision.page_id))],
        PageCategory: lambda _s, category, _d: [("page", str(category.page_id))],
    },
)


# ---- stories ---------------------------------------------------------------------------------


def _story_brand_ids(session: Session, story_id: int) -> list[int]:
    """Read through the flush's connection: this runs inside the outbox listener too."""
    return list(session.connection().scalars(select(StoryBrand.brand_id).where(StoryBrand.story_id == story_id)))


def load_story(session: Session, key: str) -> Document | None:
    story = session.get(Story, _int_key(key)) if _int_key(key) else None
    if story is None or story.status != Status.PUBLISHED.value:
        return None
    brands = story.brands
    return {
        "type": "story",
        "key": str(story.id),
        "ref": str(story.id),
        "title": story.title,
        "body": plain_text(story.html),
        "tag_names": [brand.name for brand in brands],
        "brands": [brand.slug for brand in brands],
        "categories": [],
        "kind": story.kind,
        "author": story.author.username if story.author else "",
        "date": story.created_at,
    }


def published_story_ids(session: Session) -> Iterable[str]:
    ids = session.scalars(select(Story.id).where(Story.status == Status.PUBLISHED.value).order_by(Story.id))
    return [str(story_id) for story_id in ids]


def _story_jobs(session: Session, story: Story, _deleted: bool) -> list[Job]:
    """A story's status or text also changes whether (and how) its brands are visible."""
    brand_jobs = [("brand", str(brand_id)) for brand_id in _story_brand_ids(session, story.id)]
    return [("story", str(story.id)), *brand_jobs]


def _author_jobs(session: Session, user: User, _deleted: bool) -> list[Job]:
    """An author's new name (an erased account's pseudonym) is in their stories' documents."""
    if not inspect(user).attrs.username.history.has_changes():
        return []
    story_ids = session.connection().scalars(select(Story.id).where(Story.author_id == user.id))
    return [("story", str(story_id)) for story_id in story_ids]


STORIES = Provider(
    doc_type="story",
    load=load_story,
    visible_keys=published_story_ids,
    url=lambda ref: url_for("stories.show", story_id=int(ref)),
    watches={
        Story: _story_jobs,
        StoryBrand: lambda _s, link, _d: [("story", str(link.story_id)), ("brand", str(link.brand_id))],
        User: _author_jobs,
    },
)


# ---- brands ----------------------------------------------------------------------------------


def _has_published_story(brand_id: int) -> Any:
    return exists().where(
        StoryBrand.brand_id == brand_id, StoryBrand.story_id == Story.id, Story.status == Status.PUBLISHED.value
    )


def load_brand(session: Session, key: str) -> Document | None:
    brand = session.get(Brand, _int_key(key)) if _int_key(key) else None
    if brand is None or not session.scalar(select(_has_published_story(brand.id))):
        return None
    aliases = [alias.label for alias in brand.aliases]
    return {
        "type": "brand",
        "key": str(brand.id),
        "ref": brand.slug,
        "title": brand.name,
        "body": " ".join([brand.name, *aliases]),
        "tag_names": [brand.name, *aliases],
        "brands": [brand.slug],
        "categories": [],
        "kind": brand.sector,
        "author": "",
        "date": brand.created_at,
    }


def visible_brand_ids(session: Session) -> Iterable[str]:
    published = select(StoryBrand.brand_id).join(Story).where(Story.status == Status.PUBLISHED.value)
    ids = session.scalars(select(Brand.id).where(Brand.id.in_(published)).order_by(Brand.id))
    return [str(brand_id) for brand_id in ids]


def _brand_jobs(session: Session, brand: Brand, _deleted: bool) -> list[Job]:
    """A renamed brand changes the text of every story tagged with it."""
    story_ids = session.connection().scalars(select(StoryBrand.story_id).where(StoryBrand.brand_id == brand.id))
    return [("brand", str(brand.id)), *(("story", str(story_id)) for story_id in story_ids)]


BRANDS = Provider(
    doc_type="brand",
    load=load_brand,
    visible_keys=visible_brand_ids,
    url=lambda ref: url_for("brands.show", slug=ref),
    watches={
        Brand: _brand_jobs,
        BrandAlias: lambda _s, alias, _d: [("brand", str(alias.brand_id))],
    },
)

# ---- suggestions -----------------------------------------------------------------------------


def load_suggestion(session: Session, key: str) -> Document | None:
    suggestion = session.get(Suggestion, _int_key(key)) if _int_key(key) else None
    if suggestion is None or suggestion.screening != Status.PUBLISHED.value:
        return None
    return {
        "type": "suggestion",
        "key": str(suggestion.id),
        "ref": str(suggestion.id),
        "title": suggestion.title,
        "body": plain_text(suggestion.html),
        "tag_names": [suggestion.brand.name],
        "brands": [suggestion.brand.slug],
        "categories": [],
        "kind": suggestion.status,
        "author": suggestion.author.username if suggestion.author else "",
        "date": suggestion.created_at,
    }


def published_suggestion_ids(session: Session) -> Iterable[str]:
    ids = session.scalars(select(Suggestion.id).where(Suggestion.screening == Status.PUBLISHED.value).order_by(Suggestion.id))
    return [str(suggestion_id) for suggestion_id in ids]


SUGGESTIONS = Provider(
    doc_type="suggestion",
    load=load_suggestion,
    visible_keys=published_suggestion_ids,
    url=lambda ref: url_for("suggestions.show", suggestion_id=int(ref)),
    watches={Suggestion: lambda _s, suggestion, _d: [("suggestion", str(suggestion.id))]},
)

ALL = (PAGES, STORIES, BRANDS, SUGGESTIONS)
