from __future__ import annotations

import secrets
import time
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.db import db, utcnow
from ..core.versions import UNSEEN
from .roles import Role


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.CUSTOMER.value)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What sessions and remember cookies carry instead of the id; a new one signs the account out
    # everywhere (accounts/sessions.py). A row inserted behind the model's back gets "", which no
    # cookie matches.
    session_token: Mapped[str] = mapped_column(
        String(64), default=new_session_token, server_default="", index=True, unique=True
    )
    # When a moderator checked this practitioner's declaration (accounts/verification.py).
    verified_at: Mapped[datetime | None]
    # An erased account (people.erasure) stays as a row under its pseudonym « ancien membre n°N »
    # (N = erased_number), so that what it wrote keeps an author; nothing else of it is left.
    erased_at: Mapped[datetime | None]
    erased_number: Mapped[int | None] = mapped_column(index=True, unique=True)

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="ApiToken.id"
    )

    # Usernames are unique whatever their case: "Claire" and "claire" are one person.
    __table_args__ = (Index("uq_users_username_lower", func.lower(username), unique=True),)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive (banned) users.
        return self.active

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def has_role(self, role: Role) -> bool:
        return self.role_enum.rank >= role.rank

    @property
    def verified(self) -> bool:
        """A practitioner whose declaration a moderator has checked."""
        return self.role_enum is Role.PRACTITIONER and self.verified_at is not None

    def get_login_id(self) -> str:
        """What a new sign-in stores in its cookies (Flask-Login's `id_attribute`): the session
        token, which can be rotated, and the sign-in time, which bounds the sign-in's life."""
        return f"{self.session_token}.{int(time.time())}"

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class ApiToken(db.Model):  # type: ignore[name-defined,misc]
    """A personal token; only its SHA-256 is stored, the plaintext is shown once."""

    __tablename__ = "api_tokens"
    __table_args__ = {"info": {UNSEEN: True}}  # no page a visitor sees shows it (core.versions)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")
