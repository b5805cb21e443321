"""Brand stories: what customers lived with a brand, and how it ended."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the stories blueprint, their API routes and the demo loader. Called before the
    API blueprint is registered, so /api/v1/stories is on it in time."""
    from .. import demo
    from . import api as _api  # noqa: F401  (adds the story routes to api_bp)
    from .demo import load_demo_stories
    from .views import stories_bp

    app.register_blueprint(stories_bp)
    if load_demo_stories not in demo.LOADERS:
        demo.LOADERS.append(load_demo_stories)
