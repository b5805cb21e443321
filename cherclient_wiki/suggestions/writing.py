"""Proposing, supporting and answering suggestions.

A suggestion is screened by the registered detector (core.screening) before it is committed, as a
story is: above AD_SCORE_THRESHOLD it is held (only its author and the moderators see it) until
a moderator decides. Its public status moves only by the hand of the brand's declared
representatives or of a moderator; each move is a dated SuggestionEvent, and the author, the
supporters and the followers are told (notifications).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from ..accounts.models import User
from ..accounts.roles import is_moderator
from ..brands.models import Brand
from ..community.representatives import find_brand_named, represents
from ..core.audit import record
from ..core.db import db, utcnow
from ..core.errors import InputError
from ..core.hooks import hooks
from ..core.markup import RenderTooSlow, render
from ..core.schemas import validate
from ..core.screening import screen
from ..leaderboard.visibility import can_see_brand
from ..notifications import follows
from ..notifications.events import notify
from ..notifications.models import Event, Followed
from ..stories.choices import Status as Screened
from .models import Progress, Suggestion, SuggestionEvent, SuggestionSupport
from .schemas import StatusInput, SuggestionInput


def can_see(user: User | None, suggestion: Suggestion) -> bool:
    """Held and rejected suggestions are for their author and the moderators only."""
    if suggestion.is_published:
        return True
    return is_moderator(user) or (user is not None and user.is_authenticated and user.id == suggestion.author_id)


def can_answer(user: User | None, suggestion: Suggestion) -> bool:
    """The brand's declared representatives and the moderators set the status."""
    return is_moderator(user) or represents(user, suggestion.brand_id)


def _brand(name: str, author: User) -> Brand:
    try:
        brand = find_brand_named(name)
    except InputError:
        brand = None
    if brand is None or not can_see_brand(author, brand):
        raise InputError(
            _("Aucune marque « %(name)s » sur le site : choisissez-en une dans la liste, ou racontez d'abord une histoire qui la cite.", name=name),
            "brand",
        )
    return brand


def _html(author: User, body: str) -> str:
    try:
        html = render(body)
    except RenderTooSlow as slow:
        raise InputError(str(slow), "body") from None
    problem = hooks().save_problem(author, html, "")
    if problem:
        raise InputError(problem, "body")
    return html


def apply_screening(suggestion: Suggestion) -> None:
    """Score and reasons; above the threshold, held for a moderator."""
    result = screen(suggestion)
    suggestion.ad_score = round(result.score, 4)
    suggestion.ad_reasons = list(result.reasons)
    held = result.score >= current_app.config["AD_SCORE_THRESHOLD"]
    suggestion.screening = (Screened.PENDING if held else Screened.PUBLISHED).value


def create(author: User, data: Mapping[str, Any] | SuggestionInput, *, ip: str | None = None) -> Suggestion:
    """Validate (unless the API already did), render, screen and commit; the author follows it,
    and the brand's followers hear of it once it is published."""
    checked = data if isinstance(data, SuggestionInput) else validate(SuggestionInput, data)
    brand = _brand(checked.brand, author)
    suggestion = Suggestion(
        author=author, author_id=author.id, brand=brand, brand_id=brand.id, title=checked.title, body=checked.body,
        html=_html(author, checked.body), photo_id=checked.photo_id, author_ip=ip, ad_reasons=[],
        status=Progress.RECEIVED.value,
    )
    db.session.add(suggestion)
    db.session.flush()
    apply_screening(suggestion)
    follows.add(db.session, author.id, Followed.SUGGESTION, suggestion.id)
    if suggestion.is_published:
        notify(db.session, Event.SUGGESTION, Followed.SUGGESTION, suggestion.id, author.id, brand_id=brand.id)
    db.session.commit()
    return suggestion


def support_count(suggestion: Suggestion) -> int:
    return db.session.scalar(
        select(func.count()).select_from(SuggestionSupport).where(SuggestionSupport.suggestion_id == suggestion.id)
    ) or 0


def supports(user: User | None, suggestion: Suggestion) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return db.session.get(SuggestionSupport, (suggestion.id, user.id)) is not None


def _published(suggestion: Suggestion) -> None:
    if not suggestion.is_published:
        raise InputError(_("Cette suggestion attend la relecture d'un modérateur."), status=409)


def support(user: User, suggestion: Suggestion) -> bool:
    """One account, one support (again: nothing changes); the supporter follows it. False when
    the account already supported it."""
    _published(suggestion)
    if supports(user, suggestion):
        return False
    db.session.add(SuggestionSupport(suggestion_id=suggestion.id, user_id=user.id))
    follows.add(db.session, user.id, Followed.SUGGESTION, suggestion.id)
    db.session.commit()
    return True


def withdraw_support(user: User, suggestion: Suggestion) -> bool:
    removed = db.session.execute(delete(SuggestionSupport).where(
        SuggestionSupport.suggestion_id == suggestion.id, SuggestionSupport.user_id == user.id,
    )).rowcount
    db.session.commit()
    return bool(removed)


def set_status(actor: User, suggestion: Suggestion, data: Mapping[str, Any] | StatusInput) -> SuggestionEvent:
    """A representative of the brand, or a moderator, moves the suggestion on (InputError 403 for
    anyone else; 422 for a decline without its reason). The first move by a representative is
    the brand's first answer, which the listening index measures."""
    if not can_answer(actor, suggestion):
        raise InputError(_("Seuls les représentants déclarés de %(brand)s et les modérateurs changent le statut d'une suggestion.",
                           brand=suggestion.brand.name), "status", status=403)
    _published(suggestion)
    checked = data if isinstance(data, StatusInput) else validate(StatusInput, data)
    if checked.status == Progress.DECLINED.value and not checked.message:
        raise InputError(_("Dites pourquoi la suggestion est déclinée : la personne qui l'a faite mérite une raison."), "message")
    if checked.status == suggestion.status:
        raise InputError(_("La suggestion a déjà ce statut."), "status", status=409)
    now = utcnow()
    representative = represents(actor, suggestion.brand_id)
    event = SuggestionEvent(status=checked.status, message=checked.message, author_id=actor.id,
                            as_representative=representative, created_at=now)
    suggestion.events.append(event)
    suggestion.status = checked.status
    suggestion.updated_at = now
    if representative and suggestion.first_answer_at is None:
        suggestion.first_answer_at = now
    if not representative:
        record(actor, "suggestion.status", "suggestion", suggestion.id, checked.status)
    db.session.flush()
    supporters = db.session.scalars(select(SuggestionSupport.user_id).where(SuggestionSupport.suggestion_id == suggestion.id))
    also = [*supporters, *([suggestion.author_id] if suggestion.author_id else [])]
    notify(db.session, Event.STATUS, Followed.SUGGESTION, suggestion.id, actor.id, detail=checked.status,
           message=checked.message, also=also, brand_id=suggestion.brand_id)
    db.session.commit()
    return event


def moderate(moderator: User, suggestion: Suggestion, publish: bool) -> None:
    """A moderator publishes a held suggestion, or rejects it."""
    if not is_moderator(moderator):
        raise InputError(_("Seuls les modérateurs décident d'une suggestion retenue."), status=403)
    suggestion.screening = (Screened.PUBLISHED if publish else Screened.REJECTED).value
    record(moderator, "suggestion.publish" if publish else "suggestion.reject", "suggestion", suggestion.id)
    if publish:
        notify(db.session, Event.SUGGESTION, Followed.SUGGESTION, suggestion.id, suggestion.author_id, brand_id=suggestion.brand_id)
    db.session.commit()
