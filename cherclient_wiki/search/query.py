"""From what a visitor typed to a Whoosh query, leniently: no input is a syntax error.

Whoosh's own parser is not used: it expands wildcards and ranges (slow, and `*` or `[a TO` would
reach it) and its errors vary. The grammar here is small — words, `"phrases"` (an unclosed quote
runs to the end), `-exclusions`, and the filters `type:`, `marque:`, `catégorie:` — and anything
else is read as plain words. Length and term counts are capped; there is no wildcard or prefix
expansion at all (autocomplete uses an n-gram field instead).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from ..core.slugs import slugify
from .analysis import STOP_WORDS, fold, match_key, stems, words
from .synonyms import Group

MAX_QUERY_CHARS = 200
MAX_UNITS = 8
MAX_FILTER_VALUES = 5
TYPES = {"page": "page", "pages": "page", "story": "story", "histoire": "story", "histoires": "story",
         "brand": "brand", "marque": "brand", "marques": "brand",
         "suggestion": "suggestion", "suggestions": "suggestion"}
FILTERS = {"type": "types", "marque": "brands", "brand": "brands", "categorie": "categories", "category": "categories"}

Term = tuple[str, ...]  # one word, or several for a phrase

_PIECE = re.compile(r'(?P<neg>-?)(?:(?P<field>\w+):(?P<value>"[^"]*"?|[^\s"]*)|"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')


@dataclass(frozen=True)
class Unit:
    """One thing that must match: any of its alternatives (a word, a phrase, or synonyms)."""

    alternatives: tuple[Term, ...]


@dataclass
class ParsedQuery:
    units: list[Unit] = field(default_factory=list)
    excluded: list[Unit] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the plain words, for the spelling suggestion
    truncated: bool = False

    @property
    def has_filters(self) -> bool:
        return bool(self.types or self.brands or self.categories)


def parse(text: str, synonyms: list[Group]) -> ParsedQuery:
    parsed = ParsedQuery()
    if len(text) > MAX_QUERY_CHARS:
        text, parsed.truncated = text[:MAX_QUERY_CHARS], True
    plain: list[str] = []
    for piece in _PIECE.finditer(text):
        negative = bool(piece.group("neg"))
        if piece.group("field") is not None:
            name, value = fold(piece.group("field")), piece.group("value").strip('"')
            if name in FILTERS and value:
                add_filter(parsed, FILTERS[name], value)
                continue
            found = words(f"{piece.group('field')} {value}")
        elif piece.group("phrase") is not None:
            found = words(piece.group("phrase"))
            if len(found) > 1:
                (parsed.excluded if negative else parsed.units).append(Unit((tuple(found),)))
                continue
        else:
            found = words(piece.group("word"))
        if negative and found:
            parsed.excluded.append(Unit((tuple(found),)))
        elif not negative:
            plain.extend(found)
    parsed.words = plain
    parsed.units.extend(_units(plain, synonyms))
    if len(parsed.units) > MAX_UNITS:
        parsed.units, parsed.truncated = parsed.units[:MAX_UNITS], True
    parsed.excluded = parsed.excluded[:MAX_UNITS]
    return parsed


def add_filter(parsed: ParsedQuery, kind: str, value: str) -> None:
    """`kind` is "types", "brands" or "categories"; unknown types and empty slugs are ignored."""
    values: list[str] = getattr(parsed, kind)
    cleaned = TYPES.get(fold(value), "") if kind == "types" else slugify(value)
    if cleaned and cleaned not in values and len(values) < MAX_FILTER_VALUES:
        values.append(cleaned)


def _units(plain: list[str], synonyms: list[Group]) -> list[Unit]:
    """Words become units; a run of words forming a synonym term becomes one unit with every
    term of its group as alternatives (longest match first). Lone stop words are dropped unless
    the query has nothing else."""
    folded = [fold(word) for word in plain]
    units: list[Unit] = []
    i = 0
    while i < len(plain):
        match = _synonym_at(folded, i, synonyms)
        if match is not None:
            length, group = match
            original = tuple(plain[i : i + length])
            others = tuple(term for term in group if not all(map(_same_word, folded[i : i + length], term)))
            units.append(Unit((original, *others)))
            i += length
            continue
        if folded[i] not in STOP_WORDS:
            units.append(Unit(((plain[i],),)))
        i += 1
    if not units and plain:
        units = [Unit(((word,),)) for word in plain]
    return units


def _synonym_at(folded: list[str], start: int, synonyms: list[Group]) -> tuple[int, tuple[Term, ...]] | None:
    """The longest synonym term starting at `start`, compared on stems ("téléconseillers" is the
    term "téléconseiller")."""
    best: tuple[int, tuple[Term, ...]] | None = None
    for group in synonyms:
        for term in group:
            here = folded[start : start + len(term)]
            if len(here) == len(term) and all(map(_same_word, here, term)) and (best is None or len(term) > best[0]):
                best = (len(term), group)
    return best


def _same_word(typed: str, listed: str) -> bool:
    return typed == listed or match_key(typed) == match_key(listed)


# ---- to Whoosh ---------------------------------------------------------------------------------


def term_query(term: Term) -> wq.Query:
    """A word over the stemmed fields and the short exact ones, or a phrase (exact words, or stems
    with room for the small words that stemming drops). A word's exact form is not looked up in
    the body: its postings are as long as the stem's, it made the engine's work twice as long at
    p95, and no query of the relevance set ranked differently without it (bench/README.md). A
    stop word has no stem, so it is looked up in the body's exact words instead."""
    if len(term) == 1:
        word = term[0]
        exact = fold(word)
        clauses: list[wq.Query] = [wq.Term(name, exact) for name in ("title_exact", "tags")]
        if exact in STOP_WORDS:
            clauses.append(wq.Term("body_exact", exact))
        else:
            clauses += [wq.Term(name, stem) for stem in stems(word) for name in ("title", "body")]
        return wq.Or(clauses)
    exact_words = [fold(word) for word in term]
    content = [stems(word)[0] for word in term if fold(word) not in STOP_WORDS]
    clauses = [wq.Phrase(name, exact_words) for name in ("title_exact", "body_exact", "tags")]
    if len(content) > 1:
        slop = 1 + len(term) - len(content)
        clauses += [wq.Phrase(name, content, slop=slop) for name in ("title", "body")]
    elif content:
        clauses += [wq.Term(name, content[0]) for name in ("title", "body")]
    return wq.Or(clauses)


