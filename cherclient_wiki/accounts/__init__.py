"""Accounts: registration, login, sessions that end, roles, verified practitioners, API tokens."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Sign-ins (the user loader), the login and administration pages, bearer-token
    authentication and the account routes of the API, the `users` commands, and the account's
    part of personal data (core.hooks)."""
    from ..core.extensions import login_manager
    from ..core.hooks import hooks
    from . import api, bearer, personal_data  # noqa: F401  (bearer authenticates, api adds routes: both on api_bp)
    from .cli import users_cli
    from .sessions import ends, load
    from .views import admin_bp, auth_bp

    login_manager.user_loader(load)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.cli.add_command(users_cli)
    hooks(app).personal_data.append(personal_data.PART)
    hooks(app).sign_in_ends.append(ends)
