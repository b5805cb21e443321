"""People and their data: an erased account stays as its pseudonym « ancien membre n°N »

Revision ID: 0016_people_data
Revises: 0015_detector_signals
Create Date: 2026-12-12 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016_people_data"
down_revision = "0015_detector_signals"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("erased_at", sa.DateTime(), nullable=True))
    op.add_column("users", sa.Column("erased_number", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_users_erased_number"), "users", ["erased_number"], unique=True)


def downgrade():
    op.drop_index(op.f("ix_users_erased_number"), table_name="users")
    op.drop_column("users", "erased_number")
    op.drop_column("users", "erased_at")
