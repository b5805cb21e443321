"""People and their data: public profiles, the RGPD export and erasure, the retention of
technical data, the privacy page. It reads every feature's personal data through the
`personal_data` and `technical_purges` hooks (core.hooks), so no feature imports it."""
from __future__ import annotations

from flask import Flask

DEFAULT_IP_RETENTION_DAYS = 30


def init_app(app: Flask) -> None:
    """The profile, export, erasure and privacy pages, their API routes, the `people` commands."""
    from . import api  # noqa: F401  (its routes join api_bp)
    from .cli import people_cli
    from .views import people_bp

    app.config.setdefault("IP_RETENTION_DAYS", DEFAULT_IP_RETENTION_DAYS)
    app.register_blueprint(people_bp)
    app.cli.add_command(people_cli)
