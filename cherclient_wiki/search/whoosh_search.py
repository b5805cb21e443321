"""The Whoosh backend: the index in the instance folder (search.index), kept up to date from the
outbox (search.indexer), read here.

Readers never take the write lock. A search first applies pending outbox jobs if the writer lock is
free at once (never waiting), so content committed a moment ago is found even before the writing
request's teardown has indexed it. One searcher per request, closed at teardown.
"""
from __future__ import annotations

import re

from flask import current_app, g
from markupsafe import Markup, escape
from whoosh import query as wq
from whoosh import sorting
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.highlight import ContextFragmenter, Formatter, get_text
from whoosh.searching import Results, Searcher

from . import documents, indexer, synonyms
from .analysis import fold
from .indexer import Difference
from .query import ParsedQuery, full_query, parse
from .searching import PER_PAGE, SNIPPET_CHARS, SUGGESTION_MIN_WORD, Hit, SearchResults, Suggestion, lead


class MarkFormatter(Formatter):
    """Matched words in <mark>, every other character escaped."""

    between = " … "

    def _text(self, text: str) -> str:
        return str(escape(text))

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        return f"<mark>{escape(get_text(text, token, replace))}</mark>"


class WhooshBackend:
    name = "whoosh"
    uses_outbox = True

    def start(self) -> None:
        indexer.catch_up()

    def run(self, parsed: ParsedQuery, results: SearchResults) -> tuple[dict[str, int], dict[str, int]]:
        _catch_up()
        searcher = _searcher()
        if searcher is None:
            return {}, {}
        found = _run(searcher, parsed, results, relaxed=False)
        if not found.groups("type") and len(parsed.units) > 1:
            results.relaxed = True
            found = _run(searcher, parsed, results, relaxed=True)
        type_counts = _decoded(found.groups("type"))
        results.total = sum(type_counts.values())  # every document has one type: an exact count, filters included
        _fill(results, found)
        if results.total == 0 or results.relaxed:
            results.suggestion = _suggestion(searcher, parsed, results.text)
        return type_counts, _decoded(found.groups("brands"))

    def titles(self, typed: list[str], limit: int) -> list[Suggestion]:
        """A term lookup in the n-gram field, so it costs the same as any word query."""
        _catch_up()
        searcher = _searcher()
        if searcher is None:
            return []
        found = searcher.search(wq.And([wq.Term("title_prefix", word) for word in typed]), limit=limit)
        suggestions = []
        for hit in found:
            provider = documents.providers().get(hit["type"])
            if provider is not None:
                suggestions.append(Suggestion(hit["type"], hit["title"], provider.url(hit["ref"])))
        return suggestions

    def rebuild(self) -> int:
        return indexer.rebuild()

    def check(self) -> list[Difference]:
        indexer.drain()  # pending jobs are not differences, just work in progress
        return indexer.check()


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


def _decoded(counts: dict[str | bytes, int]) -> dict[str, int]:
    """Whoosh names column categories by their raw bytes."""
    return {(value.decode() if isinstance(value, bytes) else value): count for value, count in counts.items() if value}


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
    start = (results.page - 1) * PER_PAGE
    for hit in list(found)[start : start + PER_PAGE]:
        provider = documents.providers().get(hit["type"])
        if provider is None:
            continue
        snippet = hit.highlights("body", top=2) or str(escape(lead(hit["body"])))
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
