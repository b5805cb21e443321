"""Following what you care about: follows, notifications (a page, an unread count in the header,
the API) and e-mail (SMTP, or .eml files by default) with a signed one-click unsubscribe."""
from __future__ import annotations

from flask import Flask, Response, current_app, request

from ..core.db import db


def init_app(app: Flask) -> None:
    """The pages, API routes and CLI; the listener that turns revisions and comments into
    notifications; the e-mail sender as a background job (core.hooks), also run after a response
    that created notifications unless NOTIFICATIONS_SEND_AFTER_RESPONSE is false (a `flask
    worker` then runs it)."""
    from ..core.hooks import hooks
    from . import api, personal_data  # noqa: F401  (api: its routes join api_bp)
    from .cli import notifications_cli
    from .events import CREATED, init_events
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

    @app.after_request
    def send_after_response(response: Response) -> Response:
        """Thread-free: the WSGI server calls the response's close() once the body is sent, so
        the mail goes out after the visitor got the page, in the same worker, and no thread can
        outlive a request or die with the process holding a half-sent queue (the rows stay
        queued until sent). One batch only: a backlog is for `flask notifications send`."""
        if not (db.session.info.pop(CREATED, False) and current_app.config["NOTIFICATIONS_SEND_AFTER_RESPONSE"]):
            return response
        app_ = current_app._get_current_object()  # type: ignore[attr-defined]
        base_url = request.host_url

        def send() -> None:
            with app_.app_context():
                try:
                    send_batch(base_url)
                finally:
                    db.session.remove()

        response.call_on_close(send)
        return response
