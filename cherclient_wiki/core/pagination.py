"""One way to cut a list into pages, for the web pages and the API alike: a page past the end
shows the last one; the API also gets RFC 8288 `Link` headers (first, prev, next, last), and the
templates one macro (templates/macros/pagination.html)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import ceil
from typing import Any, Generic, TypeVar

from flask import Response
from sqlalchemy import Select, func, select

from .db import db
from .query_urls import url_with_query

T = TypeVar("T")


@dataclass(frozen=True)
class Paged(Generic[T]):
    items: list[T]
    page: int
    pages: int
    total: int


def page_count(total: int, per_page: int) -> int:
    return max(1, ceil(total / per_page))


def clamp(page: int, total: int, per_page: int) -> int:
    return min(max(page, 1), page_count(total, per_page))


def paginate(query: Select[Any], page: int, per_page: int) -> Paged[Any]:
    """One page of a query's rows (already ordered), with the count of them all."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    page = clamp(page, total, per_page)
    rows = db.session.scalars(query.offset((page - 1) * per_page).limit(per_page))
    return Paged(list(rows), page, page_count(total, per_page), total)


def slice_of(items: Sequence[T], page: int, per_page: int) -> Paged[T]:
    """One page of a list already in memory (a ranking)."""
    page = clamp(page, len(items), per_page)
    start = (page - 1) * per_page
    return Paged(list(items[start : start + per_page]), page, page_count(len(items), per_page), len(items))


def add_links(response: Response, paged: Paged[Any], endpoint: str, args: Mapping[str, Any], **values: Any) -> Response:
    """The `Link` header of an API answer: where the first, previous, next and last pages are."""
    relations = {"first": 1, "prev": paged.page - 1, "next": paged.page + 1, "last": paged.pages}
    links = [
        f'<{url_with_query(endpoint, args, page=number, _external=True, **values)}>; rel="{name}"'
        for name, number in relations.items() if 1 <= number <= paged.pages and number != paged.page
    ]
    if links:
        response.headers["Link"] = ", ".join(links)
    return response
