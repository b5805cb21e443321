"""Follow and notification endpoints of the API."""
from __future__ import annotations

from typing import Literal

from flask_babel import gettext as _
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..accounts.bearer import api_user, token_required
from ..community.api import absolute
from ..core.api import api_bp
from ..core.openapi import operation
from ..core.schemas import DbInt, JsonInt, Output, Schema, Timestamp
from . import follows, inbox

TAG = "Notifications"
FollowedName = Literal["page", "brand", "story", "suggestion"]


class FollowInput(Schema):
    type: FollowedName
    id: JsonInt | None = Field(None, ge=1, description="Le numéro de l'élément (histoire, suggestion ; page ou marque aussi).")
    slug: str | None = Field(None, max_length=200, description="L'adresse (slug) d'une page ou d'une marque, au lieu de `id`.")

    @model_validator(mode="after")
    def _named(self) -> FollowInput:
        if self.id is None and not self.slug:
            raise PydanticCustomError("follow", str(_("Indiquez « id » ou, pour une page ou une marque, « slug ».")))
        return self


class FollowOut(Output):
    type: FollowedName
    id: int
    title: str
    url: str
    following: bool

    @classmethod
    def of(cls, item: follows.Followable, following: bool) -> FollowOut:
        return cls(type=item.type.value, id=item.id, title=item.title, url=absolute(item.url), following=following)


class NotificationOut(Output):
    id: int
    event: Literal["revision", "comment", "official_reply", "status", "suggestion"]
    type: FollowedName
    target_id: int
    title: str
    text: str
    url: str
    status: str | None = Field(description="Pour un changement de statut : le nouveau statut.")
    message: str
    actor: str | None
    created_at: Timestamp
    read: bool


class NotificationList(Output):
    items: list[NotificationOut]
    unread: int
    page: int
    pages: int


class NotificationQuery(Schema):
    page: DbInt = Field(1, ge=1)


def _item(body: FollowInput) -> follows.Followable:
    return follows.checked(body.type, body.id, api_user(), body.slug)


@api_bp.post("/follows")
@token_required()
@operation("Suivre une page, une marque, une histoire ou une suggestion", TAG, body=FollowInput, response=FollowOut,
           status=201, errors=(404,))
def follow(body: FollowInput) -> FollowOut:
    """Again: no change (idempotent). Its news then appear in `GET /notifications`."""
    user = api_user()
    assert user is not None
    item = _item(body)
    follows.follow(user, item)
    return FollowOut.of(item, following=True)


@api_bp.delete("/follows")
@token_required()
@operation("Ne plus suivre", TAG, body=FollowInput, response=FollowOut, errors=(404,))
def unfollow(body: FollowInput) -> FollowOut:
    user = api_user()
    assert user is not None
    item = _item(body)
    follows.unfollow(user, item)
    return FollowOut.of(item, following=False)


@api_bp.get("/notifications")
@token_required()
@operation("Mes notifications", TAG, query=NotificationQuery, response=NotificationList)
def notifications(query: NotificationQuery) -> NotificationList:
    """Newest first, 30 a page; `unread` counts them all."""
    user = api_user()
    assert user is not None
    found, shown = inbox.listing(user, query.page)
    return NotificationList(
        items=[NotificationOut(
            id=entry.notification.id, event=entry.notification.event, type=entry.notification.target_type,  # type: ignore[arg-type]
            target_id=entry.notification.target_id, title=entry.title, text=entry.text, url=absolute(entry.url),
            status=entry.notification.detail or None, message=entry.notification.message,
            actor=entry.notification.actor.username if entry.notification.actor else None,
            created_at=entry.notification.created_at, read=not entry.unread,
        ) for entry in shown],
        unread=inbox.unread_count(user), page=found.page, pages=found.pages,
    )


class ReadOut(Output):
    unread: int


@api_bp.post("/notifications/read")
@token_required()
@operation("Marquer toutes mes notifications comme lues", TAG, response=ReadOut)
def read_notifications() -> ReadOut:
    user = api_user()
    assert user is not None
    inbox.mark_read(user)
    return ReadOut(unread=0)
