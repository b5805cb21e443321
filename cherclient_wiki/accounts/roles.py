"""Roles form a ladder: each one can do everything the ones below it can."""
from __future__ import annotations

from enum import StrEnum

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

# Chosen by the person at registration; the others are granted by an administrator.
SELF_DECLARED = (Role.CUSTOMER, Role.PRACTITIONER)
