"""What the index holds, read from the database: each content type registers one provider.

A provider answers with the document as an anonymous visitor may see it, or None when the item is
hidden (pending or rejected story, deleted page) — None means "remove it from the index", which is
how hidden content never leaks into results, snippets or facet counts.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

Document = dict[str, Any]


@dataclass(frozen=True)
class Provider:
    doc_type: str
    load: Callable[[str], Document | None]
    visible_keys: Callable[[], Iterable[str]]


PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    PROVIDERS[provider.doc_type] = provider


def load(doc_type: str, key: str) -> Document | None:
    provider = PROVIDERS.get(doc_type)
    return provider.load(key) if provider else None


def all_documents() -> Iterator[Document]:
    """Every visible document, type by type (used by rebuild and check)."""
    for provider in PROVIDERS.values():
        for key in provider.visible_keys():
            document = provider.load(str(key))
            if document is not None:
                yield document
