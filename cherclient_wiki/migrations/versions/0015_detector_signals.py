"""Detector signals: each story's MinHash signature (near-duplicates across accounts) and its
author's request for a review of a held story

Revision ID: 0015_detector_signals
Revises: 0013_small_holes
Create Date: 2026-12-10 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015_detector_signals"
down_revision = "0013_small_holes"
branch_labels = None
depends_on = None


def upgrade():
    # Stories saved before this revision get their signature the next time they are screened;
    # until then signals.py computes it from their text when it compares them.
    op.add_column("stories", sa.Column("fingerprint", sa.LargeBinary(), nullable=True))
    op.add_column("stories", sa.Column("review_requested_at", sa.DateTime(), nullable=True))


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL): no table copy.
    op.drop_column("stories", "review_requested_at")
    op.drop_column("stories", "fingerprint")
