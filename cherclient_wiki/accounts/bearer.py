"""Bearer-token authentication for the API; the session cookie is deliberately ignored."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import g, request
from flask_babel import gettext as _

from ..core.api import api_bp
from ..core.errors import ApiError
from ..core.openapi import AUTH_MARK
from .models import User
from .roles import Role
from .tokens import user_for_token

P = ParamSpec("P")
R = TypeVar("R")


@api_bp.before_request
def _authenticate() -> None:
    g.api_user = None
    header = request.headers.get("Authorization")
    if header is None:
        return
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "invalid_token", _("En-tête Authorization attendu : Bearer <jeton>."))
    user = user_for_token(token.strip())
    if user is None:
        raise ApiError(401, "invalid_token", _("Jeton inconnu, révoqué, ou compte désactivé."))
    g.api_user = user


def api_user() -> User | None:
    return g.get("api_user")


def token_required(role: Role = Role.CUSTOMER) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """401 without a valid token, 403 when the token's account is below `role`."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            user = api_user()
            if user is None:
                raise ApiError(401, "unauthorized", _("Un jeton d'API est nécessaire (Authorization: Bearer)."))
            if not user.has_role(role):
                raise ApiError(403, "forbidden", _("Votre rôle ne permet pas cette action."))
            return view(*args, **kwargs)

        setattr(wrapped, AUTH_MARK, role.value)  # the API's description reads it (core.openapi)
        return wrapped

    return decorator
