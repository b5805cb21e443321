"""Brand stories: what customers lived with a brand, and how it ended."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The stories' pages, their API routes, the demo stories' loader, the stories' part of
    personal data and the purge of their authors' addresses."""
    from ..core.hooks import hooks
    from . import api, parts, personal_data  # noqa: F401  (api: adds the story routes to api_bp)
    from .demo import load_demo_stories
    from .views import stories_bp

    app.register_blueprint(stories_bp)
    hooks(app).demo_loaders.append(load_demo_stories)
    hooks(app).personal_data.append(personal_data.PART)
    hooks(app).technical_purges.append(personal_data.purge_addresses)
    hooks(app).personal_parts.update({"story-reaction": parts.reaction, "story-tools": parts.tools})
