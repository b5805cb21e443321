"""The Whoosh backend: the index in the instance folder (search.index), kept up to date from the
outbox (search.indexer), read here.

Readers never take the write lock, except to apply pending jobs when no external worker runs
(`_catch_up`). Each thread keeps its searcher across requests until the index changes; totals and
facet counts come from the matching documents without scoring, segment by segment (what a segment
gives outlives the commits that leave it alone), and only the shown page is scored and highlighted.
"""
from __future__ import annotations

import re
import threading
import time
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from flask import current_app
from markupsafe import Markup, escape
from whoosh import query as wq
from whoosh.collectors import Collector, TimeLimit, WrappingCollector
from whoosh.searching import Results, Searcher

from ..core import background
from . import documents, indexer, snippets, synonyms
from .analysis import fold
from .codec import posting_ids
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


class _Kept:
    """A thread's searcher and the generation it reads. Closed when replaced or when its thread
    ends: the index's segments are real files, which the garbage collector would leave open a while."""

    def __init__(self, searcher: Searcher, live: Path) -> None:
        self.searcher, self.live = searcher, live

    def __del__(self) -> None:
        self.searcher.close()


class _Reading(threading.local):
    """This thread's searcher on the live index, kept across requests until the index moves on.
    Whoosh readers are not thread-safe, hence one per thread."""

    kept: _Kept | None = None


@dataclass
class _Segment:
    """What one segment of the index gives, whichever thread computed it. A segment's postings and
    columns never change once written (a deletion only marks documents), so a commit, which adds a
    segment and marks documents in others, keeps every other segment's term documents and columns.
    A term's documents include the ones marked deleted, which every count takes away with the
    marks of its own reader: they hold for any reader of the segment. Counts depend on the marks,
    hence keyed by their number too."""

    terms: dict[tuple[str, str], array[int]] = field(default_factory=dict)
    counts: dict[tuple[int, str], tuple[Counter[bytes], Counter[bytes]]] = field(default_factory=dict)
    types: list[bytes] | None = None  # the type column, by document number in the segment
    brands: list[tuple[bytes, ...]] | None = None  # the brands column


@dataclass
class _Memory:
    """The segments of the live index, by segment id, shared by every thread of the process (the
    production unit runs 4 workers x 2 threads). When the index's segments change (a commit adds
    one, a merge or a rebuild replaces some), the memory keeps those still there."""

    segments: dict[str, _Segment] = field(default_factory=dict)
    terms_size: int = 0


T = TypeVar("T", bytes, tuple[bytes, ...])
_reading = _Reading()
_memory = _Memory()
_memory_lock = threading.Lock()
COUNTS_KEPT = 256  # queries whose counts are remembered per segment
TERM_DOCS_KEPT = 2_000_000  # document numbers of recent terms remembered in all (4 bytes each)


def _searcher() -> Searcher | None:
    """This thread's searcher, reopened when a commit or a rebuild made a new generation. (Whoosh's
    `Searcher.refresh` fails on an index that was empty, so it is not used.)"""
    index = indexer.site_index()
    live = index.live_dir.resolve()
    kept = _reading.kept
    if kept is not None and kept.live == live and kept.searcher.up_to_date():
        return kept.searcher
    _reading.kept = None  # closes it
    searcher = index.searcher()
    if searcher is not None:
        _reading.kept = _Kept(searcher, live)
    return searcher


def _segments(searcher: Searcher) -> tuple[_Memory, list[tuple[Searcher, _Segment]]]:
    """This searcher's segments as (searcher of the segment, what it gives), the memory moving on
    to the searcher's segments when they differ from the ones it holds."""
    global _memory
    leaves = [leaf for leaf, _offset in searcher.leaf_searchers()]
    ids = [leaf.reader().segment().segment_id() for leaf in leaves]
    memory = _memory
    if memory.segments.keys() != set(ids):
        with _memory_lock:
            if _memory.segments.keys() != set(ids):
                kept = {id_: _memory.segments.get(id_) or _Segment() for id_ in ids}
                _memory = _Memory(kept, sum(len(docs) for segment in kept.values() for docs in segment.terms.values()))
            memory = _memory
    return memory, [(leaf, memory.segments[id_]) for leaf, id_ in zip(leaves, ids)]


