"""Community and safety: comments and official brand replies, reports, rate limits on writing,
link rules for new accounts and blocked domains, and moderators' tools against vandalism."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The blueprints, the thread helper for templates, the configuration defaults, and the link
    rules and blocked names as save and name checks (core.hooks)."""
    from ..core import limits
    from ..core.hooks import hooks
    from . import api, links, parts, personal_data  # noqa: F401  (api: its routes join api_bp)
    from .cli import brands_cli
    from .views import community_admin_bp, community_bp, thread

    for key, value in {**limits.DEFAULTS, "NEW_ACCOUNT_LINK_DAYS": links.DEFAULT_NEW_ACCOUNT_LINK_DAYS}.items():
        app.config.setdefault(key, value)
    app.register_blueprint(community_bp)
    app.register_blueprint(community_admin_bp)
    app.add_template_global(thread, "comment_thread")
    app.cli.add_command(brands_cli)
    hooks(app).save_checks.append(links.link_problem)
    hooks(app).name_checks.append(links.blocked_name_problem)
    hooks(app).personal_data.append(personal_data.PART)
    hooks(app).personal_parts.update({"thread-report": parts.thread_report, "comment-tools": parts.comment_tools,
                                      "comment-form": parts.form_or_invitation})
