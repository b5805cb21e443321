"""Account rules, callable from views, the API and the CLI alike."""
from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.audit import record
from ..core.db import db
from ..core.errors import InputError
from . import sessions
from .models import User
from .roles import Role

USERNAME_RE = re.compile(r"^[\w.-]{3,40}$")
MIN_PASSWORD_LENGTH = 8


def by_username(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def by_login(login: str) -> User | None:
    """Find an account by its username or its e-mail address."""
    login = login.strip().lower()
    return db.session.scalar(
        select(User).where(or_(func.lower(User.username) == login, User.email == login))
    )


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise InputError(str(_l("Adresse e-mail invalide.")), "email") from None


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(str(_l("Le mot de passe doit contenir au moins %(n)d caractères.", n=MIN_PASSWORD_LENGTH)), field)


def create_user(username: str, email: str, password: str, role: Role = Role.CUSTOMER) -> User:
    username = username.strip()
    if not USERNAME_RE.match(username):
        raise InputError(str(_l("De 3 à 40 caractères : lettres, chiffres, point, tiret ou tiret bas.")), "username")
    if by_username(username) is not None:
        raise InputError(str(_l("Ce nom d'utilisateur est déjà pris.")), "username")
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise InputError(str(_l("Un compte existe déjà avec cette adresse.")), "email")
    check_password_strength(password)
    user = User(
        username=username,
        email=email,
        password_hash=generate_password_hash(password),
        role=Role(role).value,
    )
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(login: str, password: str) -> User | None:
    """The account if the password matches and the account is active; None otherwise."""
    user = by_login(login)
    if user is None or not password_matches(user, password):
        return None
    return user if user.active else None


def password_matches(user: User, password: str) -> bool:
    """Asked again before what cannot be undone (a new password, erasing the account)."""
    return bool(user.password_hash) and check_password_hash(user.password_hash, password)


def change_password(user: User, current: str, new: str, *, revoke_tokens: bool = False) -> None:
    """Every other session ends (the caller signs this browser in again); API tokens are revoked
    only on request, so that scripts keep working after a routine change."""
    if not password_matches(user, current):
        raise InputError(str(_l("Mot de passe actuel incorrect.")), "current_password")
    check_password_strength(new, "new_password")
    user.password_hash = generate_password_hash(new)
    sessions.end_all(user)
    if revoke_tokens:
        user.tokens.clear()
    db.session.commit()


def keep_an_admin(user: User, field: str) -> None:
    """Refuse to leave the site without an active administrator. The active administrators' rows
    are locked in one order, so two admins removing each other at once are served in turn."""
    if user.role_enum is not Role.ADMIN or not user.active:
        return
    admins = db.session.scalars(
        select(User.id).where(User.role == Role.ADMIN.value, User.active.is_(True)).order_by(User.id).with_for_update()
    ).all()
    if all(admin_id == user.id for admin_id in admins):
        raise InputError(str(_l("%(name)s est le dernier administrateur actif : nommez d'abord un autre administrateur.",
                   name=user.username)), field)


def set_role(user: User, role: Role) -> None:
    """A new role ends the account's sessions and any practitioner verification (a moderator
    checks a practitioner's declaration again)."""
    role = Role(role)
    if role is user.role_enum:
        return
    if role is not Role.ADMIN:
        keep_an_admin(user, "role")
    user.role = role.value
    user.verified_at = None
    sessions.end_all(user)
    db.session.commit()


def set_active(user: User, active: bool, actor: User | None = None, reason: str = "") -> None:
    """Deactivating ends the account's sessions (its tokens are refused while it is inactive).
    With an `actor`, the decision is audit-logged in the same transaction."""
    if not active:
        keep_an_admin(user, "active")
        sessions.end_all(user)
    user.active = active
    if actor is not None:
        record(actor, "user.reactivate" if active else "user.deactivate", "user", user.id, reason)
    db.session.commit()
