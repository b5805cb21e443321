"""The wiki: pages with full history, merges, wiki links, categories, feeds; plus image uploads."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the wiki's blueprints, API routes, CLI commands and demo loader. Called before
    the API blueprint is registered, so the /api/v1/pages routes are on it in time."""
    from .. import demo
    from ..api import pages as _api_pages  # noqa: F401  (adds the wiki routes to api_bp)
    from ..uploads.views import uploads_bp
    from .cli import export_command, import_command, load_seed_pages
    from .views import wiki_bp

    app.register_blueprint(wiki_bp)
    app.register_blueprint(uploads_bp)
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)
    if load_seed_pages not in demo.LOADERS:
        demo.LOADERS.append(load_seed_pages)
