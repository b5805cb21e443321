"""Trust is granted, not declared: anyone may register as a practitioner, and a moderator checks
the declaration. Protected pages trust moderators and verified practitioners only; a practitioner
awaiting verification is treated like a customer there."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from ..core.audit import record
from ..core.db import db, utcnow
from ..core.errors import InputError
from .models import User
from .roles import Role


def may_edit_protected(user: User) -> bool:
    """The one rule for protected wiki pages, on the web and in the API alike."""
    return user.has_role(Role.MODERATOR) or user.verified


def set_verified(moderator: User | None, user: User, verified: bool) -> bool:
    """Verify a practitioner, or withdraw the verification; audit-logged (`moderator` None is the
    command line). Returns False when there was nothing to change."""
    if moderator is not None and not moderator.has_role(Role.MODERATOR):
        raise InputError(str(_l("Seuls les modérateurs vérifient les professionnels.")), "verified")
    if verified and user.role_enum is not Role.PRACTITIONER:
        raise InputError(str(_l("Seul un compte professionnel peut être vérifié.")), "verified")
    if (user.verified_at is not None) == verified:
        return False
    user.verified_at = utcnow() if verified else None
    record(moderator, "user.verify" if verified else "user.unverify", "user", user.id)
    db.session.commit()
    return True


def practitioners(*, page: int, per_page: int = 50) -> Pagination:
    """Declared practitioners for the moderators' list: those awaiting verification first, newest first."""
    query = select(User).where(User.role == Role.PRACTITIONER.value).order_by(
        User.verified_at.is_not(None), User.created_at.desc(), User.id.desc()
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