def unit_query(unit: Unit) -> wq.Query:
    return wq.Or([term_query(term) for term in unit.alternatives])


def content_query(parsed: ParsedQuery, *, relaxed: bool = False) -> wq.Query:
    """Every unit (AND), or any unit when `relaxed`; everything when only filters were given."""
    if not parsed.units:
        return wq.Every()
    clauses = [unit_query(unit) for unit in parsed.units]
    return wq.Or(clauses) if relaxed else wq.And(clauses)


def full_query(parsed: ParsedQuery, *, relaxed: bool = False) -> wq.Query:
    """Content, filters and exclusions in one query tree. (Whoosh's `filter=`/`mask=` arguments
    are silently skipped when a collector wraps another, as the time limit's does, so they are not used.)
    Filters score nothing: they only narrow."""
    result = content_query(parsed, relaxed=relaxed)
    groups = [
        wq.Or([wq.Term(name, value) for value in values])
        for name, values in (("type", parsed.types), ("brands", parsed.brands), ("categories", parsed.categories))
        if values
    ]
    if groups:
        result = wq.And([result, wq.ConstantScoreQuery(wq.And(groups), 0.0)])
    if parsed.excluded:
        result = wq.AndNot(result, wq.Or([unit_query(unit) for unit in parsed.excluded]))
    return result
