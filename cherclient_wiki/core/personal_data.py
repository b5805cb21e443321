"""What an account produced, feature by feature: the parts of the `personal_data` hook (core.hooks).

Every feature that stores something a person wrote or did registers one `PersonalData` from its
init_app. The people feature walks them to build an export (each part's `data.json` keys and
files) and to erase an account (each part removes or re-attributes its rows), so that it never
needs to know the features, and they never import it. A feature added later (suggestions,
follows...) is covered by registering its part.

Erasure runs in one transaction: each `erase` adds its changes to the session and never commits;
work that must wait for the commit (deleting files) goes in `Erasure.after_commit`. Parts are
erased highest layer first, so that a feature's rows go before the rows they hang under; the
accounts part, registered first, turns the account into its pseudonym last.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Table, func, or_, update
from sqlalchemy.sql import ColumnElement

from .db import db


class Content(StrEnum):
    """What becomes of what the person published (stories, comments, suggestions, uploads)."""

    DELETE = "delete"
    ANONYMISE = "anonymise"  # kept, under the pseudonym


@dataclass
class Erasure:
    content: Content
    pseudonym: str  # "ancien membre n°N": replaces the name everywhere it is shown
    former_names: tuple[str, ...]  # the username and e-mail address, for texts that quote them
    after_commit: list[Callable[[], None]] = field(default_factory=list)

    def mentions(self, column: Any) -> ColumnElement[bool]:
        """SQL: the text column may quote a former name (scrub then tells for sure)."""
        return or_(*(func.lower(column).contains(name.lower(), autoescape=True) for name in self.former_names))

    def scrub(self, text: str) -> str:
        """`text` with each former name standing alone (not inside a longer word) replaced by the
        pseudonym: a summary or a reason that quoted the person."""
        names = "|".join(re.escape(name) for name in self.former_names)
        return re.sub(rf"(?<![\w.@-])(?:{names})(?![\w@-])", self.pseudonym, text, flags=re.IGNORECASE)


@dataclass
class Export:
    """One part of an export: its keys in data.json, and files by their path in the zip."""

    data: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonalData:
    name: str  # says which feature it is, in error messages and the export's summary
    export: Callable[[Any], Export]  # (user) -> Export
    erase: Callable[[Any, Erasure], None]  # (user, erasure) -> None, in the caller's transaction


TechnicalPurge = Callable[[datetime], int]  # (cutoff) -> rows cleared of data older than cutoff


def address_purge(table: Table, address: str, written: str) -> TechnicalPurge:
    """The purge that forgets the sender's address (column `address`) in rows of `table` last
    written (column `written`) before the cutoff. On the bare connection: no summary table or
    index reads an address, so no listener needs to see it."""
    def purge(cutoff: datetime) -> int:
        rows = table.c
        result = db.session.connection().execute(
            update(table).where(rows[address].is_not(None), rows[written] < cutoff).values({address: None})
        )
        return result.rowcount or 0

    return purge
