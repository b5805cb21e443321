"""Search endpoints of the API: full-text search and the title autocomplete of the search box."""
from __future__ import annotations

from flask import Response, jsonify, request
from flask_babel import gettext as _

from ..core.api import api_bp
from ..core.errors import ApiError
from ..core.inputs import parse_int
from . import searching
from .analysis import fold
from .query import TYPES


def _page_number() -> int:
    page = parse_int(request.args.get("page", "1"), minimum=1, maximum=searching.MAX_PAGE)
    if page is None:
        raise ApiError(400, "invalid_page", _("« page » doit être un entier entre 1 et %(n)d.", n=searching.MAX_PAGE))
    return page


def _types() -> list[str]:
    values = request.args.getlist("type")
    if any(fold(value) not in TYPES for value in values if value):
        raise ApiError(400, "invalid_type", _("« type » doit valoir page, story ou brand."))
    return values


@api_bp.get("/search")
def search() -> Response:
    """`?q=&type=&brand=&page=` -> total, results, facets (counts by type and brand), suggestion."""
    results = searching.search(
        request.args.get("q", ""),
        types=_types(),
        brands=request.args.getlist("brand"),
        page=_page_number(),
    )
    return jsonify(
        {
            "total": results.total,
            "results": [
                {
                    "type": hit.type,
                    "key": hit.key,
                    "title": hit.title,
                    "url": hit.url,
                    "snippet": str(hit.snippet),
                    "score": hit.score,
                }
                for hit in results.hits
            ],
            "facets": {name: {facet.value: facet.count for facet in values} for name, values in results.facets.items()},
            "suggestion": results.suggestion,
        }
    )


@api_bp.get("/search/titles", endpoint="search_titles")
def titles() -> Response:
    """Autocomplete: `?q=` -> the first titles whose words start with what was typed."""
    found = searching.titles(request.args.get("q", ""))
    return jsonify({"results": [{"type": item.type, "title": item.title, "url": item.url} for item in found]})
