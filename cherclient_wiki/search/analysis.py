"""French text analysis for the index, and the same analysis for queries (one definition, both sides).

Three analyzers, each for one job:
- `stemmed`: accents folded, French stop words dropped, Snowball French stems. Every word yields the
  stem of its accented form *and* the stem of its folded form (same position), because the French
  stemmer reads accents ("fidélité" -> fidel) while people often type without them
  ("fidelite" -> fidelit): both spellings then meet on a shared stem.
- `exact`: accents and case folded, nothing removed, so exact words (and phrases with their small
  words) rank first.
- `prefixes`: start-of-word n-grams of titles, so autocomplete is a term lookup, never a wildcard
  expansion (Whoosh is slow on those).

Each is Whoosh's chain of a tokenizer and filters (what queries and highlighting run), and also
gives the same terms in one pass (`terms`), which indexing counts (search.formats): the two ways
are compared on texts of every kind (tests/search/test_analysis.py).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import CompositeAnalyzer, Filter, LowercaseFilter, NgramFilter, RegexTokenizer, Token
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.french import FrenchStemmer

PREFIX_MAX = 20
WORD = re.compile(r"\w+(\.?\w+)*", re.UNICODE)  # Whoosh's RegexTokenizer default

_stemmer = FrenchStemmer()


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Lowercase without accents: "Fidélité" -> "fidelite" ("œ" -> "oe"). Cached: it runs on
    every token indexed, and words repeat."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe").replace("æ", "ae"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


STOP_WORDS = frozenset(stopwords_for_language("fr")) | frozenset(fold(w) for w in stopwords_for_language("fr"))


def singular(word: str) -> str:
    """Drop a plural mark before stemming: Snowball alone stems "conseillers" to "conseiller" but
    "conseiller" to "conseil", so plural and singular would never meet."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    if len(word) > 3 and word.endswith("x") and word[-3:-1] in ("au", "eu", "ou"):
        return word[:-1]
    return word


@lru_cache(maxsize=50_000)
def stems(word: str) -> tuple[str, ...]:
    """The stems one lowercase word is indexed and searched under (one or two, see module doc)."""
    word = singular(word)
    accented = fold(_stemmer.stem(word))
    plain = _stemmer.stem(fold(word))
    return (accented,) if accented == plain else (accented, plain)


@lru_cache(maxsize=50_000)
def match_key(word: str) -> str:
    """One comparable form per word, whatever its accents or plural: for matching synonym terms."""
    return _stemmer.stem(fold(singular(word)))


class FoldFilter(Filter):
    """Accent and case folding, with the same `fold` the queries use."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


class FrenchStemFilter(Filter):
    """Stop words out, then each word's stems at the word's own position."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            for stem in _stems_of(token.text):
                token.text = stem
                yield token


class StemmedAnalyzer(CompositeAnalyzer):
    """Words, lowercased, stop words out, their stems (FrenchStemFilter)."""

    def terms(self, text: str) -> Iterator[tuple[int, str]]:
        """(position, term) of every token the chain gives, in one pass: what indexing needs
        (search.formats), without a token object through four generators per word."""
        for position, word in enumerate(_words(text)):
            for stem in _stemmed(word):
                yield position, stem


class ExactAnalyzer(CompositeAnalyzer):
    """Words, folded (FoldFilter)."""

    def terms(self, text: str) -> Iterator[tuple[int, str]]:
        """As `StemmedAnalyzer.terms`."""
        return enumerate(map(fold, _words(text)))


class PrefixAnalyzer(CompositeAnalyzer):
    """Words, folded, then their first 1 to PREFIX_MAX letters (NgramFilter at the start)."""

    def terms(self, text: str) -> Iterator[tuple[int, str]]:
        """As `StemmedAnalyzer.terms`."""
        for position, word in enumerate(map(fold, _words(text))):
            for size in range(1, min(PREFIX_MAX, len(word)) + 1):
                yield position, word[:size]


def _words(text: str) -> list[str]:
    """The tokenizer's words (RegexTokenizer(WORD) takes each whole match)."""
    return [match.group() for match in WORD.finditer(text)]


def _stems_of(lowered: str) -> tuple[str, ...]:
    """A lowercase word's stems; none for a stop word."""
    return () if lowered in STOP_WORDS else stems(lowered)


@lru_cache(maxsize=100_000)
def _stemmed(word: str) -> tuple[str, ...]:
    """What LowercaseFilter then FrenchStemFilter make of one token (cached: words repeat)."""
    return _stems_of(word.lower())


def stemmed_analyzer() -> StemmedAnalyzer:
    return StemmedAnalyzer(RegexTokenizer(WORD), LowercaseFilter(), FrenchStemFilter())


def exact_analyzer() -> ExactAnalyzer:
    return ExactAnalyzer(RegexTokenizer(WORD), FoldFilter())


def prefix_analyzer() -> PrefixAnalyzer:
    return PrefixAnalyzer(RegexTokenizer(WORD), FoldFilter(), NgramFilter(minsize=1, maxsize=PREFIX_MAX, at="start"))


def words(text: str) -> list[str]:
    """The words of a query fragment, lowercased (accents kept: the stemmer needs them)."""
    return [match.group(0).lower() for match in WORD.finditer(text)]
