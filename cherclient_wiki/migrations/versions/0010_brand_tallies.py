"""brand_tallies: per (brand, account) sums of the stories that count in the leaderboard

Revision ID: 0010_brand_tallies
Revises: 0009_merge
Create Date: 2026-12-01 10:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010_brand_tallies"
down_revision = "0009_merge"
branch_labels = None
depends_on = None

# The rows of the existing stories, as brands.ranking.per_account computes them at this revision
# (love = half the satisfaction on 1..5, half the ending; kept = loyal or returned); from now on
# brands.tallies keeps them up to date at each write.
FILL = """
INSERT INTO brand_tallies (brand_id, account, stories, love, kept, satisfaction)
SELECT sb.brand_id, COALESCE(s.author_id, -s.id), COUNT(*),
       SUM(0.5 * (CAST(s.satisfaction AS FLOAT) - 1.0) / 4.0 + 0.5 * CASE s.ending
           WHEN 'loyal' THEN 1.0 WHEN 'returned' THEN 1.0 WHEN 'undecided' THEN 0.5 WHEN 'left' THEN 0.0
           ELSE 0.0 END),
       SUM(CASE WHEN s.ending IN ('loyal', 'returned') THEN 1 ELSE 0 END),
       SUM(s.satisfaction)
FROM story_brands AS sb JOIN stories AS s ON s.id = sb.story_id
WHERE s.status = 'published' AND NOT EXISTS (
    SELECT 1 FROM brand_representatives AS r WHERE r.user_id = s.author_id AND r.brand_id = sb.brand_id)
GROUP BY sb.brand_id, COALESCE(s.author_id, -s.id)
"""


def upgrade():
    op.create_table(
        "brand_tallies",
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("stories", sa.Integer(), nullable=False),
        sa.Column("love", sa.Float(), nullable=False),
        sa.Column("kept", sa.Integer(), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"], name=op.f("fk_brand_tallies_brand_id_brands"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("brand_id", "account", name=op.f("pk_brand_tallies")),
    )
    op.execute(FILL)


def downgrade():
    op.drop_table("brand_tallies")
