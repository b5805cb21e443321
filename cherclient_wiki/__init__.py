"""CherClient.wiki — the collaborative wiki of customer relationship."""
from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any

from flask import Flask

from .core import config, resources

# The features, lowest layer first (pyproject.toml's import-linter contract holds the same order):
# each one's init_app registers its blueprints, API routes, CLI commands, listeners and the hooks
# it fills (core/hooks.py). The order is also the demo's loading order (pages before the stories
# that cite them).
FEATURES = (
    "accounts",
    "uploads",
    "wiki",
    "stories",
    "leaderboard",  # brand pages, the leaderboard and its summary tables, brand administration
    "community",  # link rules and name checks: the save checks of pages, stories and comments
    "moderation",  # the detector as screener, the queue
    "notifications",  # follows, notifications, e-mail and its background job
    "suggestions",  # suggestions to brands, their status workflow, the listening index
    "observatory",
    "people",  # profiles, the RGPD export and erasure (through the personal_data hook), retention
    "search",  # the index, its providers and outbox
    "main",  # the home page and the language switch
)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: the core first, each step in the order they depend on each other,
    then the features, then the API blueprint that every feature has added its routes to."""
    app = Flask(
        __name__,
        instance_path=config.instance_path(),
        instance_relative_config=True,
        template_folder=str(resources.folder("templates")),
        static_folder=str(resources.folder("static")),
    )
    config.load(app, test_config)

    from . import cli, models  # noqa: F401  (models: every table on the metadata, for Alembic too)
    from .core import (
        api,
        background,
        db,
        errors,
        extensions,
        hooks,
        i18n,
        inputs,
        openapi,
        query_urls,
        security,
        versions,
        visitor_cache,
    )

    inputs.init_app(app)  # first: routes read its converters, its checks come before any other but the cache's
    hooks.init_app(app)
    db.init_app(app)
    background.init_app(app)
    extensions.init_app(app)
    i18n.init_app(app)
    versions.init_app(app)
    visitor_cache.init_app(app)  # its check comes before every other, inputs' included
    security.init_app(app)
    errors.init_app(app)
    query_urls.init_app(app)
    for feature in FEATURES:
        import_module(f".{feature}", __name__).init_app(app)
    app.register_blueprint(api.api_bp)
    openapi.init_app(app)
    cli.init_app(app)
    return app


__all__ = ["create_app"]
