"""The leaderboard: brands ranked from their published stories (the rule, the summary tables kept in
step with the stories, the statistics and their cache), the brand pages, and the brand
administration (rename, merge) that moves stories between brands."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The brand pages, the leaderboard and their API routes, the brand administration, the
    `leaderboard rebuild` command, the statistics cache they share with the observatory, and the listener that keeps counted_stories
    and brand_totals up to date."""
    from . import api, charts  # noqa: F401  (api: its routes join api_bp)
    from .admin_views import brand_admin_bp
    from .cli import leaderboard_cli
    from .statistics import init_cache
    from .tallies import init_tallies
    from .views import brands_bp

    init_cache(app)
    init_tallies()
    charts.init_app(app)
    app.register_blueprint(brands_bp)
    app.register_blueprint(brand_admin_bp)
    app.cli.add_command(leaderboard_cli)
