"""The Whoosh backend: the index in the instance folder (search.index), kept up to date from the
outbox (search.indexer), read here.

Readers never take the write lock, except to apply pending jobs when no external worker runs
(`_catch_up`). Each thread keeps its searcher across requests until the index changes; totals and
facet counts come from the matching documents without scoring, and only the shown page is scored
and highlighted.
"""
from __future__ import annotations

import re
import threading
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from flask import current_app
from markupsafe import Markup, escape
from whoosh import query as wq
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.searching import Results, Searcher

from ..core import background
from . import documents, indexer, snippets, synonyms
from .analysis import fold
from .indexer import Difference
from .query import ParsedQuery, full_query, parse
from .searching import PER_PAGE, SNIPPET_CHARS, SUGGESTION_MIN_WORD, Hit, SearchResults, Suggestion, lead


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
        query = full_query(parsed, relaxed=False)
        type_counts, brand_counts = _counts(searcher, query)
        if not type_counts and len(parsed.units) > 1:
            results.relaxed = True
            query = full_query(parsed, relaxed=True)
            type_counts, brand_counts = _counts(searcher, query)
        results.total = sum(type_counts.values())  # every document has one type: an exact count, filters included
        if results.total:
            _fill(results, _top(searcher, query, results))
        if results.total == 0 or results.relaxed:
            results.suggestion = _suggestion(searcher, parsed, results.text)
        return type_counts, brand_counts

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

    def rebuild(self, procs: int = 1) -> int:
        return indexer.rebuild(procs)

    def check(self) -> list[Difference]:
        indexer.drain()  # pending jobs are not differences, just work in progress
        return indexer.check()


# ---- the searcher kept across requests ---------------------------------------------------------


class _Reading(threading.local):
    """This thread's searcher on the live index, kept across requests until the index moves on
    (opening one reads every segment's metadata: several milliseconds), with its facet columns.
    Whoosh readers are not thread-safe, hence one per thread."""

    searcher: Searcher | None = None
    live: Path | None = None
    columns: dict[str, Any]


@dataclass
class _Derived:
    """What one generation of the index gives, whichever thread computed it: every searcher of a
    generation numbers the documents alike, so the facet counts of recent queries and the
    documents of recent terms serve every thread of the process. A new generation starts empty."""

    generation: tuple[Path, int]
    counts: dict[str, tuple[dict[str, int], dict[str, int]]] = field(default_factory=dict)
    terms: dict[tuple[str, str], array[int]] = field(default_factory=dict)
    terms_size: int = 0


_reading = _Reading()
_derived = _Derived((Path(), -1))
_derived_lock = threading.Lock()
COUNTS_KEPT = 256  # queries whose facet counts are remembered per generation
TERM_DOCS_KEPT = 2_000_000  # document numbers of recent terms remembered per generation (4 bytes each)


def _searcher() -> Searcher | None:
    """This thread's searcher, reopened (and its columns dropped) when a commit or a rebuild made a
    new generation. (Whoosh's `Searcher.refresh` fails on an index that was empty, so it is not used.)"""
    index = indexer.site_index()
    live = index.live_dir.resolve()
    cached = _reading.searcher
    if cached is not None and _reading.live == live and cached.up_to_date():
        return cached
    if cached is not None:
        cached.close()
    searcher = index.searcher()
    _reading.searcher, _reading.live, _reading.columns = searcher, live, {}
    return searcher


def _derived_for(searcher: Searcher) -> _Derived:
    """The shared derivations of this searcher's generation (replaced when a newer one comes)."""
    global _derived
    generation = (_reading.live or Path(), searcher.reader().generation())
    derived = _derived
    if derived.generation != generation:
        with _derived_lock:
            if _derived.generation != generation:
                _derived = _Derived(generation)
            derived = _derived
    return derived


def _catch_up() -> None:
    """Without an external worker, a reader applies what is pending first: content committed a
    moment ago (even in this very request) is found. It waits for a writer in progress (its batch
    takes milliseconds) rather than skipping, or what that writer did not claim would be missed;
    never longer than SEARCH_READ_WAIT (a rebuild holds the lock for minutes). With an external
    worker, readers only read: the worker applies every save within a poll interval."""
    if current_app.config["WORKER"] == background.INLINE and indexer.has_pending():
        indexer.drain(wait=current_app.config["SEARCH_READ_WAIT"])


