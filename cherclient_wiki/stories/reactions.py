""""Cette histoire m'a touché": one per account and story, shown on the story, never ranked."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..core.db import db
from .models import Story, StoryReaction


def has_reacted(story: Story, user: User | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return db.session.get(StoryReaction, (story.id, user.id)) is not None


def count(story: Story) -> int:
    return db.session.scalar(select(func.count()).where(StoryReaction.story_id == story.id)) or 0


def toggle(story: Story, user: User) -> bool:
    """Add the reader's reaction, or take it back; True when it is now there. A double click
    racing itself lands on the primary key and counts once."""
    existing = db.session.get(StoryReaction, (story.id, user.id))
    if existing is not None:
        db.session.delete(existing)
        db.session.commit()
        return False
    db.session.add(StoryReaction(story_id=story.id, user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return True
