"""The home page, the site's sections and the language switch."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from .views import main_bp

    app.register_blueprint(main_bp)
