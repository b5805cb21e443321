"""The observatory: the data's answer to "does satisfaction lead to loyalty?"."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the observatory page and its API route (called before api_bp is registered)."""
    from ..leaderboard import charts
    from ..leaderboard.statistics import init_cache
    from . import api  # noqa: F401  (its route joins api_bp)
    from .views import observatory_bp

    init_cache(app)
    charts.init_app(app)
    app.register_blueprint(observatory_bp)
