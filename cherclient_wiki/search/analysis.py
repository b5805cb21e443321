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
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, NgramFilter, RegexTokenizer, Token
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
            if token.text in STOP_WORDS:
                continue
            for stem in stems(token.text):
                token.text = stem
                yield token


def stemmed_analyzer() -> Analyzer:
    return RegexTokenizer(WORD) | LowercaseFilter() | FrenchStemFilter()


def exact_analyzer() -> Analyzer:
    return RegexTokenizer(WORD) | FoldFilter()


def prefix_analyzer() -> Analyzer:
    return RegexTokenizer(WORD) | FoldFilter() | NgramFilter(minsize=1, maxsize=PREFIX_MAX, at="start")


def words(text: str) -> list[str]:
    """The words of a query fragment, lowercased (accents kept: the stemmer needs them)."""
    return [match.group(0).lower() for match in WORD.finditer(text)]
