"""Moderation endpoints of the API (moderators' tokens only): the queue, and a decision on a story."""
from __future__ import annotations

from typing import Any, Literal

from flask import url_for
from flask_babel import gettext as _
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from ..accounts.bearer import api_user, token_required
from ..accounts.roles import Role
from ..core.api import api_bp
from ..core.db import db
from ..core.errors import ApiError, InputError
from ..core.openapi import operation
from ..core.schemas import Output, Schema, Timestamp
from ..stories.api import story_out
from ..stories.models import Story
from ..stories.schemas import StoryOut
from . import decisions
from .decisions import REASON_LABELS, Decision

TAG = "Modération"


class QueueItem(Output):
    id: int
    type: Literal["story"]
    title: str
    ad_score: float
    ad_reasons: list[str]
    review_requested: bool
    status: str
    url: str
    brands: list[str]
    author: str | None
    created_at: Timestamp

    @classmethod
    def of(cls, story: Story) -> QueueItem:
        return cls(
            id=story.id, type="story", title=story.title, ad_score=story.ad_score, ad_reasons=list(story.ad_reasons),
            review_requested=story.review_requested_at is not None, status=story.status,
            url=url_for("stories.show", story_id=story.id, _external=True), brands=[brand.name for brand in story.brands],
            author=story.author.username if story.author else None, created_at=story.created_at,
        )


class Queue(Output):
    items: list[QueueItem]
    total: int


class Moderation(Schema):
    decision: Literal["approve", "reject"]
    reason: str | None = Field(None, description="Un code (advert, smear, off_topic…) ou son libellé français ; "
                                                 "« publicité déguisée » par défaut pour un refus.")

    @field_validator("decision", mode="before")
    @classmethod
    def _decision(cls, value: Any) -> Any:
        if not isinstance(value, str) or value not in {decision.value for decision in Decision}:
            raise PydanticCustomError("decision", _("Décision attendue : « approve » ou « reject »."))
        return value


class Moderated(StoryOut):
    decision: Literal["approve", "reject"]
    reason: str | None


@api_bp.get("/moderation/queue")
@token_required(Role.MODERATOR)
@operation("Les histoires retenues, les plus suspectes d'abord", TAG, response=Queue)
def moderation_queue() -> Queue:
    return Queue(items=[QueueItem.of(story) for story in decisions.pending_stories()], total=decisions.pending_count())


@api_bp.post("/stories/<int:story_id>/moderate")
@token_required(Role.MODERATOR)
@operation("Publier ou refuser une histoire", TAG, body=Moderation, response=Moderated, errors=(404,))
def moderate_story(story_id: int, body: Moderation) -> Moderated:
    story = db.session.get(Story, story_id)
    if story is None:
        raise ApiError(404, "not_found", _("Histoire introuvable."))
    decision = Decision(body.decision)
    reason = decisions.parse_reason(body.reason, decision)
    if body.reason and reason is None:
        accepted = ", ".join(f"« {label} »" for label in REASON_LABELS.values())
        raise InputError(_("Motif inconnu ; motifs possibles : %(reasons)s.", reasons=accepted), "reason")
    moderator = api_user()
    assert moderator is not None
    decisions.decide(moderator, [story], decision, reason)
    return Moderated(**story_out(story).model_dump(), decision=decision.value,
                     reason=str(REASON_LABELS[reason]) if reason else None)
