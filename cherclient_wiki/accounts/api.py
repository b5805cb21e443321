"""Account endpoints of the API; each feature adds its own endpoints in its own module."""
from __future__ import annotations

from flask import Response, jsonify
from flask_babel import gettext as _

from ..core.api import api_bp, json_body
from ..core.errors import ApiError, InputError
from . import users
from .bearer import api_user, token_required
from .models import User
from .roles import Role


def user_json(user: User) -> dict[str, object]:
    return {"username": user.username, "role": user.role, "active": user.active, "verified": user.verified}


@api_bp.get("/me")
@token_required()
def me() -> Response:
    user = api_user()
    assert user is not None
    return jsonify({**user_json(user), "email": user.email})


@api_bp.put("/users/<username>/role")
@token_required(Role.ADMIN)
def set_role(username: str) -> Response:
    body = json_body()
    try:
        role = Role(body.get("role"))
    except ValueError:
        raise InputError.of({"role": _("Rôle inconnu : customer, practitioner, moderator ou admin.")}) from None
    user = users.by_username(username)
    if user is None:
        raise ApiError(404, "not_found", _("Utilisateur introuvable."))
    try:
        users.set_role(user, role)
    except InputError as error:  # the last active administrator
        raise ApiError(409, "last_admin", error.message) from None
    return jsonify(user_json(user))
