"""Personal API tokens: high-entropy secrets, so a plain SHA-256 is enough to store them safely."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from ..core.db import db, utcnow
from .models import ApiToken, User

TOKEN_PREFIX = "cc_"
LAST_USED_PRECISION = timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str) -> str:
    """Store a new token for `user` and return its plaintext, which is never stored."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(user=user, name=name.strip() or "api", token_hash=_digest(plaintext), prefix=plaintext[:10])
    )
    db.session.commit()
    return plaintext


def user_for_token(plaintext: str) -> User | None:
    """The active owner of a token, or None for an unknown token or a deactivated account."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(plaintext)))
    if token is None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        token.last_used_at = now  # one write per token and period, not one per API call
        db.session.commit()
    return token.user


def revoke_token(user: User, token_id: int) -> bool:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        return False
    db.session.delete(token)
    db.session.commit()
    return True
