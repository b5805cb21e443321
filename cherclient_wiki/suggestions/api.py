"""Suggestion endpoints of the API: propose, list, read with the timeline, support, answer, and
a brand's listening figures."""
from __future__ import annotations

from flask import Response, jsonify, request
from flask_babel import gettext as _

from ..accounts.bearer import api_user, token_required
from ..brands.names import brand_by_slug
from ..core import limits
from ..core.api import api_bp
from ..core.db import db
from ..core.errors import ApiError
from ..core.openapi import operation
from ..core.pagination import add_links
from ..leaderboard.visibility import can_see_brand
from . import listening, listing, writing
from .models import Suggestion
from .schemas import (
    BrandRef,
    ListeningBoard,
    ListeningOut,
    StatusInput,
    SuggestionDetail,
    SuggestionInput,
    SuggestionList,
    SuggestionOut,
    SuggestionPage,
    suggestion_detail,
    suggestion_out,
)

TAG = "Suggestions"


def _suggestion(suggestion_id: int) -> Suggestion:
    suggestion = db.session.get(Suggestion, suggestion_id)
    if suggestion is None or not writing.can_see(api_user(), suggestion):
        raise ApiError(404, "not_found", _("Suggestion introuvable."))
    return suggestion


def _detail(suggestion: Suggestion) -> SuggestionDetail:
    return suggestion_detail(suggestion, writing.support_count(suggestion))


@api_bp.post("/suggestions")
@limits.posting
@token_required()
@operation("Proposer une suggestion à une marque", TAG, body=SuggestionInput, response=SuggestionDetail, status=201)
def create_suggestion(body: SuggestionInput) -> SuggestionDetail:
    """Screened like a story: one that looks like an advertisement is held for a moderator
    (`"held": true`, with `ad_reasons` in French). The brand must be known to the site."""
    user = api_user()
    assert user is not None
    return _detail(writing.create(user, body, ip=request.remote_addr))


@api_bp.get("/suggestions")
@operation("Les suggestions publiées", TAG, query=SuggestionList, response=SuggestionPage)
def list_suggestions(query: SuggestionList) -> Response:
    """Newest first, 20 a page; `Link` headers point to the other pages."""
    found = listing.published(brand=query.brand, status=query.status, page=query.page)
    counts = listing.support_counts(found.items)
    answer = SuggestionPage(suggestions=[suggestion_out(s, counts.get(s.id, 0)) for s in found.items],
                            page=found.page, pages=found.pages, total=found.total)
    return add_links(jsonify(answer.model_dump(mode="json")), found, "api.list_suggestions", request.args)


@api_bp.get("/suggestions/<int:suggestion_id>")
@operation("Lire une suggestion et son suivi", TAG, response=SuggestionDetail, errors=(404,))
def get_suggestion(suggestion_id: int) -> SuggestionDetail:
    """`timeline`: each status set, dated, with the message of whoever set it."""
    return _detail(_suggestion(suggestion_id))


@api_bp.post("/suggestions/<int:suggestion_id>/support")
@token_required()
@operation("Soutenir une suggestion", TAG, response=SuggestionOut, errors=(404, 409))
def support_suggestion(suggestion_id: int) -> SuggestionOut:
    """One account, one support: again changes nothing."""
    user = api_user()
    assert user is not None
    suggestion = _suggestion(suggestion_id)
    writing.support(user, suggestion)
    return suggestion_out(suggestion, writing.support_count(suggestion))


@api_bp.delete("/suggestions/<int:suggestion_id>/support")
@token_required()
@operation("Retirer son soutien", TAG, response=SuggestionOut, errors=(404,))
def withdraw_support(suggestion_id: int) -> SuggestionOut:
    user = api_user()
    assert user is not None
    suggestion = _suggestion(suggestion_id)
    writing.withdraw_support(user, suggestion)
    return suggestion_out(suggestion, writing.support_count(suggestion))


@api_bp.post("/suggestions/<int:suggestion_id>/status")
@token_required()
@operation("Changer le statut d'une suggestion (représentants de la marque, modérateurs)", TAG, body=StatusInput,
           response=SuggestionDetail, errors=(403, 404, 409))
def set_suggestion_status(suggestion_id: int, body: StatusInput) -> SuggestionDetail:
    """`declined` needs a `message` (422 without). The author and the supporters are notified."""
    user = api_user()
    assert user is not None
    suggestion = _suggestion(suggestion_id)
    writing.set_status(user, suggestion, body)
    return _detail(suggestion)


def listening_out(line: listening.Listening) -> ListeningOut:
    return ListeningOut(
        brand=BrandRef(name=line.name, slug=line.slug), suggestions=line.suggestions, answered_rate=line.answered_rate,
        median_first_answer_hours=None if line.median_first_answer_hours is None else round(line.median_first_answer_hours, 1),
        adoption_rate=line.adoption_rate, rank=line.rank, score=round(line.score, 2),
    )


@api_bp.get("/brands/<slug>/listening")
@operation("L'écoute d'une marque : réponses à ses suggestions", TAG, response=ListeningOut, errors=(404,))
def brand_listening(slug: str) -> ListeningOut:
    brand, _redirected = brand_by_slug(slug)
    if brand is None or not can_see_brand(api_user(), brand):
        raise ApiError(404, "not_found", _("Marque introuvable."))
    return listening_out(listening.of_brand(brand))


@api_bp.get("/brands/listening")
@operation("Les marques à l'écoute : le classement", TAG, response=ListeningBoard)
def listening_board() -> ListeningBoard:
    return ListeningBoard(brands=[listening_out(line) for line in listening.board()], method=listening.method())
