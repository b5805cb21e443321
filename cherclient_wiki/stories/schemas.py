"""A story as clients send it and as the API answers it: the one description of a story's input,
read by the web form and the API alike (core.schemas), with the French messages people see.

The year bounds live here once: from FIRST_YEAR to this year, for telling a story and for the
leaderboard's "since" filter.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from flask import url_for
from flask_babel import gettext as _
from pydantic import BeforeValidator, Field, field_validator
from sqlalchemy import select

from ..brands.names import MAX_NAME_LENGTH, MAX_NAME_WORDS, clean_name, find_brand, name_key
from ..core.db import db
from ..core.hooks import hooks
from ..core.inputs import parse_int
from ..core.schemas import Output, Schema, Timestamp, clean_title, refuse
from ..uploads.models import Upload
from .choices import Channel, Ending, Kind
from .models import Story

MIN_TITLE_LENGTH = 5
MAX_TITLE_LENGTH = 200
MIN_BODY_LENGTH = 80
MAX_BODY_LENGTH = 20_000
MAX_BRANDS = 5
FIRST_YEAR = 1950
UPLOAD_NAME_RE = re.compile(r"[0-9a-f]{64}\.(?:png|jpg|gif|webp)")

KindName = Literal["love", "complaint", "bravo"]
EndingName = Literal["loyal", "left", "returned", "undecided"]
ChannelName = Literal["phone", "shop", "web", "social", "mail", "in_person"]



def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def split_brand_names(text: str) -> list[str]:
    """The form's single field: "Saab, Coolblue" -> ["Saab", "Coolblue"]."""
    return [part for part in (piece.strip() for piece in re.split(r"[,;\n]", text)) if part]


def new_name_problem(name: str) -> str | None:
    """A name that would create a brand is checked like a story's text: a brand gets a page, so its
    name must be a name, not an address, an offer or a sentence (the name checks of core.hooks)."""
    problem = hooks().name_problem(name)
    if problem is None and len(name.split()) > MAX_NAME_WORDS:
        problem = _("Un nom de marque compte au plus %(n)d mots (« %(name)s » en a %(count)d).",
                    n=MAX_NAME_WORDS, name=name, count=len(name.split()))
    return problem


def find_upload(reference: Any) -> Upload | None:
    """An upload by id, file name, its /uploads/ address or the Markdown code copied from the gallery."""
    if isinstance(reference, int) and not isinstance(reference, bool):
        upload_id = parse_int(reference, minimum=1)
        return db.session.get(Upload, upload_id) if upload_id is not None else None
    match = UPLOAD_NAME_RE.search(reference) if isinstance(reference, str) else None
    return db.session.scalar(select(Upload).where(Upload.name == match.group(0))) if match else None


def photo_id(value: Any, unknown: str) -> int | None:
    """Inside a validator: the upload a photo field names (see find_upload), None when left
    blank; `unknown` refuses a reference to no image."""
    if _blank(value):
        return None
    upload = find_upload(value)
    if upload is None:
        refuse(unknown)
    return upload.id


def year_problem(year: int | None) -> str | None:
    """The one rule for years: from FIRST_YEAR to this year."""
    this_year = date.today().year
    if year is None or not FIRST_YEAR <= year <= this_year:
        return _("Indiquez une année entre %(first)d et %(last)d, ou laissez vide.", first=FIRST_YEAR, last=this_year)
    return None


def _body(value: Any) -> str:
    body = _text(value).replace("\r\n", "\n")
    if not body:
        refuse(_("Racontez votre histoire."))
    if len(body) < MIN_BODY_LENGTH:
        refuse(_("Racontez un peu plus : au moins %(n)d caractères (vous en êtes à %(count)d).", n=MIN_BODY_LENGTH, count=len(body)))
    if len(body) > MAX_BODY_LENGTH:
        refuse(_("Votre récit dépasse %(n)d caractères : raccourcissez-le.", n=MAX_BODY_LENGTH))
    return body


# A story's text, also checked again when two edits are merged (together they may be too long).
Body = Annotated[str, BeforeValidator(_body), Field(description="Markdown", min_length=MIN_BODY_LENGTH, max_length=MAX_BODY_LENGTH)]


