"""Leaderboard endpoints of the API: a brand's figures and standing, and the leaderboard itself."""
from __future__ import annotations

from flask import Response, current_app
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.bearer import api_user
from ..brands.names import brand_by_slug
from ..core.api import api_bp
from ..core.errors import ApiError
from ..core.openapi import operation
from . import ranking, statistics
from .schemas import BrandOut, BrandStatisticsOut, LeaderboardFilters, LeaderboardOut, RankedBrandOut
from .visibility import can_see_brand

TAG = "Marques et classement"


@api_bp.get("/brands/<slug>")
@operation("Une marque : ses chiffres et sa place au classement", TAG, response=BrandOut, errors=(404,))
def api_brand(slug: str) -> BrandOut:
    """A brand that only held or refused stories name does not exist yet (404)."""
    brand, _redirected = brand_by_slug(slug)
    if brand is None or not can_see_brand(api_user() or current_user, brand):
        raise ApiError(404, "not_found", _("Marque introuvable."))
    standing = ranking.standing(brand)
    return BrandOut(
        brand=brand.name, slug=brand.slug, sector=brand.sector, aliases=[alias.label for alias in brand.aliases],
        rank=standing.rank if standing else None, score=standing.score if standing else None,
        statistics=BrandStatisticsOut.of(statistics.brand_statistics(brand)),
    )


def leaderboard_json(filters: ranking.Filters) -> str:
    """The answer, encoded once per change of the data: 5,000 brands take longer to encode than
    to look up."""

    def encode() -> str:
        board = ranking.leaderboard(filters)
        return LeaderboardOut(brands=[RankedBrandOut.of(entry) for entry in board.brands], method=ranking.method()).model_dump_json()

    return statistics.cached(("leaderboard.json", filters), encode, extend=lambda _old, _last: encode())


@api_bp.get("/leaderboard")
@operation("Le classement des marques", TAG, query=LeaderboardFilters, response=LeaderboardOut)
def api_leaderboard(query: LeaderboardFilters) -> Response:
    """Brands ranked by the lower bound of their customers' shrunk mean love (the method is in
    `method`; explained at /leaderboard/about); fewer than three accounts: `rank` null."""
    return current_app.response_class(leaderboard_json(query.filters()), mimetype="application/json")
