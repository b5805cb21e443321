"""Brand administration by moderators: rename, describe (sector, aliases), merge two brands.

Every change keeps old links working (the old slug becomes a BrandRedirect), keeps old spellings
working (an old name becomes an alias, so tagging a story with it still lands on the brand), and
writes an audit entry in the same transaction.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from ..accounts.models import User
from ..brands.models import Brand, BrandAlias, BrandRedirect, BrandRepresentative
from ..brands.names import MAX_NAME_LENGTH, brand_by_slug, clean_name, find_brand, name_key, slug_taken, unique_slug
from ..brands.sectors import SECTORS
from ..core.audit import record
from ..core.db import db
from ..core.errors import InputError
from ..core.slugs import slugify
from ..stories.models import StoryBrand


def _check_name(text: str, brand: Brand, field: str) -> tuple[str, str]:
    """(clean name, key) for a new name or alias; it must not already mean another brand."""
    name = clean_name(text)
    key = name_key(name)
    if not key:
        raise InputError(_("« %(name)s » : il faut au moins une lettre ou un chiffre.", name=text.strip()), field)
    if len(" ".join(text.split())) > MAX_NAME_LENGTH:
        raise InputError(_("%(n)d caractères au plus.", n=MAX_NAME_LENGTH), field)
    other = find_brand(name)
    if other is not None and other.id != brand.id:
        raise InputError(_("« %(name)s » désigne déjà la marque %(other)s : fusionnez plutôt les deux marques.", name=name, other=other.name), field)
    return name, key


def _add_alias(brand: Brand, label: str, key: str) -> None:
    """Keep a spelling leading to `brand`; its own canonical key needs no alias."""
    if key == brand.key:
        return
    alias = db.session.scalar(select(BrandAlias).where(BrandAlias.key == key))
    if alias is None:
        brand.aliases.append(BrandAlias(key=key, label=label))
    else:
        alias.brand = brand


def _move_slug(brand: Brand, new_slug: str) -> None:
    """The old slug redirects; a redirect to this brand at the new slug is no longer needed."""
    own = db.session.get(BrandRedirect, new_slug)
    if own is not None and own.brand_id == brand.id:
        db.session.delete(own)
        db.session.flush()
    db.session.add(BrandRedirect(slug=brand.slug, brand_id=brand.id))
    brand.slug = new_slug


def rename_brand(brand: Brand, new_name: str, actor: User, reason: str = "") -> Brand:
    """New name, key and slug; the old name stays an alias and the old slug redirects."""
    name, key = _check_name(new_name, brand, "name")
    if name == brand.name:
        raise InputError(_("C'est déjà le nom de la marque."), "name")
    old_name, old_key = brand.name, brand.key
    with db.session.no_autoflush:
        db.session.execute(delete(BrandAlias).where(BrandAlias.key == key))  # the new name is no alias anymore
        db.session.expire(brand, ["aliases"])
        brand.name, brand.key = name, key
        db.session.flush()
        _add_alias(brand, old_name, old_key)
        slug = slugify(name) or brand.slug
        if slug != brand.slug:
            _move_slug(brand, unique_slug(name) if slug_taken(slug, by_other_than=brand) else slug)
    record(actor, "brand.rename", "brand", brand.id, reason or f"{old_name} → {name}")
    db.session.commit()
    return brand


def update_brand(brand: Brand, sector: str, aliases: Iterable[str], actor: User, reason: str = "") -> Brand:
    """Set the sector and replace the list of aliases (one per entry, as typed)."""
    if sector not in SECTORS:
        raise InputError(_("Choisissez un secteur dans la liste."), "sector")
    wanted: dict[str, str] = {}
    for text in aliases:
        if text.strip():
            label, key = _check_name(text, brand, "aliases")
            if key != brand.key:
                wanted.setdefault(key, label)
    with db.session.no_autoflush:
        brand.aliases = [alias for alias in brand.aliases if alias.key in wanted]
        db.session.flush()
        for alias in brand.aliases:
            alias.label = wanted.pop(alias.key)
        for key, label in wanted.items():
            brand.aliases.append(BrandAlias(key=key, label=label))
        brand.sector = sector
    record(actor, "brand.update", "brand", brand.id, reason or _("secteur %(sector)s, %(n)d alias", sector=sector, n=len(brand.aliases)))
    db.session.commit()
    return brand


def brand_named(text: str) -> Brand:
    """The brand a moderator typed: a name, an alias or a slug (old ones too)."""
    brand = find_brand(text) or brand_by_slug(text.strip())[0]
    if brand is None:
        raise InputError(_("Aucune marque ne porte ce nom."), "target")
    return brand


def merge_brands(source: Brand, target: Brand, actor: User, reason: str = "") -> Brand:
    """Fold `source` into `target`: its stories follow (a story tagged with both keeps one link),
    its name and aliases become the target's aliases, its slugs redirect to the target, its
    representatives represent the target; then `source` is deleted."""
    if source.id == target.id:
        raise InputError(_("Une marque ne peut pas être fusionnée avec elle-même."), "target")
    source_id, source_name, source_slug = source.id, source.name, source.slug
    spellings = [(source.name, source.key), *((alias.label, alias.key) for alias in source.aliases)]
    # Through the ORM, not a bulk UPDATE: session listeners (the search outbox) see each moved story.
    tagged = set(db.session.scalars(select(StoryBrand.story_id).where(StoryBrand.brand_id == target.id)))
    for link in db.session.scalars(select(StoryBrand).where(StoryBrand.brand_id == source_id)).all():
        if link.story_id not in tagged:
            db.session.add(StoryBrand(story_id=link.story_id, brand_id=target.id, position=link.position))
        db.session.delete(link)
    # Representatives too move through the ORM: brands.tallies then drops their stories from the target's sums.
    speakers = set(db.session.scalars(select(BrandRepresentative.user_id).where(BrandRepresentative.brand_id == target.id)))
    for speaker in db.session.scalars(select(BrandRepresentative).where(BrandRepresentative.brand_id == source_id)).all():
        if speaker.user_id not in speakers:
            db.session.add(BrandRepresentative(
                user_id=speaker.user_id, brand_id=target.id, granted_by_id=speaker.granted_by_id, created_at=speaker.created_at,
            ))
        db.session.delete(speaker)
    db.session.execute(update(BrandRedirect).where(BrandRedirect.brand_id == source_id).values(brand_id=target.id))
    db.session.delete(source)  # its aliases go with it, and come back on the target below
    db.session.flush()
    db.session.add(BrandRedirect(slug=source_slug, brand_id=target.id))
    for label, key in spellings:
        _add_alias(target, label, key)
    record(actor, "brand.merge", "brand", target.id, reason or f"{source_name} → {target.name}")
    db.session.commit()
    db.session.expire_all()  # stories loaded before the merge hold links that moved
    return target
