"""The signed one-click unsubscribe link of every e-mail: it names the account and is signed with
the site's secret (itsdangerous), so it needs no sign-in and cannot be forged for someone else."""
from __future__ import annotations

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from ..accounts.models import User
from ..core.db import db
from .models import EmailMode, NotificationSettings

SALT = "notifications-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(user: User) -> str:
    return _serializer().dumps({"user": user.id})


def unsubscribe_url(user: User) -> str:
    return url_for("notifications.unsubscribe", token=token_for(user), _external=True)


def user_of(token: str) -> User | None:
    """The account a token was signed for, or None for a forged or mangled one."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    user_id = data.get("user") if isinstance(data, dict) else None
    return db.session.get(User, user_id) if isinstance(user_id, int) else None


def email_mode(user: User) -> EmailMode:
    settings = db.session.get(NotificationSettings, user.id)
    return EmailMode(settings.email_mode) if settings else EmailMode.INSTANT


def set_email_mode(user: User, mode: EmailMode) -> None:
    settings = db.session.get(NotificationSettings, user.id)
    if settings is None:
        settings = NotificationSettings(user_id=user.id)
        db.session.add(settings)
    settings.email_mode = mode.value
    db.session.commit()
