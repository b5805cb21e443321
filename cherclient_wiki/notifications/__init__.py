"""Following what you care about: follows, notifications (a page, an unread count in the header,
the API) and e-mail (SMTP, or .eml files by default) with a signed one-click unsubscribe."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The pages, API routes and CLI; the listener that turns revisions and comments into
    notifications; the e-mail sender as a background job (core.background: the web process's
    inline runner after the response that created notifications, or `flask worker`)."""
    from ..core.hooks import hooks
    from . import api, personal_data  # noqa: F401  (api: its routes join api_bp)
    from .cli import notifications_cli
    from .events import init_events
    from .mail import DEFAULTS, send_batch
    from .views import follow_button, follow_part, notifications_bp

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    init_events()
    app.register_blueprint(notifications_bp)
    app.add_template_global(follow_button, "follow_button")
    hooks(app).personal_parts["follow"] = follow_part
    app.cli.add_command(notifications_cli)
    hooks(app).background_jobs.append(send_batch)
    hooks(app).personal_data.append(personal_data.PART)

