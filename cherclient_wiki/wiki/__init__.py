"""The wiki: pages with full history, merges, wiki links, categories, feeds."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The wiki's pages, its API routes, the export/import commands and the seed pages' loader, the
    revisions' part of personal data."""
    from ..core.hooks import hooks
    from . import api, personal_data  # noqa: F401  (api: adds the wiki routes to api_bp)
    from .cli import export_command, import_command, load_seed_pages
    from .parts import page_tabs, page_tools
    from .views import wiki_bp

    app.register_blueprint(wiki_bp)
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)
    hooks(app).demo_loaders.append(load_seed_pages)
    hooks(app).personal_data.append(personal_data.PART)
    hooks(app).personal_parts.update({"page-tabs": page_tabs, "page-tools": page_tools})
