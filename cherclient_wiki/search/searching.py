"""The query side of the index: what the search page, the API and the autocomplete call.

Readers never take the write lock. A search first applies pending outbox jobs if the writer lock is
free at once (never waiting), so content committed a moment ago is found even before the writing
request's teardown has indexed it. One searcher per request, closed at teardown.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, g
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select
from whoosh import query as wq
from whoosh import sorting
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.highlight import ContextFragmenter, Formatter, get_text
from whoosh.searching import Results, Searcher

from ..brands.models import Brand
from ..core.db import db
from . import documents, indexer, synonyms
from .analysis import PREFIX_MAX, fold, words
from .query import ParsedQuery, add_filter, full_query, parse

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


class MarkFormatter(Formatter):
    """Matched words in <mark>, every other character escaped."""

    between = " … "

    def _text(self, text: str) -> str:
        return str(escape(text))

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        return f"<mark>{escape(get_text(text, token, replace))}</mark>"


# ---- the per-request searcher ------------------------------------------------------------------


def _searcher() -> Searcher | None:
    """This request's searcher, reopened if the index moved on (e.g. a drain during the request).
    (Whoosh's `Searcher.refresh` fails on an index that was empty, so it is not used.)"""
    index = indexer.site_index()
    generation = index.live_dir.resolve()
    cached: Searcher | None = g.get("search_searcher")
    if cached is not None and g.get("search_generation") == generation and cached.up_to_date():
        return cached
    if cached is not None:
        cached.close()
    g.search_searcher, g.search_generation = index.searcher(), generation
    return g.search_searcher  # type: ignore[no-any-return]


def close_searcher() -> None:
    searcher = g.pop("search_searcher", None)
    if searcher is not None:
        searcher.close()


def _catch_up() -> None:
    if indexer.has_pending():
        indexer.drain(wait=0)


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
    """Words ANDed (OR when nothing has them all), filters from the query and the arguments."""
    parsed = parse(text, synonyms.groups())
    for kind, values in (("types", types), ("brands", brands), ("categories", categories)):
        for value in values or []:
            add_filter(parsed, kind, value)
    page = min(max(page, 1), MAX_PAGE)
    results = SearchResults(text=text, page=page, sort=sort if sort in SORTS else "relevance", parsed=parsed)
    results.truncated = parsed.truncated
    if not parsed.units and not parsed.has_filters:
        return results
    _catch_up()
    searcher = _searcher()
    if searcher is None:
        return results
    found = _run(searcher, parsed, results, relaxed=False)
    if not found.groups("type") and len(parsed.units) > 1:
        results.relaxed = True
        found = _run(searcher, parsed, results, relaxed=True)
    _fill(results, found)
    if results.total == 0 or results.relaxed:
        results.suggestion = _suggestion(searcher, parsed, text)
    return results


def _run(searcher: Searcher, parsed: ParsedQuery, results: SearchResults, *, relaxed: bool) -> Results:
    facets = {"type": sorting.FieldFacet("type"), "brands": sorting.FieldFacet("brands", allow_overlap=True)}
    by_date = results.sort == "date"
    collector = searcher.collector(
        limit=results.page * PER_PAGE,
        sortedby="date" if by_date else None,
        reverse=by_date,
        groupedby=facets,
        maptype=sorting.Count,
    )
    timed = TimeLimitCollector(collector, timelimit=current_app.config["SEARCH_TIME_LIMIT"], use_alarm=False)
    try:
        searcher.search_with_collector(full_query(parsed, relaxed=relaxed), timed)
    except TimeLimit:
        results.partial = True
    found = timed.results()
    found.fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)
    found.formatter = MarkFormatter()
    return found


def _fill(results: SearchResults, found: Results) -> None:
    type_counts = found.groups("type")
    results.total = sum(type_counts.values())  # every document has one type: an exact count, filters included
    start = (results.page - 1) * PER_PAGE
    for hit in list(found)[start : start + PER_PAGE]:
        provider = documents.providers().get(hit["type"])
        if provider is None:
            continue
        snippet = hit.highlights("body", top=2) or str(escape(_lead(hit["body"])))
        results.hits.append(
            Hit(
                type=hit["type"],
                key=hit["ref"],
                title=hit["title"],
                url=provider.url(hit["ref"]),
                snippet=Markup(snippet),
                score=round(float(hit.score or 0.0), 3),
                date=hit.get("date"),
            )
        )
    results.facets = {
        "type": _facet(type_counts, _type_label),
        "brand": _facet(found.groups("brands"), _brand_labels(found.groups("brands"))),
    }


def _lead(body: str) -> str:
    return body if len(body) <= SNIPPET_CHARS else body[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def type_labels() -> dict[str, str]:
    return {"page": _("Pages du wiki"), "story": _("Histoires"), "brand": _("Marques"), "suggestion": _("Suggestions")}


def _type_label(value: str) -> str:
    return type_labels().get(value, value)


def _brand_labels(counts: dict[str | bytes, int]) -> Callable[[str], str]:
    slugs = [slug.decode() if isinstance(slug, bytes) else slug for slug in counts if slug]
    names = {slug: name for slug, name in db.session.execute(select(Brand.slug, Brand.name).where(Brand.slug.in_(slugs)))} if slugs else {}
    return lambda slug: names.get(slug, slug)


def _facet(counts: dict[str | bytes, int], label: Callable[[str], str]) -> list[FacetValue]:
    """Whoosh names column categories by their raw bytes."""
    texts = {(value.decode() if isinstance(value, bytes) else value): count for value, count in counts.items() if value}
    values = [FacetValue(value, label(value), count) for value, count in texts.items()]
    return sorted(values, key=lambda facet: (-facet.count, facet.label.casefold()))


# ---- "Vouliez-vous dire ..." --------------------------------------------------------------------


def _suggestion(searcher: Searcher, parsed: ParsedQuery, text: str) -> str | None:
    """Replace the words the index has never seen by its closest known words; offered only if the
    corrected query finds something (with any of its words, as the search itself falls back to).
    The vocabulary holds visible content only."""
    reader = searcher.reader()
    corrected = text
    for word in dict.fromkeys(parsed.words):
        folded = fold(word)
        if len(folded) < SUGGESTION_MIN_WORD or reader.frequency("body_exact", folded) or reader.frequency("title_exact", folded):
            continue
        candidates = searcher.suggest("body_exact", folded, limit=1, maxdist=2, prefix=1)
        if candidates:
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", candidates[0], corrected, flags=re.IGNORECASE)
    if corrected == text:
        return None
    hits = searcher.search(full_query(parse(corrected, synonyms.groups()), relaxed=True), limit=1)
    return corrected if hits.scored_length() else None


# ---- title autocomplete -----------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    type: str
    title: str
    url: str


def titles(prefix: str) -> list[Suggestion]:
    """Titles whose words start with what was typed (each word a prefix): a term lookup in the
    n-gram field, so it costs the same as any word query."""
    typed = [fold(word)[:PREFIX_MAX] for word in words(prefix[:100])][:MAX_AUTOCOMPLETE_WORDS]
    if not typed:
        return []
    _catch_up()
    searcher = _searcher()
    if searcher is None:
        return []
    found = searcher.search(wq.And([wq.Term("title_prefix", word) for word in typed]), limit=AUTOCOMPLETE_LIMIT)
    suggestions = []
    for hit in found:
        provider = documents.providers().get(hit["type"])
        if provider is not None:
            suggestions.append(Suggestion(hit["type"], hit["title"], provider.url(hit["ref"])))
    return suggestions

