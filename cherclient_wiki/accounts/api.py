"""Account endpoints of the API: who a token belongs to, and roles (administrators)."""
from __future__ import annotations

from typing import Literal

from flask_babel import gettext as _

from ..core.api import api_bp
from ..core.errors import ApiError, InputError
from ..core.openapi import operation
from ..core.schemas import Output, Schema
from . import users
from .bearer import api_user, token_required
from .models import User
from .roles import Role

RoleName = Literal["customer", "practitioner", "moderator", "admin"]


class Account(Output):
    username: str
    role: RoleName
    active: bool
    verified: bool

    @classmethod
    def of(cls, user: User) -> Account:
        return cls(username=user.username, role=user.role, active=user.active, verified=user.verified)


class Me(Account):
    email: str


class RoleChange(Schema):
    role: RoleName


@api_bp.get("/me")
@token_required()
@operation("Le compte du jeton", "Comptes", response=Me)
def me() -> Me:
    user = api_user()
    assert user is not None
    return Me(**Account.of(user).model_dump(), email=user.email)


@api_bp.put("/users/<username>/role")
@token_required(Role.ADMIN)
@operation("Changer le rôle d'un compte (administrateurs)", "Comptes", body=RoleChange, response=Account, errors=(404, 409))
def set_role(username: str, body: RoleChange) -> Account:
    """409 `last_admin` when it would leave the site without an active administrator."""
    user = users.by_username(username)
    if user is None:
        raise ApiError(404, "not_found", _("Utilisateur introuvable."))
    try:
        users.set_role(user, Role(body.role))
    except InputError as error:  # the last active administrator
        raise ApiError(409, "last_admin", error.message) from None
    return Account.of(user)
