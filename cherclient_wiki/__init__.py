"""CherClient.wiki — the collaborative wiki of customer relationship."""
from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
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

    from . import cli, db, errors, extensions, i18n, inputs, query_urls, security

    inputs.init_app(app)  # first: routes read its converters, its checks come before any other
    db.init_app(app)
    extensions.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    query_urls.init_app(app)
    cli.init_app(app)
    register_blueprints(app)
    return app


# Each feature's init_app registers its blueprints, CLI commands, demo loader and the routes it
# adds to api_bp; the order is the demo's loading order (pages before the stories that cite them).
FEATURES = (
    "wiki",  # pages, uploads
    "community",  # comments, reports, link rules, rate limits
    "stories",
    "moderation",  # the detector as story screener, the queue
    "brands.admin_views",  # rename, merge
    "brands",  # brand pages, leaderboard
    "observatory",  # satisfaction vs loyalty
    "search",  # the index, its outbox, /search
)


def register_blueprints(app: Flask) -> None:
    for feature in FEATURES:
        import_module(f".{feature}", __name__).init_app(app)
    from .accounts.views import admin_bp, auth_bp
    from .api import api_bp  # last: every feature has added its routes to it
    from .main.views import main_bp

    for blueprint in (main_bp, auth_bp, admin_bp, api_bp):
        app.register_blueprint(blueprint)


__all__ = ["create_app"]
