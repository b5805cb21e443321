"""The wiki's share of an export and an erasure (core.personal_data). The text stays: pages are
collective (CC BY-SA), so an erased account's revisions are attributed to its pseudonym, whatever
it chose for its own content, and summaries that named it name the pseudonym."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, load_only

from ..accounts.models import User
from ..core.db import db
from ..core.personal_data import Erasure, Export, PersonalData
from ..core.schemas import iso_utc
from .models import Revision


def export(user: User) -> Export:
    found = Export(data={"revisions": []})
    revisions = db.session.scalars(
        select(Revision).options(joinedload(Revision.page)).where(Revision.author_id == user.id).order_by(Revision.id)
    )
    for revision in revisions:
        path = f"wiki/{revision.page.slug}/r{revision.number}.md"
        found.data["revisions"].append({
            "page": revision.page.slug, "number": revision.number, "kind": revision.kind, "title": revision.title,
            "summary": revision.summary, "size": revision.size, "created_at": iso_utc(revision.created_at), "file": path,
        })
        found.files[path] = revision.source.encode()
    return found


def erase(user: User, erasure: Erasure) -> None:
    """Row by row through the ORM, so that the search index hears of each page it changes."""
    light = load_only(Revision.id, Revision.page_id, Revision.author_name, Revision.summary)
    for revision in db.session.scalars(select(Revision).options(light).where(Revision.author_id == user.id)):
        revision.author_name = erasure.pseudonym
    for revision in db.session.scalars(select(Revision).options(light).where(erasure.mentions(Revision.summary))):
        revision.summary = erasure.scrub(revision.summary)[:300]


PART = PersonalData("wiki", export, erase)
