"""CherClient.wiki — the collaborative wiki of customer relationship."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import config, resources


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: each step is one concern, in the order they depend on each other."""
    app = Flask(
        __name__,
        instance_path=config.instance_path(),
        instance_relative_config=True,
        template_folder=str(resources.folder("templates")),
        static_folder=str(resources.folder("static")),
    )
    config.load(app, test_config)

    from . import cli, db, errors, extensions, i18n, security

    db.init_app(app)
    extensions.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    register_blueprints(app)
    return app


def register_blueprints(app: Flask) -> None:
    from .wiki import init_app as init_wiki  # the wiki, uploads, their API routes (before api_bp)

    init_wiki(app)
    from .community import init_app as init_community  # comments, reports, link rules, rate limits

    init_community(app)
    from .brands.admin_views import init_app as init_brand_admin
    from .stories import init_app as init_stories  # the stories, their API routes (before api_bp)

    init_stories(app)
    from .moderation import init_app as init_moderation  # detector as screener, queue (+ API routes)

    init_moderation(app)
    init_brand_admin(app)
    from .brands import init_app as init_brands  # brand pages, leaderboard (+ API routes)
    from .observatory import init_app as init_observatory  # satisfaction vs loyalty (+ API route)

    init_brands(app)
    init_observatory(app)
    from .search import init_app as init_search  # the index, its outbox, /search and its API routes

    init_search(app)
    from .accounts.views import admin_bp, auth_bp
    from .api import api_bp
    from .main.views import main_bp

    for blueprint in (main_bp, auth_bp, admin_bp, api_bp):
        app.register_blueprint(blueprint)


__all__ = ["create_app"]