def _catch_up() -> None:
    """Without an external worker, a reader applies what is pending first: content committed a
    moment ago (even in this very request) is found. It waits for a writer in progress (its batch
    takes milliseconds) rather than skipping, or what that writer did not claim would be missed;
    never longer than SEARCH_READ_WAIT (a rebuild holds the lock for minutes). With an external
    worker, readers only read: the worker applies every save within a poll interval."""
    if current_app.config["WORKER"] == background.INLINE and indexer.has_pending():
        indexer.drain(wait=current_app.config["SEARCH_READ_WAIT"])


def _counts(searcher: Searcher, query: wq.Query) -> tuple[dict[str, int], dict[str, int]]:
    """Matches per type and per brand, from the matching documents alone (no scoring), counted in
    each segment and added up: a commit leaves the other segments' counts (and term documents)
    as they were, so the next page, the other sort, the same query from another visitor, and the
    first query after a save cost little."""
    if not searcher.doc_count_all():
        return {}, {}  # an empty index has no columns
    memory, segments = _segments(searcher)
    key = repr(query)
    types: Counter[bytes] = Counter()
    brands: Counter[bytes] = Counter()
    for leaf, segment in segments:
        segment_types, segment_brands = _segment_counts(leaf, segment, memory, query, key)
        types.update(segment_types)
        brands.update(segment_brands)
    return _decoded(types), _decoded(brands)


def _segment_counts(leaf: Searcher, segment: _Segment, memory: _Memory, query: wq.Query, key: str) -> tuple[Counter[bytes], Counter[bytes]]:
    """One segment's matches per type and per brand, by its own document numbers."""
    deleted = leaf.reader().deleted_docs_set
    known = segment.counts.get((len(deleted), key))
    if known is not None:
        return known
    if segment.types is None or segment.brands is None:  # read once per segment, in this thread's reader
        segment.brands = _column(leaf, "brands", tuple)
        segment.types = _column(leaf, "type", bytes)
    matched = _matching(leaf, query, segment, memory) - deleted
    counted = (
        Counter(map(segment.types.__getitem__, matched)),
        Counter(chain.from_iterable(map(segment.brands.__getitem__, matched))),
    )
    if len(segment.counts) >= COUNTS_KEPT:
        segment.counts.clear()
    segment.counts[(len(deleted), key)] = counted
    return counted


def _column(leaf: Searcher, name: str, kind: type[T]) -> list[T]:
    """A whole column as a list: counting is then one lookup per matched document, at C speed.
    Equal values are one object (few types, few brand sets), so a list costs a pointer a document."""
    seen: dict[T, T] = {}
    return [seen.setdefault(value, value) for value in map(kind, leaf.reader().column_reader(name, translate=False))]


def _matching(leaf: Searcher, query: wq.Query, segment: _Segment, memory: _Memory) -> set[int]:
    """The documents of one segment a query matches, by set algebra on the postings of its terms:
    C-speed unions and intersections instead of Whoosh's matcher tree stepping document by
    document in Python. Documents marked deleted may be in the result (a term's documents keep
    them): the caller takes them away (they leave any union, intersection or difference alike). Phrases
    (positions) and anything else are asked to Whoosh."""
    if isinstance(query, wq.ConstantScoreQuery):
        return _matching(leaf, query.child, segment, memory)
    if isinstance(query, wq.AndNot):
        kept = _matching(leaf, query.a, segment, memory)
        return kept - _matching(leaf, query.b, segment, memory) if kept else kept
    if isinstance(query, wq.And):
        common: set[int] | None = None
        for sub in query.subqueries:
            found = _matching(leaf, sub, segment, memory)
            common = found if common is None else common & found
            if not common:
                return set()
        return common or set()
    if isinstance(query, wq.Or):
        return set().union(*(_documents(leaf, sub, segment, memory) for sub in query.subqueries))
    return set(_documents(leaf, query, segment, memory))


