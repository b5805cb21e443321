"""users.session_token (sessions that end) and users.verified_at (practitioners checked by a moderator)

Revision ID: 0012_sessions_verification
Revises: 0011_counted_stories
Create Date: 2026-12-08 12:00:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012_sessions_verification"
down_revision = "0011_counted_stories"
branch_labels = None
depends_on = None

# Plain ADD/DROP COLUMN, never a batch copy of `users`: on SQLite, dropping the old table would
# cascade to every row that references an account.
users = sa.table("users", sa.column("id", sa.Integer()), sa.column("session_token", sa.String(64)))


def upgrade():
    op.add_column("users", sa.Column("session_token", sa.String(length=64), server_default="", nullable=False))
    op.add_column("users", sa.Column("verified_at", sa.DateTime(), nullable=True))
    # Each existing account gets its own token: the cookies issued before carried the id, and
    # no longer count (everyone logs in again once).
    connection = op.get_bind()
    ids = connection.scalars(sa.select(users.c.id)).all()
    if ids:
        connection.execute(
            users.update().where(users.c.id == sa.bindparam("user_id")).values(session_token=sa.bindparam("token")),
            [{"user_id": user_id, "token": secrets.token_urlsafe(32)} for user_id in ids],
        )
    op.create_index(op.f("ix_users_session_token"), "users", ["session_token"], unique=True)


def downgrade():
    op.drop_index(op.f("ix_users_session_token"), table_name="users")
    op.drop_column("users", "verified_at")
    op.drop_column("users", "session_token")
