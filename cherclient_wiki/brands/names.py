"""How a typed brand name becomes a brand: one folding rule, so every spelling lands on one row."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from ..core import versions
from ..core.db import db
from ..core.slugs import slugify
from .models import Brand, BrandAlias, BrandRedirect

MAX_NAME_LENGTH = 120
MAX_NAME_WORDS = 8  # "Hôtel Les Jardins du Marais" has 5; a sentence is no brand
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
NAMES_KEPT = 20_000  # brands whose name a process remembers for one data version


_names: versions.Kept[str, str | None] = versions.Kept(NAMES_KEPT)  # slug -> name (None: no such brand)


def clean_name(text: str) -> str:
    """The name as shown: inner whitespace collapsed, ends trimmed."""
    return " ".join(text.split())[:MAX_NAME_LENGTH]


def name_key(text: str) -> str:
    """Case, accents, spacing and punctuation folded: "Alpha Électroménager!" -> "alphaelectromenager"."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", ascii_only.replace("œ", "oe").replace("æ", "ae"))


def names_by_slug(slugs: Collection[str]) -> dict[str, str]:
    """The names of the brands with these slugs (unknown slugs left out). Every search labels its
    brand facet with them: remembered while the data version stays (a rename moves it), the
    version read before the names as core.versions asks (on a connection of their own: the
    request's transaction may have started earlier), so a name kept is never older than the
    version it is kept under."""
    known = _names.at(versions.current().stamp)
    missing = [slug for slug in slugs if slug not in known]
    if missing:
        with db.engine.connect() as connection:
            found = {slug: name for slug, name in connection.execute(select(Brand.slug, Brand.name).where(Brand.slug.in_(missing)))}
        known.update((slug, found.get(slug)) for slug in missing)
    return {slug: name for slug in slugs if (name := known.get(slug)) is not None}


def find_brand(text: str) -> Brand | None:
    """The brand a typed name means, through its canonical key or one of its aliases."""
    key = name_key(text)
    if not key:
        return None
    brand = db.session.scalar(select(Brand).where(Brand.key == key))
    if brand is None:
        brand = db.session.scalar(select(Brand).join(BrandAlias).where(BrandAlias.key == key))
    return brand


def get_or_create_brand(text: str, sector: str = "autre") -> Brand:
    """Tagging a story with a new name creates the brand (in the caller's transaction). Two people
    naming the same new brand at the same moment: the second insert hits the unique key inside a
    savepoint, and finds the first one's brand instead of failing."""
    brand = find_brand(text)
    if brand is not None:
        return brand
    name = clean_name(text)
    for _attempt in range(3):
        brand = Brand(name=name, slug=unique_slug(name), key=name_key(name), sector=sector)
        try:
            with db.session.begin_nested():
                db.session.add(brand)
        except IntegrityError:
            existing = find_brand(text)
            if existing is not None:
                return existing
            continue  # only the slug was taken meanwhile: pick the next one
        return brand
    raise RuntimeError(f"could not create brand {name!r}")


BRAND_PAGE = "/brands/<slug>"


def unique_slug(name: str) -> str:
    base = slugify(name) or "marque"
    slug, n = base, 2
    while slug_taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


def slug_taken(slug: str, by_other_than: Brand | None = None) -> bool:
    """A brand, a brand's old address (a redirect) or another page already answers
    /brands/<slug>; the old addresses of `by_other_than` (a brand being renamed) do not count."""
    redirect = db.session.get(BrandRedirect, slug)
    return bool(db.session.scalar(select(Brand.id).where(Brand.slug == slug))
                or (redirect is not None and (by_other_than is None or redirect.brand_id != by_other_than.id))
                or _address_taken(slug))


def _address_taken(slug: str) -> bool:
    """Another page answers /brands/<slug> (the listening index at /brands/listening): a brand
    with that slug would have no page."""
    try:
        rule, _arguments = current_app.url_map.bind("localhost").match(f"/brands/{slug}", return_rule=True)
    except HTTPException:
        return False
    return rule.rule != BRAND_PAGE


def brand_by_slug(slug: str) -> tuple[Brand | None, bool]:
    """(brand, redirected): an old slug finds the brand it became, so the view can redirect."""
    brand = db.session.scalar(select(Brand).where(Brand.slug == slug))
    if brand is not None:
        return brand, False
    redirect = db.session.get(BrandRedirect, slug)
    return (redirect.brand, True) if redirect else (None, False)
