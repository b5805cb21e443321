"""Suggestions: customers propose one improvement to one brand, others support it, the brand's
representatives answer through a public status workflow, and « Les marques à l'écoute » ranks
brands by how they answer."""
from __future__ import annotations

from typing import Any

from flask import Flask, url_for


def find_for_comments(suggestion_id: int, viewer: Any) -> tuple[Any, str, str] | None:
    """The comment_targets hook (core.hooks): a suggestion as threads, reports and follows see it."""
    from ..core.db import db
    from .models import Suggestion
    from .writing import can_see

    suggestion = db.session.get(Suggestion, suggestion_id)
    if suggestion is None or not can_see(viewer, suggestion):
        return None
    return suggestion, suggestion.title, url_for("suggestions.show", suggestion_id=suggestion.id)


def init_app(app: Flask) -> None:
    """The pages, the API routes, the comment target, the brand page's section, the demo, the
    suggestions' share of an export, an erasure and the retention purge."""
    from ..core.hooks import hooks
    from . import api, personal_data  # noqa: F401  (api: its routes join api_bp)
    from .demo import load_demo_suggestions
    from .views import brand_section, listening_bp, suggestions_bp

    app.register_blueprint(suggestions_bp)
    app.register_blueprint(listening_bp)
    hooks(app).comment_targets["suggestion"] = find_for_comments
    hooks(app).brand_sections.append(brand_section)
    hooks(app).demo_loaders.append(load_demo_suggestions)
    hooks(app).personal_data.append(personal_data.PART)
    hooks(app).technical_purges.append(personal_data.purge_addresses)
