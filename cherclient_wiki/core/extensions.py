"""Extensions are created unbound here and bound to each app in init_app (no import-time app)."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"
    login_manager.id_attribute = "get_login_id"  # a rotating token, never the primary key
    csrf.init_app(app)
    limiter.init_app(app)

