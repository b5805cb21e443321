"""A person's notifications: what each one says (in the reader's language, at read time), where
it leads, how many are unread, marking them read."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..core.db import db, utcnow
from ..core.pagination import Paged, paginate
from .follows import resolve
from .models import Event, Notification

PER_PAGE = 30


@dataclass(frozen=True)
class Entry:
    notification: Notification
    title: str
    url: str
    text: str  # one sentence saying what happened

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def status_labels() -> dict[str, str]:
    """The suggestion workflow's statuses, as people read them (the suggestions feature shows the
    same words)."""
    return {
        "received": _("reçue"), "studying": _("à l'étude"), "accepted": _("acceptée"),
        "done": _("réalisée"), "declined": _("déclinée"),
    }


def sentence(notification: Notification, title: str) -> str:
    actor = notification.actor.username if notification.actor else _("quelqu'un")
    event = Event(notification.event)
    if event is Event.REVISION:
        return _("%(actor)s a modifié la page « %(title)s ».", actor=actor, title=title)
    if event is Event.COMMENT:
        return _("%(actor)s a commenté « %(title)s ».", actor=actor, title=title)
    if event is Event.OFFICIAL_REPLY:
        return _("Réponse officielle sous « %(title)s ».", title=title)
    if event is Event.STATUS:
        status = status_labels().get(notification.detail, notification.detail)
        return _("La suggestion « %(title)s » est désormais %(status)s.", title=title, status=status)
    return _("Nouvelle suggestion de %(actor)s : « %(title)s ».", actor=actor, title=title)


def entries(user: User, notifications: list[Notification]) -> list[Entry]:
    """Each notification whose item `user` may still see (a held or deleted item is left out)."""
    found = []
    for notification in notifications:
        item = resolve(notification.target_type, notification.target_id, user)
        if item is not None:
            found.append(Entry(notification, item.title, item.url, sentence(notification, item.title)))
    return found


def listing(user: User, page: int) -> tuple[Paged[Notification], list[Entry]]:
    query = (
        select(Notification).where(Notification.user_id == user.id)
        .options(selectinload(Notification.actor)).order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    found = paginate(query, page, PER_PAGE)
    return found, entries(user, list(found.items))


def unread_count(user: User | None) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one notification (or all of them) read; returns how many changed."""
    query = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    changed = db.session.execute(query.values(read_at=utcnow())).rowcount
    db.session.commit()
    return int(changed or 0)
