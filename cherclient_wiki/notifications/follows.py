"""Following: a person follows a page, a brand, a story or a suggestion, and follows what they
wrote by default. Written through the session's connection, so that the session listener
(notifications.events) can follow for an author inside the saving flush."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..brands.models import Brand
from ..brands.names import brand_by_slug
from ..community.models import Target
from ..community.targets import find
from ..core.db import db
from ..core.errors import InputError
from ..leaderboard.visibility import can_see_brand
from ..wiki import pages
from .models import Follow, Followed


@dataclass(frozen=True)
class Followable:
    """Something a person may follow, as they may see it."""

    type: Followed
    id: int
    title: str
    url: str


def resolve(type_name: str, target_id: int | None, viewer: User | None, slug: str | None = None) -> Followable | None:
    """The item, or None when it does not exist or `viewer` may not see it. Pages and brands may be
    named by their slug, the others by their id."""
    kind = Followed(type_name)
    if kind is Followed.BRAND:
        brand = db.session.get(Brand, target_id) if target_id is not None else brand_by_slug(slug or "")[0]
        if brand is None or not can_see_brand(viewer, brand):
            return None
        return Followable(kind, brand.id, brand.name, url_for("brands.show", slug=brand.slug))
    if kind is Followed.PAGE and target_id is None:
        page = pages.resolve(slug or "")
        target_id = page.id if page is not None else None
    item = find(Target(kind.value), target_id, viewer) if target_id is not None else None
    return Followable(kind, item.id, item.title, item.url) if item else None


def is_following(user: User | None, kind: Followed, target_id: int) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return db.session.get(Follow, (user.id, kind.value, target_id)) is not None


def add(session: Session, user_id: int, kind: Followed, target_id: int) -> bool:
    """Follow (idempotent); False when already followed."""
    connection = session.connection()
    key = (Follow.user_id == user_id, Follow.target_type == kind.value, Follow.target_id == target_id)
    if connection.scalar(select(Follow.user_id).where(*key)) is not None:
        return False
    connection.execute(insert(Follow.__table__).values(user_id=user_id, target_type=kind.value, target_id=target_id))
    return True


def follow(user: User, item: Followable) -> bool:
    added = add(db.session, user.id, item.type, item.id)
    db.session.commit()
    return added


def unfollow(user: User, item: Followable) -> bool:
    removed = db.session.execute(delete(Follow).where(
        Follow.user_id == user.id, Follow.target_type == item.type.value, Follow.target_id == item.id,
    )).rowcount
    db.session.commit()
    return bool(removed)


def followers(session: Session, kind: Followed, target_id: int) -> list[int]:
    return list(session.connection().scalars(
        select(Follow.user_id).where(Follow.target_type == kind.value, Follow.target_id == target_id)
    ))


def checked(type_name: str, target_id: int | None, viewer: User | None, slug: str | None = None) -> Followable:
    """`resolve`, or an InputError (404) saying what was not found."""
    found = resolve(type_name, target_id, viewer, slug)
    if found is None:
        raise InputError(_("Rien à suivre ici : cet élément n'existe pas ou n'est pas visible."), "id", status=404)
    return found
