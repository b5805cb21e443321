"""Images: uploaded, decoded and re-encoded, served under their content hash."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from ..core.hooks import hooks
    from . import personal_data
    from .views import uploads_bp

    app.register_blueprint(uploads_bp)
    hooks(app).personal_data.append(personal_data.PART)
