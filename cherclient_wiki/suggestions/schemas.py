"""A suggestion as people send it (the web form and the API alike) and as the API shows it."""
from __future__ import annotations

from typing import Any, Literal

from flask import url_for
from flask_babel import gettext as _
from pydantic import Field, field_validator

from ..core.schemas import DbInt, Output, Schema, Timestamp, clean_title, refuse
from ..stories.schemas import photo_id
from .models import Progress, Suggestion, SuggestionEvent

MIN_TITLE_LENGTH = 5
MAX_TITLE_LENGTH = 200
MIN_BODY_LENGTH = 30
MAX_BODY_LENGTH = 10_000
MAX_MESSAGE_LENGTH = 2_000

StatusName = Literal["received", "studying", "accepted", "done", "declined"]



class SuggestionInput(Schema):
    """What proposing takes; every invalid field gets its own French message at once."""

    @classmethod
    def missing_message(cls, field: str) -> str | None:
        return {
            "brand": _("Indiquez la marque à qui vous faites cette suggestion."),
            "title": _("Résumez votre suggestion en un titre."),
            "body": _("Décrivez votre suggestion."),
        }.get(field)

    brand: str = Field(min_length=1, max_length=120, description="Le nom, un autre nom ou l'adresse (slug) d'une marque connue.")
    title: str = Field(min_length=MIN_TITLE_LENGTH, max_length=MAX_TITLE_LENGTH)
    body: str = Field(min_length=MIN_BODY_LENGTH, max_length=MAX_BODY_LENGTH, description="Markdown")
    photo_id: int | None = Field(None, alias="photo", description="Une image envoyée : son numéro, son nom ou son adresse.")

    @field_validator("brand", mode="before")
    @classmethod
    def _brand(cls, value: Any) -> str:
        name = " ".join(value.split()) if isinstance(value, str) else ""
        return name or refuse(_("Indiquez la marque à qui vous faites cette suggestion."))

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        return clean_title(value, _("Résumez votre suggestion en un titre."), MIN_TITLE_LENGTH, MAX_TITLE_LENGTH)

    @field_validator("body", mode="before")
    @classmethod
    def _body(cls, value: Any) -> str:
        body = value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""
        if not body:
            refuse(_("Décrivez votre suggestion."))
        if len(body) < MIN_BODY_LENGTH:
            refuse(_("Décrivez un peu plus : au moins %(n)d caractères (vous en êtes à %(count)d).", n=MIN_BODY_LENGTH, count=len(body)))
        if len(body) > MAX_BODY_LENGTH:
            refuse(_("Votre suggestion dépasse %(n)d caractères : raccourcissez-la.", n=MAX_BODY_LENGTH))
        return body

    @field_validator("photo_id", mode="before")
    @classmethod
    def _photo(cls, value: Any) -> int | None:
        return photo_id(value, _("Image introuvable : joignez-la au formulaire, ou donnez l'adresse d'une image déjà envoyée."))


class StatusInput(Schema):
    status: StatusName
    message: str = Field("", max_length=MAX_MESSAGE_LENGTH, description="Le mot de la marque ; obligatoire pour « declined ».")

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> str:
        if not isinstance(value, str) or value not in {p.value for p in Progress} or value == Progress.RECEIVED.value:
            refuse(_("Choisissez un statut : à l'étude, acceptée, réalisée ou déclinée."))
        return value

    @field_validator("message", mode="before")
    @classmethod
    def _message(cls, value: Any) -> Any:
        return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


class SuggestionList(Schema):
    brand: str | None = Field(None, max_length=120, description="Le nom ou l'adresse (slug) d'une marque.")
    status: StatusName | None = None
    page: DbInt = Field(1, ge=1)

    @field_validator("brand", "status", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return None if value == "" else value


# ---- what the API answers ------------------------------------------------------------------


class BrandRef(Output):
    name: str
    slug: str


class TimelineEvent(Output):
    status: StatusName
    message: str
    author: str | None
    role: Literal["representative", "moderator"]
    created_at: Timestamp

    @classmethod
    def of(cls, event: SuggestionEvent) -> TimelineEvent:
        return cls(status=event.status, message=event.message,  # type: ignore[arg-type]
                   author=event.author.username if event.author else None,
                   role="representative" if event.as_representative else "moderator", created_at=event.created_at)


class SuggestionOut(Output):
    id: int
    url: str
    title: str
    body: str
    html: str
    brand: BrandRef
    status: StatusName
    held: bool = Field(description="Vrai quand le détecteur de publicités déguisées la retient pour un modérateur.")
    ad_score: float
    ad_reasons: list[str]
    photo: str | None
    author: str | None
    supports: int = Field(description="Le nombre de comptes différents qui la soutiennent.")
    created_at: Timestamp
    updated_at: Timestamp
    first_answer_at: Timestamp | None


class SuggestionDetail(SuggestionOut):
    timeline: list[TimelineEvent]


def suggestion_out(suggestion: Suggestion, supports: int) -> SuggestionOut:
    return SuggestionOut(
        id=suggestion.id, url=url_for("suggestions.show", suggestion_id=suggestion.id, _external=True),
        title=suggestion.title, body=suggestion.body, html=suggestion.html,
        brand=BrandRef(name=suggestion.brand.name, slug=suggestion.brand.slug), status=suggestion.status,  # type: ignore[arg-type]
        held=not suggestion.is_published, ad_score=suggestion.ad_score, ad_reasons=list(suggestion.ad_reasons),
        photo=url_for("uploads.serve", name=suggestion.photo.name, _external=True) if suggestion.photo else None,
        author=suggestion.author.username if suggestion.author else None, supports=supports,
        created_at=suggestion.created_at, updated_at=suggestion.updated_at, first_answer_at=suggestion.first_answer_at,
    )


def suggestion_detail(suggestion: Suggestion, supports: int) -> SuggestionDetail:
    return SuggestionDetail(**suggestion_out(suggestion, supports).model_dump(),
                            timeline=[TimelineEvent.of(event) for event in suggestion.events])


class SuggestionPage(Output):
    suggestions: list[SuggestionOut]
    page: int
    pages: int
    total: int


class ListeningOut(Output):
    brand: BrandRef
    suggestions: int = Field(description="Suggestions publiées comptées (pas celles de ses représentants).")
    answered_rate: float | None = Field(description="Part des suggestions auxquelles un représentant a répondu (0 à 1).")
    median_first_answer_hours: float | None = Field(description="Délai médian de la première réponse, en heures.")
    adoption_rate: float | None = Field(description="Part des suggestions acceptées ou réalisées (0 à 1).")
    rank: int | None = Field(description="null : « non classée » (trop peu de suggestions).")
    score: float = Field(description="0–100 : la borne basse de l'écoute, qui sert au classement.")


class ListeningBoard(Output):
    brands: list[ListeningOut]
    method: str
