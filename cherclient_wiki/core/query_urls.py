"""Links that carry the visitor's query string along: pagination, filters, feeds, redirects to a
canonical address."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, url_for
from werkzeug.datastructures import iter_multi_items

SAFE = "!$'()*,/:;?@"  # what url_for leaves unescaped in a query string


def url_with_query(endpoint: str, query: Mapping[str, Any] | Iterable[tuple[str, Any]], /, **values: Any) -> str:
    """url_for(endpoint, **values) keeping the visitor's `query`: a parameter `values` names is
    replaced where it stands (None removes it), the others keep their order, less those named
    like the endpoint's path variables (`/brands/old?slug=x` redirects to `/brands/new`).

    The visitor's parameters never become url_for's keywords, where `?endpoint=`, `?_method=`,
    `?_external=` or `?_scheme=` would be read as instructions (a TypeError or BuildError)."""
    return QueryLinks(endpoint, query)(**values)


class QueryLinks:
    """`url_with_query` for the many links of one page (a search's facets, sorts and pages): the
    endpoint's rules and its address without path values are looked up once."""

    def __init__(self, endpoint: str, query: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        self.endpoint = endpoint
        self.items = list(iter_multi_items(query))
        self.variables = {name for rule in current_app.url_map.iter_rules(endpoint) for name in rule.arguments}
        self.bare: str | None = None

    def __call__(self, **values: Any) -> str:
        keywords = {key: value for key, value in values.items() if key in self.variables or key.startswith("_")}
        changes = {key: value for key, value in values.items() if key not in keywords}
        params: list[tuple[str, Any]] = []
        placed: set[str] = set()
        for key, value in self.items:
            if key in self.variables:
                continue
            if key not in changes:
                params.append((key, value))
            elif key not in placed:
                params.append((key, changes[key]))
                placed.add(key)
        params += [(key, value) for key, value in changes.items() if key not in placed]
        if keywords:
            url = url_for(self.endpoint, **keywords)
        else:
            if self.bare is None:
                self.bare = url_for(self.endpoint)
            url = self.bare
        kept = [(key, value) for key, value in params if value is not None]
        return f"{url}?{urlencode(kept, safe=SAFE)}" if kept else url


def init_app(app: Flask) -> None:
    app.add_template_global(url_with_query)
