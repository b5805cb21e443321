"""What the database knows around a story, handed to the pure detector as plain data: the
author's account and habits, bursts and shared addresses for the same brands, whether the story
created its brand, and the MinHash signatures of the recent stories it may be copying."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, distinct, func, select

from ..accounts.models import User
from ..core.db import db, utcnow
from ..stories.models import Story, StoryBrand
from .detector import AccountSignals

BURST_WINDOW = timedelta(hours=24)
RECENT_ACCOUNT = timedelta(days=30)
PRAISE = 4  # satisfaction from which a story praises its brand
# Near-duplicates are looked for among the newest stories about the same brands, and the newest
# stories overall: campaigns are recent, and comparing with everything would not scale.
SAME_BRAND_CANDIDATES = 300
RECENT_CANDIDATES = 100


def _brand_ids(story: Story) -> list[int]:
    return [link.brand_id for link in story.brand_links if link.brand_id is not None]


def _others(story: Story) -> ColumnElement[bool]:
    """Stories other than this one (it is flushed, so it has an id)."""
    return Story.id != story.id


def _about_same_brands(brand_ids: list[int]) -> ColumnElement[bool]:
    return Story.id.in_(select(StoryBrand.story_id).where(StoryBrand.brand_id.in_(brand_ids)))


def account_signals(story: Story) -> AccountSignals:
    author = story.author
    brand_ids = _brand_ids(story)
    if author is None or not brand_ids:
        return AccountSignals()
    now = utcnow()
    mine = select(func.count()).select_from(Story).where(Story.author_id == author.id, _others(story))
    same_brand = mine.where(_about_same_brands(brand_ids))
    # A campaign praises: only praise counts toward a burst, and only a story that praises too.
    burst = (
        select(func.count(Story.id))
        .join(User, User.id == Story.author_id)
        .where(_others(story), Story.author_id != author.id, _about_same_brands(brand_ids),
               Story.created_at >= now - BURST_WINDOW, User.created_at >= now - RECENT_ACCOUNT,
               Story.satisfaction >= PRAISE)
    )
    same_ip = 0
    if story.author_ip:
        same_ip = db.session.scalar(
            select(func.count(distinct(Story.author_id))).where(
                _others(story), Story.author_ip == story.author_ip, Story.author_id != author.id,
                _about_same_brands(brand_ids),
            )
        ) or 0
    named_elsewhere = select(StoryBrand.brand_id).where(StoryBrand.brand_id.in_(brand_ids), StoryBrand.story_id != story.id)
    return AccountSignals(
        account_age_days=(now - author.created_at).total_seconds() / 86400,
        brand_created=len(set(db.session.scalars(named_elsewhere))) < len(set(brand_ids)),
        author_story_count=db.session.scalar(mine) or 0,
        author_stories_same_brand=db.session.scalar(same_brand) or 0,
        brand_burst_24h=(db.session.scalar(burst) or 0) if story.satisfaction >= PRAISE else 0,
        same_ip_accounts=same_ip,
    )


def comparison_fingerprints(story: Story) -> list[bytes | str]:
    """The signatures of the stories this one could be a reworded copy of (their text, for the
    stories saved before signatures were kept)."""
    brand_ids = _brand_ids(story)
    newest = Story.created_at.desc(), Story.id.desc()
    columns = Story.id, Story.fingerprint, Story.title, Story.body
    queries = [select(*columns).where(_others(story)).order_by(*newest).limit(RECENT_CANDIDATES)]
    if brand_ids:
        queries.append(
            select(*columns).where(_others(story), _about_same_brands(brand_ids)).order_by(*newest).limit(SAME_BRAND_CANDIDATES)
        )
    found = {row.id: row.fingerprint or f"{row.title}\n{row.body}" for query in queries for row in db.session.execute(query)}
    return list(found.values())
