"""Domain synonyms ("SAV" ↔ "service après-vente"), applied when a query is read, never at indexing
time: an administrator's edit takes effect on the next search, with no rebuild.

The list lives in the database (administrators edit it); while nobody has edited it, the list
shipped with the package (synonyms.txt) applies.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..core import versions
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


def current_lines(reader: Session | Connection | None = None) -> list[str]:
    stored = list((reader or db.session).scalars(select(SynonymGroup.terms).order_by(SynonymGroup.id)))
    return stored or parse(default_text())


_groups: versions.Kept[str, list[Group]] = versions.Kept(1)


def replace(lines: list[str]) -> None:
    """Save the administrator's list (an empty list brings back the shipped one)."""
    db.session.execute(delete(SynonymGroup))
    db.session.add_all(SynonymGroup(terms=line) for line in lines)
    db.session.commit()  # moves the data version: the next search reads the new list


def groups() -> list[Group]:
    """The list as folded word tuples. Every search reads it: kept while the data version stays
    (it took 0.4 ms a search to read, and the shipped list to parse, again)."""
    kept = _groups.at(versions.current().stamp)
    if "groups" not in kept:
        with db.engine.connect() as connection:
            lines = current_lines(connection)
        parsed = []
        for line in lines:
            group = tuple(tuple(fold(word) for word in words(term)) for term in line.split(","))
            parsed.append(tuple(term for term in group if term))
        kept["groups"] = [group for group in parsed if len(group) >= 2]
    return kept["groups"]
