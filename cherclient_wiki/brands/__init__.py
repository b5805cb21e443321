"""Brands: the names customers tag their stories with, folded into one canonical brand each."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the brand pages and the leaderboard, with their API routes (called before api_bp
    is registered), and the statistics cache they share with the observatory."""
    from .. import charts
    from .statistics import init_cache
    from .views import brands_bp

    init_cache(app)
    charts.init_app(app)
    app.register_blueprint(brands_bp)
