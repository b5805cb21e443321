"""Folding and splitting French text the same way everywhere in the detector, so a phrase found
in the folded text can be quoted as its author wrote it."""
from __future__ import annotations

import re
import unicodedata


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("œ", "oe"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: "Profitez-en !" and "PROFITEZ-EN" match alike."""
    return strip_accents(text.casefold())


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, where it came from in `text`, so a phrase
    found in the folded text is quoted as the author wrote it."""
    pieces: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        positions.extend([index] * len(folded))
    return "".join(pieces), positions


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*|[a-z]'")


def words(folded: str) -> list[str]:
    return _WORD.findall(folded)


def word_spans(folded: str) -> list[tuple[str, int, int]]:
    """The words of a folded text with where each starts and ends in it."""
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(folded)]
