"""The account's share of an export and an erasure (core.personal_data): who it is, its API
tokens (names and dates, never their hashes), the audit log's copy of its name; and the
pseudonym an erased account takes."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update

from ..core.audit import AuditEntry
from ..core.db import db, utcnow
from ..core.personal_data import Erasure, Export, PersonalData
from ..core.schemas import iso_utc
from . import sessions
from .models import User
from .roles import Role

PSEUDONYM = "ancien membre n°{number}"  # French on every page, like the names people chose


def reserve_pseudonym(user: User) -> str:
    """Number the account among the erased ones (in the caller's transaction; the unique index
    refuses a number taken at the same moment, and the whole erasure is then refused)."""
    if user.erased_number is None:
        user.erased_number = (db.session.scalar(select(func.max(User.erased_number))) or 0) + 1
        db.session.flush()
    return PSEUDONYM.format(number=user.erased_number)


def _date(moment: Any) -> str | None:
    return iso_utc(moment) if moment is not None else None


def export(user: User) -> Export:
    return Export(data={
        "account": {
            "username": user.username, "email": user.email, "role": user.role, "verified": user.verified,
            "verified_at": _date(user.verified_at), "created_at": _date(user.created_at),
        },
        "api_tokens": [
            {"name": token.name, "created_at": _date(token.created_at), "last_used_at": _date(token.last_used_at)}
            for token in user.tokens
        ],
    })


def erase(user: User, erasure: Erasure) -> None:
    """The row stays, as the pseudonym, for what it wrote and the decisions it took; it can never
    sign in again (no password, no e-mail, no token, a new session token, inactive)."""
    db.session.execute(update(AuditEntry).where(AuditEntry.actor_id == user.id).values(actor_name=erasure.pseudonym))
    for entry in db.session.scalars(select(AuditEntry).where(erasure.mentions(AuditEntry.reason))):
        entry.reason = erasure.scrub(entry.reason)[:300]
    user.username = erasure.pseudonym
    user.email = f"membre-{user.erased_number}@efface.invalid"
    user.password_hash = ""
    user.role = Role.CUSTOMER.value
    user.verified_at = None
    user.active = False
    user.erased_at = utcnow()
    user.tokens.clear()
    sessions.end_all(user)


PART = PersonalData("accounts", export, erase)
