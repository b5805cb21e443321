"""Migration 0012 on a site with accounts: each account gets its own session token, nothing that
references an account is lost going up or down."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, insert, select, text

from cherclient_wiki.accounts import users
from cherclient_wiki.accounts.models import ApiToken, User
from cherclient_wiki.core.db import db
from tests.conftest import PASSWORD, build_app

BEFORE = "0011_counted_stories"
NOW = datetime(2026, 11, 1)
COLUMNS = ("username", "email", "password_hash", "role", "active", "created_at")
USERS_AT_0011 = sa.table("users", *(sa.column(name) for name in COLUMNS))


def test_upgrade_gives_each_account_a_token_and_downgrade_keeps_every_row(fresh_url: str, tmp_path: Path) -> None:
    app = build_app(tmp_path / "instance", fresh_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        db.session.execute(insert(USERS_AT_0011), [
            {"username": f"u{i}", "email": f"u{i}@example.org", "password_hash": "!", "role": "customer",
             "active": True, "created_at": NOW}
            for i in (1, 2, 3)
        ])
        first = db.session.execute(text("SELECT MIN(id) FROM users")).scalar()
        db.session.execute(insert(ApiToken.__table__), [
            {"user_id": first, "name": "script", "token_hash": "h" * 64, "prefix": "cc_x", "created_at": NOW}
        ])
        db.session.commit()

        upgrade(revision="heads")
        tokens = db.session.scalars(select(User.session_token)).all()
        assert len(set(tokens)) == 3 and all(len(token) >= 40 for token in tokens)
        assert db.session.scalar(select(func.count()).where(User.verified_at.is_not(None))) == 0
        users.create_user("claire", "claire@example.org", PASSWORD)  # the model writes to the new schema
        db.session.commit()

        downgrade(revision=BEFORE)
        assert db.session.execute(text("SELECT COUNT(*) FROM users")).scalar() == 4
        assert db.session.execute(text("SELECT COUNT(*) FROM api_tokens")).scalar() == 1  # no cascade
        db.session.commit()
        upgrade(revision="heads")
        assert len(set(db.session.scalars(select(User.session_token)))) == 4
        db.session.remove()
        db.engine.dispose()
