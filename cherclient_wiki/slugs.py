"""One slug rule for pages and brands: readable ASCII, so URLs survive e-mail and old browsers."""
from __future__ import annotations

from slugify import slugify as _slugify

MAX_SLUG_LENGTH = 120


def slugify(text: str) -> str:
    """"Le centre d'appels idéal" -> "le-centre-d-appels-ideal"; "Cœur" -> "coeur"."""
    return _slugify(text, max_length=MAX_SLUG_LENGTH, word_boundary=True)