class StoryInput(Schema):
    """What telling a story takes (the web form and `POST /api/v1/stories` alike); every invalid
    field gets its own French message at once, so the person fixes everything in one go."""

    @classmethod
    def missing_message(cls, field: str) -> str | None:
        return {
            "title": _("Donnez un titre à votre histoire."),
            "body": _("Racontez votre histoire."),
            "brands": _("Indiquez au moins une marque."),
            "kind": _("Choisissez le type d'histoire : histoire d'amour, réclamation ou bravo."),
            "satisfaction": _("Choisissez une satisfaction de 1 (très déçu) à 5 (enchanté)."),
            "ending": _("Dites comment l'histoire s'est terminée : fidèle, parti, revenu ou pas encore décidé."),
        }.get(field)

    title: str = Field(min_length=MIN_TITLE_LENGTH, max_length=MAX_TITLE_LENGTH)
    body: Body
    brands: list[str] = Field(min_length=1, max_length=MAX_BRANDS, description="Une à cinq marques (ou une chaîne « Saab, Coolblue »).")
    kind: KindName
    satisfaction: int = Field(ge=1, le=5)
    ending: EndingName
    year: int | None = Field(None, ge=FIRST_YEAR)
    channel: ChannelName | None = None
    photo_id: int | None = Field(None, alias="photo", description="Une image envoyée : son numéro, son nom ou son adresse.")

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        return clean_title(value, _("Donnez un titre à votre histoire."), MIN_TITLE_LENGTH, MAX_TITLE_LENGTH)

    @field_validator("brands", mode="before")
    @classmethod
    def _brands(cls, value: Any) -> list[str]:
        """Cleaned names, duplicates after folding removed ("SAAB", "saab"), in the order given."""
        if isinstance(value, str):
            value = split_brand_names(value)
        if not isinstance(value, (list, tuple)) or not all(isinstance(name, str) for name in value):
            refuse(_("Indiquez la ou les marques sous forme de liste de noms."))
        names: dict[str, str] = {}
        for raw in value:
            name = clean_name(raw)
            if len(" ".join(raw.split())) > MAX_NAME_LENGTH:
                refuse(_("Un nom de marque ne peut dépasser %(n)d caractères.", n=MAX_NAME_LENGTH))
            key = name_key(name)
            if name and not key:
                refuse(_("« %(name)s » n'est pas un nom de marque : il faut au moins une lettre ou un chiffre.", name=name))
            problem = new_name_problem(name) if key and find_brand(name) is None else None
            if problem:
                refuse(problem)
            if key:
                names.setdefault(key, name)
        if not names:
            refuse(_("Indiquez au moins une marque."))
        if len(names) > MAX_BRANDS:
            refuse(_("Une histoire concerne au plus %(n)d marques.", n=MAX_BRANDS))
        return list(names.values())

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> str:
        if not isinstance(value, str) or value not in {kind.value for kind in Kind}:
            refuse(_("Choisissez le type d'histoire : histoire d'amour, réclamation ou bravo."))
        return str(value)

    @field_validator("satisfaction", mode="before")
    @classmethod
    def _satisfaction(cls, value: Any) -> int:
        number = parse_int(value)
        if number is None or not 1 <= number <= 5:
            refuse(_("Choisissez une satisfaction de 1 (très déçu) à 5 (enchanté)."))
        return number

    @field_validator("ending", mode="before")
    @classmethod
    def _ending(cls, value: Any) -> str:
        if not isinstance(value, str) or value not in {ending.value for ending in Ending}:
            refuse(_("Dites comment l'histoire s'est terminée : fidèle, parti, revenu ou pas encore décidé."))
        return str(value)

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, value: Any) -> int | None:
        if _blank(value):
            return None
        year = parse_int(value)
        problem = year_problem(year)
        if problem:
            refuse(problem)
        return year

    @field_validator("channel", mode="before")
    @classmethod
    def _channel(cls, value: Any) -> str | None:
        if _blank(value):
            return None
        if not isinstance(value, str) or value not in {channel.value for channel in Channel}:
            refuse(_("Choisissez un canal dans la liste, ou laissez vide."))
        return str(value)

    @field_validator("photo_id", mode="before")
    @classmethod
    def _photo(cls, value: Any) -> int | None:
        return photo_id(value, _("Image introuvable : envoyez-la d'abord sur la page des images, puis collez son adresse ici."))


class StoryEdit(StoryInput):
    """An edit names the version it was read at: what was saved since is merged in, or refused."""

    base_version: int | None = Field(None, ge=0, description="La « version » lue avant de modifier : fusion ou 409.")

    @field_validator("base_version", mode="before")
    @classmethod
    def _base(cls, value: Any) -> int | None:
        if _blank(value):
            return None
        number = parse_int(value, minimum=0)
        if number is None:
            refuse(_("Numéro de version attendu (entier positif)."))
        return number


# ---- what the API answers ------------------------------------------------------------------


class BrandRef(Output):
    name: str
    slug: str


class StoryOut(Output):
    id: int
    url: str
    title: str
    body: str
    html: str
    brands: list[BrandRef]
    kind: KindName
    satisfaction: int
    ending: EndingName
    year: int | None
    channel: ChannelName | None
    photo: str | None
    status: Literal["published", "pending", "rejected"]
    ad_score: float
    ad_reasons: list[str]
    review_requested: bool
    author: str | None
    reactions: int
    created_at: Timestamp
    updated_at: Timestamp
    version: int

    @classmethod
    def of(cls, story: Story, reactions: int) -> StoryOut:
        return cls(
            id=story.id, url=url_for("stories.show", story_id=story.id, _external=True), title=story.title,
            body=story.body, html=story.html, brands=[BrandRef(name=b.name, slug=b.slug) for b in story.brands],
            kind=story.kind, satisfaction=story.satisfaction, ending=story.ending, year=story.year,
            channel=story.channel,
            photo=url_for("uploads.serve", name=story.photo.name, _external=True) if story.photo else None,
            status=story.status, ad_score=story.ad_score, ad_reasons=list(story.ad_reasons),
            review_requested=story.review_requested_at is not None,
            author=story.author.username if story.author else None, reactions=reactions,
            created_at=story.created_at, updated_at=story.updated_at, version=story.version,
        )
