"""What becomes a notification, and for whom.

Wiki revisions and comments are noticed by a session listener, written in the same transaction as
the change (as the search outbox is), so the wiki and community code never call this feature;
features above it (suggestions) call `notify` themselves. Authors follow what they write: a page
they edit, a story they tell (a suggestion's author and supporters are followed by the
suggestions feature). Nobody is told about their own action.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import has_app_context
from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..community.models import Comment, CommentStatus
from ..core import background
from ..core.db import on_session, utcnow
from ..stories.models import Story
from ..wiki.models import Revision
from . import follows
from .models import Event, Followed, Notification


def notify(session: Session, event: Event, kind: Followed, target_id: int, actor_id: int | None,
           detail: str = "", message: str = "", also: Iterable[int] = (), brand_id: int | None = None) -> int:
    """One notification per follower of the item (and of its brand, given `brand_id`), plus
    `also`, except the actor; returns how many were written."""
    recipients = set(follows.followers(session, kind, target_id)) | set(also)
    if brand_id is not None:
        recipients |= set(follows.followers(session, Followed.BRAND, brand_id))
    recipients.discard(actor_id)  # type: ignore[arg-type]
    if not recipients:
        return 0
    now = utcnow()
    session.connection().execute(insert(Notification.__table__), [
        {"user_id": user_id, "event": event.value, "target_type": kind.value, "target_id": target_id,
         "actor_id": actor_id, "detail": detail, "message": message[:500], "created_at": now}
        for user_id in sorted(recipients)
    ])
    background.queued(session)  # the e-mail sender runs after the response (core.background)
    return len(recipients)


def _comment_kind(comment: Comment) -> Followed | None:
    try:
        return Followed(comment.target_type)
    except ValueError:
        return None


def _noticed(session: Session, _flush_context: Any) -> None:
    """New revisions, comments and stories of this flush."""
    if not has_app_context():
        return
    for instance in list(session.new):
        if isinstance(instance, Revision) and instance.page_id is not None:
            if instance.author_id is not None:
                follows.add(session, instance.author_id, Followed.PAGE, instance.page_id)
            notify(session, Event.REVISION, Followed.PAGE, instance.page_id, instance.author_id, message=instance.summary or "")
        elif isinstance(instance, Comment) and instance.status == CommentStatus.VISIBLE.value:
            kind = _comment_kind(instance)
            if kind is not None:
                event = Event.OFFICIAL_REPLY if instance.brand_id is not None else Event.COMMENT
                notify(session, event, kind, instance.target_id, instance.author_id, message=instance.body[:300])
        elif isinstance(instance, Story) and instance.author_id is not None and instance.id is not None:
            follows.add(session, instance.author_id, Followed.STORY, instance.id)


def init_events() -> None:
    on_session("after_flush", _noticed)
