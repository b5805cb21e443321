"""Which engine answers the searches: the one interface the views, the API and the CLI go through.

Two backends, chosen by SEARCH_BACKEND (CHERCLIENT_SEARCH_BACKEND):
- `whoosh` (the default): an index in the instance folder, kept up to date from the outbox after
  each request (search.indexer); one machine, nothing to install.
- `postgresql`: a table of documents in the site's PostgreSQL database with a French full-text
  vector (search.postgres), written in the same transaction as the content it describes, so every
  app server sees a change the moment it is committed and a new server starts with nothing to build.

Both read the same query (search.query.parse) and fill the same SearchResults, so the JSON of the
API and the search page do not depend on the backend.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from flask import Flask, current_app

if TYPE_CHECKING:
    from .indexer import Difference
    from .query import ParsedQuery
    from .searching import SearchResults, Suggestion

EXTENSION = "search_backend"
NAMES = ("whoosh", "postgresql")


class SearchBackend(Protocol):
    name: str
    uses_outbox: bool  # jobs go through the outbox (and a drain) rather than the saving transaction

    def start(self) -> None:
        """At application start: bring the index up to date with the database if it needs to."""

    def run(self, parsed: ParsedQuery, results: SearchResults) -> tuple[dict[str, int], dict[str, int]]:
        """Fill `results` (total, hits, relaxed, partial, suggestion) for `parsed`; answer the
        counts per type and per brand slug of every matched document, for the facets."""

    def titles(self, typed: list[str], limit: int) -> list[Suggestion]:
        """Titles having a word that starts with each of `typed` (folded words)."""

    def rebuild(self, procs: int = 1) -> int:
        """Rebuild everything from the database; the number of documents. `procs`: processes
        that may analyse the documents at once (a backend that analyses elsewhere ignores it)."""

    def check(self) -> list[Difference]:
        """After applying pending work, what differs between the database and the index."""


def backend(app: Flask | None = None) -> SearchBackend:
    return (app or current_app).extensions[EXTENSION]  # type: ignore[no-any-return]


def choose(app: Flask) -> SearchBackend:
    """The configured backend; a misconfiguration stops the start with a message saying why."""
    name = str(app.config.get("SEARCH_BACKEND") or "whoosh").strip().lower()
    if name not in NAMES:
        raise RuntimeError(f"SEARCH_BACKEND={name!r}: choose one of {', '.join(NAMES)}")
    if name == "postgresql":
        if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            raise RuntimeError("SEARCH_BACKEND=postgresql needs a PostgreSQL DATABASE_URL")
        from .postgres import PostgresBackend

        chosen: SearchBackend = PostgresBackend()
    else:
        from .whoosh_search import WhooshBackend

        chosen = WhooshBackend()
    app.extensions[EXTENSION] = chosen
    return chosen
