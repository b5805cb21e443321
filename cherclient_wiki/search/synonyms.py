"""Domain synonyms ("SAV" ↔ "service après-vente"), applied when a query is read, never at indexing
time: an administrator's edit takes effect on the next search, with no rebuild.

The list lives in the database (administrators edit it); while nobody has edited it, the list
shipped with the package (synonyms.txt) applies.
"""
from __future__ import annotations

from pathlib import Path

from flask import g
from sqlalchemy import String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from ..core.db import db
from .analysis import fold, words

DEFAULTS_FILE = Path(__file__).with_name("synonyms.txt")
MAX_GROUPS = 500
MAX_LINE = 500

Group = tuple[tuple[str, ...], ...]  # each term as its folded words: (("sav",), ("service", "apres", "vente"))


class SynonymGroup(db.Model):  # type: ignore[name-defined,misc]
    """One line of the list: terms that mean the same, comma-separated."""

    __tablename__ = "search_synonyms"

    id: Mapped[int] = mapped_column(primary_key=True)
    terms: Mapped[str] = mapped_column(String(MAX_LINE))


def parse(text: str) -> list[str]:
    """Meaningful lines of a list: comments and blank lines dropped, spacing normalised."""
    lines = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0]
        terms = [" ".join(term.split()) for term in line.split(",")]
        terms = [term for term in terms if term]
        if len(terms) >= 2:
            lines.append(", ".join(terms))
    return lines


def default_text() -> str:
    return DEFAULTS_FILE.read_text(encoding="utf-8")


def current_lines() -> list[str]:
    stored = list(db.session.scalars(select(SynonymGroup.terms).order_by(SynonymGroup.id)))
    return stored or parse(default_text())


def replace(lines: list[str]) -> None:
    """Save the administrator's list (an empty list brings back the shipped one)."""
    db.session.execute(delete(SynonymGroup))
    db.session.add_all(SynonymGroup(terms=line) for line in lines)
    db.session.commit()
    g.pop("search_synonyms", None)


def groups() -> list[Group]:
    """The list as folded word tuples, read once per request."""
    if "search_synonyms" not in g:
        parsed = []
        for line in current_lines():
            group = tuple(tuple(fold(word) for word in words(term)) for term in line.split(","))
            parsed.append(tuple(term for term in group if term))
        g.search_synonyms = [group for group in parsed if len(group) >= 2]
    return g.search_synonyms  # type: ignore[no-any-return]
