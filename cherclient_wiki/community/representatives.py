"""Brand representatives: accounts an administrator lets speak for a brand. They may post official
replies under stories about it (and the leaderboard leaves their own stories about it out)."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts import users
from ..accounts.models import User
from ..brands.models import Brand, BrandRepresentative
from ..brands.names import brand_by_slug, find_brand
from ..core.audit import record
from ..core.db import db
from ..core.errors import InputError
from ..stories.models import Story


def brands_of(user: User | None) -> list[Brand]:
    if user is None or not user.is_authenticated:
        return []
    return list(db.session.scalars(
        select(Brand).join(BrandRepresentative, BrandRepresentative.brand_id == Brand.id)
        .where(BrandRepresentative.user_id == user.id).order_by(Brand.name)
    ))


def reply_brands(user: User | None, item: Story | Any) -> list[Brand]:
    """The brands of `item` (a story, or anything with `brands`: a suggestion) that `user` may
    answer for officially."""
    mine = {brand.id for brand in brands_of(user)}
    return [brand for brand in item.brands if brand.id in mine]


def represents(user: User | None, brand_id: int) -> bool:
    """Whether `user` is a declared representative of the brand."""
    if user is None or not user.is_authenticated:
        return False
    return db.session.get(BrandRepresentative, (user.id, brand_id)) is not None


def all_links() -> list[BrandRepresentative]:
    return list(db.session.scalars(
        select(BrandRepresentative)
        .options(selectinload(BrandRepresentative.user), selectinload(BrandRepresentative.brand))
        .join(Brand).order_by(Brand.name)
    ))


def find_brand_named(text: str) -> Brand:
    brand = brand_by_slug(text.strip().lower())[0] or find_brand(text)
    if brand is None:
        raise InputError(str(_l("Aucune marque « %(name)s » : elle apparaît dès qu'une histoire la cite.", name=text.strip())), "brand")
    return brand


def grant(admin: User | None, username: str, brand_name: str) -> BrandRepresentative:
    """Link an account to a brand (idempotent), with an audit entry (`admin` None: the command
    line)."""
    user = users.by_username(username)
    if user is None:
        raise InputError(str(_l("Aucun compte « %(name)s ».", name=username.strip())), "username")
    brand = find_brand_named(brand_name)
    link = db.session.get(BrandRepresentative, (user.id, brand.id))
    if link is None:
        link = BrandRepresentative(user_id=user.id, brand_id=brand.id, granted_by_id=admin.id if admin else None)
        db.session.add(link)
        record(admin, "brand.representative_add", "brand", brand.id, user.username)
        db.session.commit()
    return link


def revoke(admin: User | None, user_id: int, brand_id: int) -> bool:
    link = db.session.get(BrandRepresentative, (user_id, brand_id))
    if link is None:
        return False
    record(admin, "brand.representative_remove", "brand", brand_id, link.user.username)
    db.session.delete(link)
    db.session.commit()
    return True