def _documents(leaf: Searcher, query: wq.Query, segment: _Segment, memory: _Memory) -> Iterable[int]:
    """A subquery's documents, a term's remembered array as it is: a union takes any iterable, so
    no set is built per term."""
    if isinstance(query, wq.Term):
        return _term_documents(leaf, query.fieldname, query.text, segment, memory)
    if isinstance(query, (wq.ConstantScoreQuery, wq.AndNot, wq.And, wq.Or)):
        return _matching(leaf, query, segment, memory)
    return leaf.docs_for_query(query)


def _term_documents(leaf: Searcher, fieldname: str, text: str, segment: _Segment, memory: _Memory) -> array[int]:
    """A term's documents in one segment, remembered while the segment lives: decoding a posting
    list is most of a count, and the words people search repeat (the common ones, the longest
    lists, most of all). Kept as 4-byte arrays, at most TERM_DOCS_KEPT numbers in all the
    segments, forgotten all at once when full."""
    key = (fieldname, text)
    known = segment.terms.get(key)
    if known is not None:
        return known
    found = posting_ids(leaf.reader(), fieldname, text)
    if memory.terms_size + len(found) > TERM_DOCS_KEPT:
        for each in memory.segments.values():
            each.terms.clear()
        memory.terms_size = 0
    segment.terms[key] = found
    memory.terms_size += len(found)  # approximate under concurrent threads: it only bounds memory
    return found


def _decoded(counts: Counter[Any]) -> dict[str, int]:
    """Whoosh's columns hold raw bytes."""
    return {(value.decode() if isinstance(value, bytes) else str(value)): count for value, count in counts.items() if value}


def _top(searcher: Searcher, query: wq.Query, results: SearchResults) -> Results:
    """The documents up to the shown page, scored by Whoosh's top-N collector (it skips the blocks
    that cannot enter the top: the counts above already cover every match)."""
    by_date = results.sort == "date"
    collector = searcher.collector(limit=results.page * PER_PAGE, sortedby="date" if by_date else None, reverse=by_date)
    timed = _Deadline(collector, current_app.config["SEARCH_TIME_LIMIT"])
    try:
        searcher.search_with_collector(query, timed)
    except TimeLimit:
        results.partial = True
    return timed.results()


class _Deadline(WrappingCollector):
    """Stops the collection past `seconds` (TimeLimit), the hits so far kept. Whoosh's
    TimeLimitCollector starts a timer thread for every search, a third of a millisecond; reading
    the clock at each match costs a few microseconds a search."""

    def __init__(self, child: Collector, seconds: float) -> None:
        super().__init__(child)
        self.seconds = seconds
        self.deadline = 0.0

    def prepare(self, top_searcher: Searcher, q: wq.Query, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.seconds

    def collect_matches(self) -> None:
        collect, deadline = self.child.collect, self.deadline
        for sub_docnum in self.child.matches():
            if time.monotonic() > deadline:
                raise TimeLimit
            collect(sub_docnum)


def _fill(results: SearchResults, found: Results) -> None:
    """Hits of the shown page only: only they get a snippet."""
    start = (results.page - 1) * PER_PAGE
    marker = _marker(found)
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


def _marker(found: Results) -> snippets.Marker | None:
    """What to mark in the bodies: the query's stems there, or, for a query of stop words alone
    (looked up in the body's exact words, search.query), those words."""
    schema = found.searcher.schema
    stems = [schema["body"].from_bytes(term) for _, term in found.query_terms(expand=True, fieldname="body")]
    if stems:
        return snippets.marker(stems)
    words = [schema["body_exact"].from_bytes(term) for _, term in found.query_terms(expand=True, fieldname="body_exact")]
    return snippets.marker(words, exact=True)


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
