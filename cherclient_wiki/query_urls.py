"""Links that carry the visitor's query string along: pagination, filters, feeds, redirects to a
canonical address."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from flask import Flask, url_for
from werkzeug.datastructures import iter_multi_items


def url_with_query(endpoint: str, query: Mapping[str, Any] | Iterable[tuple[str, Any]], /, **values: Any) -> str:
    """url_for(endpoint, **values), then the visitor's `query` less the keys `values` sets (a None
    value removes a key). The visitor's parameters never become url_for's keywords, where
    `?endpoint=`, `?_method=`, `?_external=` or `?_scheme=` would be read as instructions."""
    url = url_for(endpoint, **values)
    kept = [(key, value) for key, value in iter_multi_items(query) if key not in values]
    if not kept:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode(kept)}"


def init_app(app: Flask) -> None:
    app.add_template_global(url_with_query)
