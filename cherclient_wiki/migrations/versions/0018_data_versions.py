"""Data versions: the counter that every visible change moves in its own transaction, so that a
cached page can be checked with one read (core/versions.py)

Revision ID: 0018_data_versions
Revises: 0015_detector_signals
Create Date: 2026-12-06 17:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018_data_versions"
down_revision = "0015_detector_signals"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )


def downgrade():
    op.drop_table("data_versions")