def _counts(searcher: Searcher, query: wq.Query) -> tuple[dict[str, int], dict[str, int]]:
    """Matches per type and per brand, from the matching documents alone (no scoring), read in
    the type and brand columns; remembered for the index's generation by every thread (the next
    page, the other sort, the same query from another visitor cost nothing until the next commit)."""
    if not searcher.doc_count_all():
        return {}, {}  # an empty index has no columns
    derived = _derived_for(searcher)
    key = repr(query)
    known = derived.counts.get(key)
    if known is not None:
        return known
    if not _reading.columns:
        reader = searcher.reader()
        _reading.columns = {name: reader.column_reader(name, translate=False) for name in ("type", "brands")}
    types, brands = _reading.columns["type"], _reading.columns["brands"]
    matched = _matching(searcher, query, derived)
    counted = (
        _decoded(Counter(types[docnum] for docnum in matched)),
        _decoded(Counter(chain.from_iterable(brands[docnum] for docnum in matched))),
    )
    if len(derived.counts) >= COUNTS_KEPT:
        derived.counts.clear()
    derived.counts[key] = counted
    return counted


def _matching(searcher: Searcher, query: wq.Query, derived: _Derived) -> set[int]:
    """The documents a query matches, by set algebra on the postings of its terms: C-speed unions
    and intersections instead of Whoosh's matcher tree stepping document by document in Python.
    Phrases (positions) and anything else are asked to Whoosh."""
    if isinstance(query, wq.ConstantScoreQuery):
        return _matching(searcher, query.child, derived)
    if isinstance(query, wq.AndNot):
        kept = _matching(searcher, query.a, derived)
        return kept - _matching(searcher, query.b, derived) if kept else kept
    if isinstance(query, wq.And):
        common: set[int] | None = None
        for sub in query.subqueries:
            found = _matching(searcher, sub, derived)
            common = found if common is None else common & found
            if not common:
                return set()
        return common or set()
    if isinstance(query, wq.Or):
        return set().union(*(_documents(searcher, sub, derived) for sub in query.subqueries))
    return set(_documents(searcher, query, derived))


def _documents(searcher: Searcher, query: wq.Query, derived: _Derived) -> Iterable[int]:
    """A subquery's documents, a term's remembered array as it is: a union takes any iterable, so
    no set is built per term."""
    if isinstance(query, wq.Term):
        return _term_documents(searcher, query.fieldname, query.text, derived)
    if isinstance(query, (wq.ConstantScoreQuery, wq.AndNot, wq.And, wq.Or)):
        return _matching(searcher, query, derived)
    return searcher.docs_for_query(query)


def _term_documents(searcher: Searcher, fieldname: str, text: str, derived: _Derived) -> array[int]:
    """A term's documents, remembered for this generation: decoding a posting list is most of a
    count, and the words people search repeat (the common ones, the longest lists, most of all).
    Kept as 4-byte arrays, at most TERM_DOCS_KEPT numbers in all, forgotten all at once when full."""
    key = (fieldname, text)
    known = derived.terms.get(key)
    if known is not None:
        return known
    found = array("i", searcher.docs_for_query(wq.Term(fieldname, text)))
    if derived.terms_size + len(found) > TERM_DOCS_KEPT:
        derived.terms.clear()
        derived.terms_size = 0
    derived.terms[key] = found
    derived.terms_size += len(found)  # approximate under concurrent threads: it only bounds memory
    return found


def _decoded(counts: Counter[Any]) -> dict[str, int]:
    """Whoosh's columns hold raw bytes."""
    return {(value.decode() if isinstance(value, bytes) else str(value)): count for value, count in counts.items() if value}


def _top(searcher: Searcher, query: wq.Query, results: SearchResults) -> Results:
    """The documents up to the shown page, scored by Whoosh's top-N collector (it skips the blocks
    that cannot enter the top: the counts above already cover every match)."""
    by_date = results.sort == "date"
    collector = searcher.collector(limit=results.page * PER_PAGE, sortedby="date" if by_date else None, reverse=by_date)
    timed = TimeLimitCollector(collector, timelimit=current_app.config["SEARCH_TIME_LIMIT"], use_alarm=False)
    try:
        searcher.search_with_collector(query, timed)
    except TimeLimit:
        results.partial = True
    return timed.results()


def _fill(results: SearchResults, found: Results) -> None:
    """Hits of the shown page only: only they get a snippet."""
    start = (results.page - 1) * PER_PAGE
    field = found.searcher.schema["body"]
    marker = snippets.marker(field.from_bytes(term) for _, term in found.query_terms(expand=True, fieldname="body"))
    for rank in range(start, min(start + PER_PAGE, found.scored_length())):
        hit = found[rank]
        provider = documents.providers().get(hit["type"])
        if provider is None:
            continue
        body = hit["body"]
        snippet = (snippets.snippet(body, marker, SNIPPET_CHARS) if marker else "") or str(escape(lead(body)))
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
