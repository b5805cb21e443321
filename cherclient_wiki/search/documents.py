"""What the index holds, read from the database: one provider per content type, in the app's
`search_providers` (core.hooks).

A provider answers with the document as an anonymous visitor may see it, or None when the item is
hidden (pending or rejected story, deleted page) — None means "remove it from the index", which is
how hidden content never leaks into results, snippets, facets, suggestions or autocomplete.

It also says which model changes concern its documents (`watches`): the outbox listener turns
those into index jobs, so the code that changes content never calls the search.

A document is a plain dict: type, key (the stable id), ref (what its URL is built from), title,
body (plain text), tag_names (brand and category names), brands and categories (slugs), kind,
author, date.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..core.hooks import hooks

Document = dict[str, Any]
Job = tuple[str, str]  # (doc_type, key)
Watch = Callable[[Session, Any, bool], Iterable[Job]]  # (session, changed object, deleted?) -> jobs


@dataclass(frozen=True)
class Provider:
    doc_type: str
    load: Callable[[Session, str], Document | None]
    visible_keys: Callable[[Session], Iterable[str]]
    url: Callable[[str], str]  # from the document's ref, in a request
    watches: dict[type, Watch] = field(default_factory=dict)
    # The visible documents among many keys, in a few statements (hidden or unknown keys left out):
    # for the providers whose items come in numbers (an import's batch, a rebuild).
    load_many: Callable[[Session, list[str]], dict[str, Document]] | None = None


LOAD_CHUNK = 500  # keys per load_many call (SQL parameters stay well under the databases' limits)


def providers() -> dict[str, Provider]:
    return hooks().search_providers  # type: ignore[no-any-return]


def load(session: Session, doc_type: str, key: str) -> Document | None:
    provider = providers().get(doc_type)
    return provider.load(session, key) if provider else None


def load_many(session: Session, doc_type: str, keys: list[str]) -> dict[str, Document | None]:
    """`load` for each key (None: hidden or gone), in chunks where the provider can."""
    provider = providers().get(doc_type)
    if provider is None:
        return dict.fromkeys(keys)
    if provider.load_many is None:
        return {key: provider.load(session, key) for key in keys}
    found: dict[str, Document] = {}
    for start in range(0, len(keys), LOAD_CHUNK):
        found.update(provider.load_many(session, keys[start:start + LOAD_CHUNK]))
    return {key: found.get(key) for key in keys}


def all_documents(session: Session) -> Iterator[Document]:
    """Every visible document, type by type (used by rebuild and check)."""
    for provider in providers().values():
        keys = [str(key) for key in provider.visible_keys(session)]
        for start in range(0, len(keys), LOAD_CHUNK):
            chunk = keys[start:start + LOAD_CHUNK]
            yield from (document for document in load_many(session, provider.doc_type, chunk).values() if document is not None)


def jobs_for(session: Session, instance: object, deleted: bool) -> set[Job]:
    """The documents a changed model instance may affect, across every provider."""
    jobs: set[Job] = set()
    for provider in providers().values():
        watch = provider.watches.get(type(instance))
        if watch is not None:
            jobs.update(watch(session, instance, deleted))
    return jobs
