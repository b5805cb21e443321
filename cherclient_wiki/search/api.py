"""Search endpoints of the API: full-text search and the title autocomplete of the search box."""
from __future__ import annotations

from typing import Any, Literal

from flask_babel import gettext as _
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from ..core.api import api_bp
from ..core.openapi import operation
from ..core.schemas import DbInt, Output, Schema
from . import searching
from .analysis import fold
from .query import TYPES

TAG = "Recherche"


class SearchQuery(Schema):
    q: str = Field("", description="Les mots cherchés ; « entre guillemets » pour une expression, -mot pour l'exclure.")
    type: list[str] = Field(default_factory=list, description="page, story, brand ou suggestion (plusieurs possibles).")
    brand: list[str] = Field(default_factory=list, description="Des marques (nom ou slug).")
    page: DbInt = Field(1, ge=1, le=searching.MAX_PAGE)

    @field_validator("type")
    @classmethod
    def _types(cls, values: list[str]) -> list[str]:
        if any(fold(value) not in TYPES for value in values if value):
            raise PydanticCustomError("type", _("« type » doit valoir page, story, brand ou suggestion."))
        return values


class Hit(Output):
    type: Literal["page", "story", "brand", "suggestion"]
    key: str
    title: str
    url: str
    snippet: str = Field(description="Un extrait en HTML : les mots trouvés entre <mark>, le reste échappé.")
    score: float


class Found(Output):
    total: int
    results: list[Hit]
    facets: dict[str, dict[str, int]] = Field(description="Les résultats comptés par type et par marque.")
    suggestion: str | None = Field(description="« Vouliez-vous dire » : une orthographe qui trouve quelque chose.")


class TitleQuery(Schema):
    q: str = ""


class Title(Output):
    type: Literal["page", "story", "brand", "suggestion"]
    title: str
    url: str


class Titles(Output):
    results: list[Title]


@api_bp.get("/search")
@operation("Chercher dans les pages, les histoires, les marques et les suggestions", TAG, query=SearchQuery, response=Found)
def search(query: SearchQuery) -> Found:
    """Words ANDed (any of them when nothing has them all), in French: accents, plurals and
    conjugations do not matter. 10 results a page."""
    results = searching.search(query.q, types=query.type, brands=query.brand, page=query.page)
    facets: dict[str, Any] = {name: {facet.value: facet.count for facet in values} for name, values in results.facets.items()}
    return Found(
        total=results.total,
        results=[Hit(type=hit.type, key=hit.key, title=hit.title, url=hit.url, snippet=str(hit.snippet), score=hit.score)
                 for hit in results.hits],
        facets=facets, suggestion=results.suggestion,
    )


@api_bp.get("/search/titles", endpoint="search_titles")
@operation("Les titres qui commencent par ce qui est tapé (autocomplétion)", TAG, query=TitleQuery, response=Titles)
def titles(query: TitleQuery) -> Titles:
    return Titles(results=[Title(type=item.type, title=item.title, url=item.url) for item in searching.titles(query.q)])
