"""Whoosh's posting formats for our text fields, indexing a text in one pass of its analyzer.

Whoosh indexes a field by running its analyzer as a chain of generators, one token object
through each of them for every word (tokenizer, lowercase, stems), then counting the tokens. Our
analyzers (search.analysis) also give their terms directly (`terms`: position and term of every
token the chain would give), and these formats count them: the same postings, values and weights
as Whoosh's own formats (tests/search/test_analysis.py compares them on texts of every kind),
and adding a document 0.70 -> 0.50 ms (bench documents of about 110 words, bench/README.md).
Queries and highlighting still run the chain.

The formats and analyzers are named in the schema an index keeps in its table of contents: an
index built before them keeps Whoosh's and indexes as before, until it is rebuilt.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from whoosh import formats
from whoosh.system import pack_uint

TermValues = Iterator[tuple[str, int, float, bytes]]  # term, frequency, weight, encoded value


class Analysis(Protocol):
    def terms(self, text: str) -> Iterator[tuple[int, str]]: ...


class Positions(formats.Positions):  # type: ignore[misc]
    """Frequency, weight and positions (phrases)."""

    def word_values(self, value: str, analyzer: Analysis, **kwargs: Any) -> TermValues:
        positions: dict[str, list[int]] = {}
        for position, term in analyzer.terms(value):
            found = positions.get(term)
            if found is None:
                positions[term] = [position]
            else:
                found.append(position)
        boost = self.field_boost
        for term, found in positions.items():
            yield term, len(found), float(len(found)) * boost, self.encode(found)


class Frequency(formats.Frequency):  # type: ignore[misc]
    """Frequency and weight (no phrase)."""

    def word_values(self, value: str, analyzer: Analysis, **kwargs: Any) -> TermValues:
        counts: dict[str, int] = {}
        for _position, term in analyzer.terms(value):
            counts[term] = counts.get(term, 0) + 1
        boost = self.field_boost
        return ((term, count, float(count) * boost, pack_uint(count)) for term, count in counts.items())
