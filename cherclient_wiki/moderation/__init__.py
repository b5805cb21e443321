"""Moderation: the disguised-ad detector, the queue, decisions and their audit log."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Plug the detector into story screening, register the queue, its API routes (so this runs
    before the API blueprint is registered) and the `moderation` CLI group."""
    from ..stories import screening
    from . import api as _api  # noqa: F401  (adds the moderation routes to api_bp)
    from .cli import moderation_cli
    from .screener import screen_story
    from .views import moderation_bp

    if screen_story not in screening.SCREENERS:
        screening.SCREENERS.append(screen_story)
    app.register_blueprint(moderation_bp)
    app.cli.add_command(moderation_cli)
