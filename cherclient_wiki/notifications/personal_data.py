"""The notifications' share of an export and an erasure (core.personal_data): what the account
follows, its notifications and its e-mail preference. None of it is public: an erasure deletes it
all, whichever option is chosen, and replaces the name in others' notifications that quote it."""
from __future__ import annotations

from sqlalchemy import delete, select

from ..accounts.models import User
from ..core.db import db
from ..core.personal_data import Erasure, Export, PersonalData
from ..core.schemas import iso_utc
from .models import Follow, Notification, NotificationSettings


def export(user: User) -> Export:
    follows = db.session.scalars(select(Follow).where(Follow.user_id == user.id).order_by(Follow.created_at))
    notifications = db.session.scalars(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    settings = db.session.get(NotificationSettings, user.id)
    return Export(data={
        "follows": [{"type": f.target_type, "id": f.target_id, "created_at": iso_utc(f.created_at)} for f in follows],
        "notifications": [
            {"event": n.event, "type": n.target_type, "id": n.target_id, "detail": n.detail, "message": n.message,
             "created_at": iso_utc(n.created_at), "read_at": iso_utc(n.read_at) if n.read_at else None}
            for n in notifications
        ],
        "email_preference": settings.email_mode if settings is not None else None,
    })


def erase(user: User, erasure: Erasure) -> None:
    for model in (Follow, Notification, NotificationSettings):
        db.session.execute(delete(model).where(model.user_id == user.id))
    for notification in db.session.scalars(select(Notification).where(erasure.mentions(Notification.message))):
        notification.message = erasure.scrub(notification.message)[:500]


PART = PersonalData("notifications", export, erase)
