"""Story endpoints of the API: tell (the same schema as the web form), read, edit with merges,
list, and ask for a review of a held story."""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request
from flask_babel import gettext as _
from pydantic import Field

from ..accounts.bearer import api_user, token_required
from ..core import limits
from ..core.api import api_bp
from ..core.db import db
from ..core.errors import ApiError
from ..core.merge import Outcome
from ..core.openapi import operation
from ..core.pagination import add_links
from ..core.schemas import DbInt, Output, Schema
from . import listing, reactions, writing
from .models import Story
from .schemas import EndingName, KindName, StoryEdit, StoryInput, StoryOut

TAG = "Histoires"


class EditedStory(StoryOut):
    changed: bool = Field(description="Faux quand l'histoire était déjà ainsi : aucune version n'est ajoutée.")
    merged: bool = Field(description="Vos modifications ont été fusionnées avec une autre faite entre-temps.")


class ReviewAsked(StoryOut):
    asked: bool = Field(description="Faux quand la relecture était déjà demandée.")


class StoryList(Schema):
    brand: str | None = Field(None, description="Le nom ou l'adresse (slug) d'une marque.")
    kind: KindName | None = None
    ending: EndingName | None = None
    page: DbInt = Field(1, ge=1)


class StoryPage(Output):
    stories: list[StoryOut]
    page: int
    pages: int
    total: int


def story_out(story: Story) -> StoryOut:
    return StoryOut.of(story, reactions.count(story))


def story_json(story: Story) -> dict[str, Any]:
    """A story as the API shows it, for the answers that embed one (moderation)."""
    return story_out(story).model_dump(mode="json")


def _story(story_id: int) -> Story:
    story = db.session.get(Story, story_id)
    if story is None or not writing.can_see(api_user(), story):
        raise ApiError(404, "not_found", _("Histoire introuvable."))
    return story


@api_bp.post("/stories")
@limits.posting
@token_required()
@operation("Raconter une histoire", TAG, body=StoryInput, response=StoryOut, status=201)
def create_story(body: StoryInput) -> StoryOut:
    """Screened before it is shown: a story that looks like an advertisement is held for a
    moderator (`"status": "pending"`, with `ad_reasons` in French)."""
    user = api_user()
    assert user is not None
    return story_out(writing.create_story(user, body, ip=request.remote_addr))


@api_bp.get("/stories/<int:story_id>")
@operation("Lire une histoire", TAG, response=StoryOut, errors=(404,))
def get_story(story_id: int) -> StoryOut:
    """Held and refused stories are for their author and the moderators only (404 for others)."""
    return story_out(_story(story_id))


@api_bp.put("/stories/<int:story_id>")
@limits.editing
@token_required()
@operation("Modifier une histoire", TAG, body=StoryEdit, response=EditedStory, errors=(403, 404, 409))
def edit_story(story_id: int, body: StoryEdit) -> EditedStory:
    """The whole story again, as for POST, plus an optional `base_version` (the `version` it was
    read at): if the story changed since, the edit is merged (`"merged": true`), or refused with a
    409 `edit_conflict` that carries `current_version`, `conflicts` and the `current` story when
    both changed the same facts."""
    user = api_user()
    assert user is not None
    story = _story(story_id)
    try:
        outcome = writing.edit_story(story, user, body, ip=request.remote_addr)
    except writing.StoryForbidden:
        raise ApiError(403, "forbidden", _("Seuls l'auteur de l'histoire et les modérateurs peuvent la modifier.")) from None
    except writing.StoryConflict as conflict:
        raise ApiError(
            409, "edit_conflict",
            _("L'histoire a été modifiée entre-temps sur les mêmes points : rien n'a été enregistré."),
            current_version=conflict.story.version, conflicts=list(conflict.conflicts), current=story_json(conflict.story),
        ) from None
    return EditedStory(**story_out(story).model_dump(), changed=outcome != Outcome.UNCHANGED, merged=outcome == Outcome.MERGED)


@api_bp.post("/stories/<int:story_id>/review-request")
@token_required()
@operation("Demander la relecture d'une histoire retenue", TAG, response=ReviewAsked, errors=(403, 404))
def request_review(story_id: int) -> ReviewAsked:
    """The author of a held story asks for a moderator's review."""
    user = api_user()
    assert user is not None
    story = _story(story_id)
    try:
        asked = writing.request_review(story, user)
    except writing.StoryForbidden:
        raise ApiError(403, "forbidden", _("Seul l'auteur d'une histoire retenue peut demander sa relecture.")) from None
    return ReviewAsked(**story_out(story).model_dump(), asked=asked)


@api_bp.get("/stories")
@operation("Les histoires publiées", TAG, query=StoryList, response=StoryPage)
def list_stories(query: StoryList) -> Response:
    """Newest first, 20 a page; `Link` headers point to the other pages."""
    found = listing.published(brand=query.brand, kind=query.kind, ending=query.ending, page=query.page)
    answer = StoryPage(stories=[story_out(story) for story in found.items], page=found.page, pages=found.pages, total=found.total)
    return add_links(jsonify(answer.model_dump(mode="json")), found, "api.list_stories", request.args)
