"""Story helpers for the statistics tests: readers without a password (hashing one per account would
make a 20-account test slow) and published stories told through the real create_story service."""
from __future__ import annotations

import math
from itertools import count

from flask import current_app

from cherclient_wiki.accounts.models import User
from cherclient_wiki.brands.models import Brand, BrandRepresentative
from cherclient_wiki.brands.names import find_brand
from cherclient_wiki.core.db import db
from cherclient_wiki.stories.choices import Status
from cherclient_wiki.stories.models import Story
from cherclient_wiki.stories.writing import create_story

_serial = count(1)

BODY = (
    "Je raconte ici ce que j'ai vécu avec {brand} : un conseiller a pris le temps de m'écouter, "
    "de comprendre le problème et de revenir vers moi avec une réponse claire (récit n° {n})."
)


def reader(name: str) -> User:
    user = User(username=name, email=f"{name}@example.org", password_hash="!")
    db.session.add(user)
    db.session.commit()
    return user


def readers(n: int, prefix: str = "lecteur") -> list[User]:
    return [reader(f"{prefix}{i}") for i in range(n)]


def tell(author: User, brand: str = "Saab", *, satisfaction: int = 5, ending: str = "loyal", kind: str = "love",
         year: int | None = 2020, channel: str | None = "web", status: Status = Status.PUBLISHED) -> Story:
    """A story through create_story. The moderation outcome is the test's choice, not the ad
    detector's: the screening threshold is set for this one story so that it is published or held
    in the same transaction, as a real decision at creation would be."""
    n = next(_serial)
    config = current_app.config
    threshold = config["AD_SCORE_THRESHOLD"]
    config["AD_SCORE_THRESHOLD"] = 0.0 if status is Status.PENDING else math.inf
    try:
        story = create_story(author, {
            "title": f"Mon histoire n° {n} avec {brand}", "body": BODY.format(brand=brand, n=n), "brands": [brand],
            "kind": kind, "satisfaction": satisfaction, "ending": ending, "year": year, "channel": channel,
        })
    finally:
        config["AD_SCORE_THRESHOLD"] = threshold
    if status is Status.REJECTED:
        story.status = status.value
        db.session.commit()
    return story


def brand(name: str) -> Brand:
    found = find_brand(name)
    assert found is not None
    return found


def declare_representative(user: User, brand_name: str) -> None:
    db.session.add(BrandRepresentative(user_id=user.id, brand_id=brand(brand_name).id))
    db.session.commit()
