"""Moderation endpoints of the API (moderators' tokens only): the queue, and a decision on a story."""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify, url_for
from flask_babel import gettext as _

from ..accounts.bearer import api_user, token_required
from ..accounts.roles import Role
from ..core.api import api_bp, json_body
from ..core.db import db
from ..core.errors import ApiError, InputError
from ..stories.api import story_json
from ..stories.models import Story
from . import decisions
from .decisions import REASON_LABELS, Decision


def queue_item(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "type": "story",
        "title": story.title,
        "ad_score": story.ad_score,
        "ad_reasons": list(story.ad_reasons),
        "review_requested": story.review_requested_at is not None,
        "status": story.status,
        "url": url_for("stories.show", story_id=story.id, _external=True),
        "brands": [brand.name for brand in story.brands],
        "author": story.author.username if story.author else None,
        "created_at": story.created_at.isoformat() + "Z",
    }


@api_bp.get("/moderation/queue")
@token_required(Role.MODERATOR)
def moderation_queue() -> Response:
    """Held stories, most suspicious first."""
    return jsonify({"items": [queue_item(story) for story in decisions.pending_stories()], "total": decisions.pending_count()})


@api_bp.post("/stories/<int:story_id>/moderate")
@token_required(Role.MODERATOR)
def moderate_story(story_id: int) -> Response:
    """`{"decision": "approve"|"reject", "reason"?}`; a reason is a code or its French label
    ("publicité déguisée", the default for a rejection)."""
    story = db.session.get(Story, story_id)
    if story is None:
        raise ApiError(404, "not_found", _("Histoire introuvable."))
    body = json_body()
    try:
        decision = Decision(body.get("decision"))
    except ValueError:
        raise InputError.of({"decision": _("Décision attendue : « approve » ou « reject ».")}) from None
    raw_reason = body.get("reason")
    if raw_reason is not None and not isinstance(raw_reason, str):
        raise InputError.of({"reason": _("Texte attendu.")})
    reason = decisions.parse_reason(raw_reason, decision)
    if raw_reason and reason is None:
        accepted = ", ".join(f"« {label} »" for label in REASON_LABELS.values())
        raise InputError.of({"reason": _("Motif inconnu ; motifs possibles : %(reasons)s.", reasons=accepted)})
    moderator = api_user()
    assert moderator is not None
    decisions.decide(moderator, [story], decision, reason)
    return jsonify({**story_json(story), "decision": decision.value, "reason": str(REASON_LABELS[reason]) if reason else None})
