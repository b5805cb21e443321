"""Roles form a ladder: each one can do everything the ones below it can."""
from __future__ import annotations

from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    CUSTOMER = "customer"
    PRACTITIONER = "practitioner"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.CUSTOMER: _l("Client"),
    Role.PRACTITIONER: _l("Professionnel"),
    Role.MODERATOR: _l("Modérateur"),
    Role.ADMIN: _l("Administrateur"),
}


def is_moderator(user: Any) -> bool:
    """A reader who may moderate: signed in, with the moderator's role or above (a visitor, or no
    reader at all, has no role)."""
    return user is not None and user.is_authenticated and user.has_role(Role.MODERATOR)


# Chosen by the person at registration; the others are granted by an administrator.
SELF_DECLARED = (Role.CUSTOMER, Role.PRACTITIONER)
