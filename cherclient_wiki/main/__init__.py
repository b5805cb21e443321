"""The home page, the site's sections and the language switch."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from ..core.hooks import hooks
    from .parts import account, language
    from .views import main_bp

    app.register_blueprint(main_bp)
    hooks(app).personal_parts.update({"account": account, "language": language})
