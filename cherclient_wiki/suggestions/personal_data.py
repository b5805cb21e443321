"""The suggestions' share of an export, an erasure and the retention purge (core.personal_data):
suggestions proposed with their timelines, supports given, status messages written as a
representative or a moderator; the address a suggestion was sent from."""
from __future__ import annotations

from sqlalchemy import select

from ..accounts.models import User
from ..core.db import db
from ..core.personal_data import Content, Erasure, Export, PersonalData, address_purge
from ..core.schemas import iso_utc
from .models import Suggestion, SuggestionEvent, SuggestionSupport


def _own(user: User) -> list[Suggestion]:
    return list(db.session.scalars(select(Suggestion).where(Suggestion.author_id == user.id).order_by(Suggestion.id)))


def export(user: User) -> Export:
    found = Export(data={"suggestions": [], "supports": [], "suggestion_answers": []})
    for suggestion in _own(user):
        path = f"suggestions/{suggestion.id}.md"
        found.files[path] = f"# {suggestion.title}\n\n{suggestion.body}\n".encode()
        found.data["suggestions"].append({
            "id": suggestion.id, "brand": suggestion.brand.name, "title": suggestion.title, "status": suggestion.status,
            "screening": suggestion.screening, "photo": suggestion.photo.name if suggestion.photo else None,
            "created_at": iso_utc(suggestion.created_at), "file": path,
            "timeline": [{"status": event.status, "message": event.message, "created_at": iso_utc(event.created_at)}
                         for event in suggestion.events],
        })
    supports = db.session.scalars(select(SuggestionSupport).where(SuggestionSupport.user_id == user.id)
                                  .order_by(SuggestionSupport.created_at))
    found.data["supports"] = [{"suggestion": support.suggestion_id, "created_at": iso_utc(support.created_at)}
                              for support in supports]
    answers = db.session.scalars(select(SuggestionEvent).where(SuggestionEvent.author_id == user.id).order_by(SuggestionEvent.id))
    found.data["suggestion_answers"] = [
        {"suggestion": event.suggestion_id, "status": event.status, "message": event.message,
         "as_representative": event.as_representative, "created_at": iso_utc(event.created_at)}
        for event in answers
    ]
    return found


def erase(user: User, erasure: Erasure) -> None:
    """`delete` removes the suggestions (their supports and timelines with them) and the supports
    given; `anonymise` keeps both under the pseudonym. A brand's answers in other people's
    timelines stay (they are the brand's word), signed by the pseudonym, names quoted replaced."""
    for suggestion in _own(user):
        if erasure.content is Content.DELETE:
            db.session.delete(suggestion)
        else:
            suggestion.author_ip = None
    if erasure.content is Content.DELETE:
        for support in db.session.scalars(select(SuggestionSupport).where(SuggestionSupport.user_id == user.id)):
            db.session.delete(support)
    for event in db.session.scalars(select(SuggestionEvent).where(erasure.mentions(SuggestionEvent.message))):
        event.message = erasure.scrub(event.message)


# The detector's "several accounts, one address" signal looks at recent texts only.
purge_addresses = address_purge(Suggestion.__table__, "author_ip", "updated_at")

PART = PersonalData("suggestions", export, erase)
