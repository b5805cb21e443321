"""Brand stories: what customers lived with a brand, and how it ended."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The stories' pages, their API routes and the demo stories' loader."""
    from ..core.hooks import hooks
    from . import api  # noqa: F401  (adds the story routes to api_bp)
    from .demo import load_demo_stories
    from .views import stories_bp

    app.register_blueprint(stories_bp)
    hooks(app).demo_loaders.append(load_demo_stories)
