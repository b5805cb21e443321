"""Story endpoints of the API: create (same validation as the form), read, list."""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request, url_for
from flask_babel import gettext as _

from ..accounts.bearer import api_user, token_required
from ..core import limits
from ..core.api import api_bp, json_body
from ..core.db import db
from ..core.errors import ApiError, InputError
from ..core.inputs import parse_int
from ..core.merge import Outcome
from . import listing, reactions, writing
from .choices import Ending, Kind
from .models import Story


def story_json(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "url": url_for("stories.show", story_id=story.id, _external=True),
        "title": story.title,
        "body": story.body,
        "html": story.html,
        "brands": [{"name": brand.name, "slug": brand.slug} for brand in story.brands],
        "kind": story.kind,
        "satisfaction": story.satisfaction,
        "ending": story.ending,
        "year": story.year,
        "channel": story.channel,
        "photo": url_for("uploads.serve", name=story.photo.name, _external=True) if story.photo else None,
        "status": story.status,
        "ad_score": story.ad_score,
        "ad_reasons": list(story.ad_reasons),
        "review_requested": story.review_requested_at is not None,
        "author": story.author.username if story.author else None,
        "reactions": reactions.count(story),
        "created_at": story.created_at.isoformat() + "Z",
        "updated_at": story.updated_at.isoformat() + "Z",
        "version": story.version,
    }


@api_bp.post("/stories")
@limits.posting
@token_required()
def create_story() -> tuple[Response, int]:
    user = api_user()
    assert user is not None
    try:
        story = writing.create_story(user, json_body(), ip=request.remote_addr)
    except InputError as invalid:
        raise InputError.of(invalid.fields) from None
    return jsonify(story_json(story)), 201


def _story(story_id: int) -> Story:
    story = db.session.get(Story, story_id)
    if story is None or not writing.can_see(api_user(), story):
        raise ApiError(404, "not_found", _("Histoire introuvable."))
    return story


@api_bp.get("/stories/<int:story_id>")
def get_story(story_id: int) -> Response:
    return jsonify(story_json(_story(story_id)))


@api_bp.put("/stories/<int:story_id>")
@limits.editing
@token_required()
def edit_story(story_id: int) -> Response:
    """The whole story again, as for POST, plus an optional `base_version` (the `version` it was
    read at): if the story changed since, the edit is merged (`"merged": true`), or refused with a
    409 that carries the current story when both changed the same facts. `"changed": false` when
    it was already so."""
    user = api_user()
    assert user is not None
    story = _story(story_id)
    try:
        outcome = writing.edit_story(story, user, json_body(), ip=request.remote_addr)
    except writing.StoryForbidden:
        raise ApiError(403, "forbidden", _("Seuls l'auteur de l'histoire et les modérateurs peuvent la modifier.")) from None
    except InputError as invalid:
        raise InputError.of(invalid.fields) from None
    except writing.StoryConflict as conflict:
        raise ApiError(
            409, "edit_conflict",
            _("L'histoire a été modifiée entre-temps sur les mêmes points : rien n'a été enregistré."),
            current_version=conflict.story.version, conflicts=list(conflict.conflicts), current=story_json(conflict.story),
        ) from None
    return jsonify({**story_json(story), "changed": outcome != Outcome.UNCHANGED, "merged": outcome == Outcome.MERGED})


@api_bp.post("/stories/<int:story_id>/review-request")
@token_required()
def request_review(story_id: int) -> Response:
    """The author of a held story asks for a moderator's review; `"asked": false` if already asked."""
    user = api_user()
    assert user is not None
    story = _story(story_id)
    try:
        asked = writing.request_review(story, user)
    except writing.StoryForbidden:
        raise ApiError(403, "forbidden", _("Seul l'auteur d'une histoire retenue peut demander sa relecture.")) from None
    return jsonify({**story_json(story), "asked": asked})


def _choice_arg(name: str, values: type[Kind] | type[Ending], errors: dict[str, str]) -> str | None:
    value = request.args.get(name) or None
    if value is not None and value not in {choice.value for choice in values}:
        errors[name] = _("Valeur inconnue ; possibles : %(values)s.", values=", ".join(choice.value for choice in values))
    return value


@api_bp.get("/stories")
def list_stories() -> Response:
    """Published stories, newest first, 20 a page."""
    errors: dict[str, str] = {}
    kind = _choice_arg("kind", Kind, errors)
    ending = _choice_arg("ending", Ending, errors)
    page = parse_int(request.args.get("page", "1"), minimum=1)
    if page is None:
        errors["page"] = _("Numéro de page attendu (entier à partir de 1).")
    if errors or page is None:
        raise InputError.of(errors)
    found = listing.published(brand=request.args.get("brand") or None, kind=kind, ending=ending, page=page)
    return jsonify({"stories": [story_json(story) for story in found.stories], "page": found.page, "pages": found.pages, "total": found.total})
