"""Sign-ins that end.

Flask-Login keeps `User.get_login_id()` in the session cookie and, with « Rester connecté », in
the remember cookie: the account's random session token and the time of the sign-in, signed with
the secret key. Giving the account a new token (`end_all`) refuses every cookie issued before,
whoever holds it: on logout, a password change, a deactivation or a role change. The time bounds
each sign-in to `REMEMBER_COOKIE_DURATION` on the server, whatever a browser does with the
cookie's expiry date.
"""
from __future__ import annotations

import time

from flask import current_app, request
from flask_login import current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME
from sqlalchemy import select

from ..core.db import db
from .models import User, new_session_token


def end_all(user: User) -> None:
    """Every session and remember cookie of `user` stops working (the caller commits)."""
    user.session_token = new_session_token()


def _parts(login_id: str) -> tuple[str, float] | None:
    """(session token, end of the sign-in) of a login id; None for one that is not ours (a
    cookie from before session tokens)."""
    token, _sep, signed_in_at = login_id.rpartition(".")
    if not token or not (signed_in_at.isascii() and signed_in_at.isdigit()):
        return None
    return token, int(signed_in_at) + current_app.config["REMEMBER_COOKIE_DURATION"].total_seconds()


def ends(login_id: str) -> float | None:
    """When the sign-in behind `login_id` stops being accepted (the `sign_in_ends` hook)."""
    parts = _parts(login_id)
    return parts[1] if parts else None


def load(login_id: str) -> User | None:
    """Flask-Login's user loader: the active account whose current token signed this cookie,
    if the sign-in is recent enough."""
    parts = _parts(login_id)
    if parts is None or time.time() > parts[1]:
        return None
    token = parts[0]
    user = db.session.scalar(select(User).where(User.session_token == token))
    return user if user is not None and user.is_active else None


def log_out() -> None:
    """Logging out anywhere signs the account out everywhere: a copied cookie dies with the rest."""
    if current_user.is_authenticated:
        end_all(current_user)
        db.session.commit()
    logout_user()


def renew(user: User) -> None:
    """Sign this browser in again after `end_all` (its own password change, an administrator's
    own role change), keeping « Rester connecté » if it was on."""
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME) in request.cookies
    login_user(user, remember=remembered)
