"""What the search page, the API and the autocomplete call, whichever backend answers
(search.backends): the query is parsed here, the backend fills the results, the facets are
labelled here. The results are the same shape for every backend.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup

from ..brands.names import names_by_slug
from . import synonyms
from .analysis import PREFIX_MAX, fold, words
from .backends import backend
from .query import ParsedQuery, add_filter, parse

PER_PAGE = 10
MAX_PAGE = 50
SNIPPET_CHARS = 220
AUTOCOMPLETE_LIMIT = 8
MAX_AUTOCOMPLETE_WORDS = 6
SORTS = ("relevance", "date")
SUGGESTION_MIN_WORD = 3


@dataclass(frozen=True)
class Hit:
    type: str
    key: str
    title: str
    url: str
    snippet: Markup
    score: float
    date: datetime | None


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    text: str
    page: int = 1
    sort: str = "relevance"
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=lambda: {"type": [], "brand": []})
    suggestion: str | None = None
    relaxed: bool = False  # no document had every word: results have at least one
    truncated: bool = False  # the query was too long and was cut
    partial: bool = False  # the time limit stopped the collection
    parsed: ParsedQuery | None = None

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, math.ceil(self.total / PER_PAGE)))


# ---- full-text search --------------------------------------------------------------------------


def search(
    text: str,
    *,
    types: list[str] | None = None,
    brands: list[str] | None = None,
    categories: list[str] | None = None,
    page: int = 1,
    sort: str = "relevance",
) -> SearchResults:
    """Words ANDed (OR when nothing has them all), filters from the query and the arguments;
    whichever backend answers (search.backends)."""
    parsed = parse(text, synonyms.groups())
    for kind, values in (("types", types), ("brands", brands), ("categories", categories)):
        for value in values or []:
            add_filter(parsed, kind, value)
    page = min(max(page, 1), MAX_PAGE)
    results = SearchResults(text=text, page=page, sort=sort if sort in SORTS else "relevance", parsed=parsed)
    results.truncated = parsed.truncated
    if not parsed.units and not parsed.has_filters:
        return results
    type_counts, brand_counts = backend().run(parsed, results)
    types = type_labels()
    results.facets = {"type": _facet(type_counts, lambda value: types.get(value, value)), "brand": _facet(brand_counts, _brand_labels(brand_counts))}
    return results


def lead(body: str) -> str:
    return body if len(body) <= SNIPPET_CHARS else body[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def type_labels() -> dict[str, str]:
    return {"page": _("Pages du wiki"), "story": _("Histoires"), "brand": _("Marques"), "suggestion": _("Suggestions")}


def _brand_labels(counts: dict[str, int]) -> Callable[[str], str]:
    names = names_by_slug(counts)
    return lambda slug: names.get(slug, slug)


def _facet(counts: dict[str, int], label: Callable[[str], str]) -> list[FacetValue]:
    values = [FacetValue(value, label(value), count) for value, count in counts.items()]
    return sorted(values, key=lambda facet: (-facet.count, facet.label.casefold()))


# ---- title autocomplete -----------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    type: str
    title: str
    url: str


def titles(prefix: str) -> list[Suggestion]:
    """Titles whose words start with what was typed (each word a prefix)."""
    typed = [fold(word)[:PREFIX_MAX] for word in words(prefix[:100])][:MAX_AUTOCOMPLETE_WORDS]
    if not typed:
        return []
    return backend().titles(typed, AUTOCOMPLETE_LIMIT)
