"""The demo loader: the hand-written stories, then the generated ones, written through the same
service as everyone's (validation, tagging, screening). Keyed by (author, title): a second run
adds nothing."""
from __future__ import annotations

import json
import secrets
import zlib
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts import users
from ..accounts.models import User
from ..brands.names import get_or_create_brand
from ..core.db import db, utcnow
from ..core.resources import PACKAGE_DIR
from . import generator, writing
from .choices import Status
from .models import Story

DEMO_EMAIL_DOMAIN = "demo.cherclient.wiki"
HANDWRITTEN = PACKAGE_DIR / "demo" / "handwritten_stories.json"

# Sectors of the brands the hand-written stories are about.
HANDWRITTEN_SECTORS = {
    "Saab": "automobile", "Coolblue": "e-commerce", "Morton's": "restauration", "Virgin Atlantic": "transport",
    "Lyonnaise des Eaux": "services-publics", "Fibralis": "telecoms", "Maison Ardoise": "ameublement",
    "Mobilys Télécom": "telecoms", "Solvia": "assurance", "Librairie des Quais": "loisirs",
    "Cycles Lemoine": "distribution", "Atelier Nomade": "mode", "ElectroCité": "distribution", "Frigelux": "electromenager",
}


def demo_stories() -> list[dict[str, Any]]:
    """Every demo story as a submission with its "author" (and, for generated ones, "sector")."""
    handwritten = json.loads(HANDWRITTEN.read_text(encoding="utf-8"))
    for story in handwritten:
        story.setdefault("sector", HANDWRITTEN_SECTORS.get(story["brands"][0], "autre"))
    return handwritten + generator.generate()


def demo_account(username: str, cache: dict[str, User]) -> User:
    """A demo customer who joined months or years ago, as the members of a living site did; its
    password is random, so nobody logs in as it."""
    if username not in cache:
        user = users.by_username(username)
        if user is None:
            user = users.create_user(username, f"{username}@{DEMO_EMAIL_DOMAIN}", secrets.token_urlsafe(18))
            user.created_at = utcnow() - timedelta(days=90 + zlib.crc32(username.encode()) % 2500)
            db.session.commit()
        cache[username] = user
    return cache[username]


def load_demo_stories() -> str:
    """Demo loader (see cherclient_wiki.demo): creates what is missing, reports what it did."""
    existing = {(name, title) for name, title in db.session.execute(select(User.username, Story.title).join(Story, Story.author_id == User.id))}
    accounts: dict[str, User] = {}
    created = held = skipped = 0
    for data in demo_stories():
        if (data["author"], data["title"]) in existing:
            skipped += 1
            continue
        author = demo_account(data["author"], accounts)
        for name in data["brands"]:
            get_or_create_brand(name, data.get("sector", "autre"))
        story = writing.create_story(author, data)
        created += 1
        held += story.status != Status.PUBLISHED.value
    return _(
        "Histoires : %(created)d créées (dont %(held)d retenues pour modération), %(skipped)d déjà présentes.",
        created=created, held=held, skipped=skipped,
    )
