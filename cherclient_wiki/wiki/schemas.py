"""What editing a page takes, read alike from the web editor and the API (core.schemas): a save,
a rename, a revert. The editor's text field is `source`, the API's `markdown`: both are read."""
from __future__ import annotations

from pydantic import AliasChoices, Field

from ..core.schemas import DbInt, Schema
from .pages import MAX_SOURCE_LENGTH, MAX_SUMMARY_LENGTH, MAX_TITLE_LENGTH


class PageInput(Schema):
    source: str = Field(min_length=1, max_length=MAX_SOURCE_LENGTH, validation_alias=AliasChoices("markdown", "source"),
                        description="Le texte de la page, en Markdown.")
    title: str | None = Field(None, max_length=MAX_TITLE_LENGTH, description="Seulement pour créer la page : il doit mener à son adresse.")
    summary: str = Field("", max_length=MAX_SUMMARY_LENGTH)
    base_revision: DbInt | None = Field(None, ge=0, description="La révision lue avant de modifier : fusion ou 409.")


class RenameInput(Schema):
    title: str = Field(min_length=1, max_length=MAX_TITLE_LENGTH)
    summary: str = Field("", max_length=MAX_SUMMARY_LENGTH)


class RevertInput(Schema):
    revision: DbInt = Field(ge=1)
