"""Moderation: the disguised-ad detector, the queue, decisions and their audit log."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The detector as screener and name check (core.hooks), the queue, its API routes and the
    `moderation` commands."""
    from ..core.hooks import hooks
    from . import api  # noqa: F401  (adds the moderation routes to api_bp)
    from .cli import moderation_cli
    from .screener import commercial_name_problem, screen_story
    from .views import moderation_bp

    hooks(app).screeners.append(screen_story)
    hooks(app).name_checks.append(commercial_name_problem)
    app.register_blueprint(moderation_bp)
    app.cli.add_command(moderation_cli)
