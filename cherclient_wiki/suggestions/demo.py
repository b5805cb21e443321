"""The demo loader: suggestions with a realistic mix of statuses and answer delays (the brands of
the hand-written stories), answered by one demo representative per brand, written through the
same service as everyone's and then dated in the past. Keyed by (author, title): a second run
adds nothing."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from ..accounts.models import User
from ..brands.models import BrandRepresentative
from ..core.db import db, utcnow
from ..core.resources import PACKAGE_DIR
from ..notifications.models import Notification
from ..stories.demo import DEMO_EMAIL_DOMAIN, demo_account
from ..stories.listing import brand_for_filter
from . import writing
from .models import Suggestion

DEMO_FILE = PACKAGE_DIR / "demo" / "suggestions.json"


def _representative(brand_id: int, slug: str, accounts: dict[str, User]) -> User:
    user = demo_account(f"service-client-{slug}"[:40], accounts)
    if db.session.get(BrandRepresentative, (user.id, brand_id)) is None:
        db.session.add(BrandRepresentative(user_id=user.id, brand_id=brand_id))
        db.session.commit()
    return user


def _load(data: dict[str, Any], accounts: dict[str, User]) -> Suggestion | None:
    brand = brand_for_filter(data["brand"])
    if brand is None:
        return None
    author = demo_account(data["author"], accounts)
    suggestion = writing.create(author, data)
    created = utcnow() - timedelta(days=data["days_ago"])
    suggestion.created_at = suggestion.updated_at = created
    representative = _representative(brand.id, brand.slug, accounts) if data["steps"] else None
    for status, after_hours, message in data["steps"]:
        assert representative is not None
        event = writing.set_status(representative, suggestion, {"status": status, "message": message})
        event.created_at = suggestion.updated_at = created + timedelta(hours=after_hours)
    answers = [event.created_at for event in suggestion.events if event.as_representative]
    suggestion.first_answer_at = min(answers) if answers else None
    db.session.commit()
    return suggestion


def load_demo_suggestions() -> str:
    existing = set(db.session.execute(select(User.username, Suggestion.title).join(Suggestion, Suggestion.author_id == User.id)))
    accounts: dict[str, User] = {}
    created = skipped = 0
    for data in json.loads(DEMO_FILE.read_text(encoding="utf-8")):
        if (data["author"], data["title"]) in existing or _load(data, accounts) is None:
            skipped += 1
        else:
            created += 1
    # What happened to demo accounts is history: nobody is mailed about it.
    demo_ids = select(User.id).where(User.email.endswith(f"@{DEMO_EMAIL_DOMAIN}"))
    db.session.execute(update(Notification).where(Notification.mailed_at.is_(None), Notification.user_id.in_(demo_ids))
                       .values(mailed_at=utcnow()))
    db.session.commit()
    return _("Suggestions : %(created)d créées, %(skipped)d déjà présentes ou sans marque.", created=created, skipped=skipped)
