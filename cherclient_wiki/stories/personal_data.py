"""The stories' share of an export, an erasure and the retention purge (core.personal_data):
each story with all its versions, the reactions given; the address a story was sent from."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..core.db import db
from ..core.personal_data import Content, Erasure, Export, PersonalData, address_purge
from ..core.schemas import iso_utc
from .models import Story, StoryBrand, StoryReaction


def _own_stories(user: User) -> list[Story]:
    query = (
        select(Story).where(Story.author_id == user.id).order_by(Story.id)
        .options(selectinload(Story.revisions), selectinload(Story.brand_links).joinedload(StoryBrand.brand))
    )
    return list(db.session.scalars(query))


def export(user: User) -> Export:
    found = Export(data={"stories": [], "reactions": []})
    for story in _own_stories(user):
        versions = []
        for revision in story.revisions:
            path = f"stories/{story.id}/v{revision.number}.md"
            found.files[path] = f"# {revision.title}\n\n{revision.body}\n".encode()
            versions.append({"number": revision.number, "title": revision.title, "facts": revision.facts,
                             "created_at": iso_utc(revision.created_at), "file": path})
        found.data["stories"].append({
            "id": story.id, "title": story.title, "status": story.status, "kind": story.kind,
            "satisfaction": story.satisfaction, "ending": story.ending, "year": story.year, "channel": story.channel,
            "brands": [brand.name for brand in story.brands], "photo": story.photo.name if story.photo else None,
            "created_at": iso_utc(story.created_at), "updated_at": iso_utc(story.updated_at), "versions": versions,
        })
    reactions = db.session.scalars(select(StoryReaction).where(StoryReaction.user_id == user.id).order_by(StoryReaction.created_at))
    found.data["reactions"] = [{"story": reaction.story_id, "created_at": iso_utc(reaction.created_at)} for reaction in reactions]
    return found


def erase(user: User, erasure: Erasure) -> None:
    """Through the ORM, so that the leaderboard's tallies and the search index follow; the
    moderators' decisions about a deleted story keep their outcome (their story_id goes NULL)."""
    for story in _own_stories(user):
        if erasure.content is Content.DELETE:
            db.session.delete(story)
        else:
            story.author_ip = None
    if erasure.content is Content.DELETE:
        for reaction in db.session.scalars(select(StoryReaction).where(StoryReaction.user_id == user.id)):
            db.session.delete(reaction)


# The detector's "several accounts, one address" signal looks at recent stories only.
purge_addresses = address_purge(Story.__table__, "author_ip", "updated_at")


PART = PersonalData("stories", export, erase)
