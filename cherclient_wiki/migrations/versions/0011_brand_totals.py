"""brand_totals: per brand sums of brand_tallies, one row per brand the leaderboard lists

Revision ID: 0011_brand_totals
Revises: 0010_brand_tallies
Create Date: 2026-12-01 11:45:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0011_brand_totals"
down_revision = "0010_brand_tallies"
branch_labels = None
depends_on = None

# brands.ranking.per_brand over brand_tallies at this revision (each account's sums divided by its
# story count); from now on brands.tallies moves the rows at each write.
FILL = """
INSERT INTO brand_totals (brand_id, stories, authors, love, kept, satisfaction)
SELECT brand_id, SUM(stories), COUNT(*), SUM(love / stories),
       SUM(CAST(kept AS FLOAT) / stories), SUM(CAST(satisfaction AS FLOAT) / stories)
FROM brand_tallies
GROUP BY brand_id
"""


def upgrade():
    op.create_table(
        "brand_totals",
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("stories", sa.Integer(), nullable=False),
        sa.Column("authors", sa.Integer(), nullable=False),
        sa.Column("love", sa.Float(), nullable=False),
        sa.Column("kept", sa.Float(), nullable=False),
        sa.Column("satisfaction", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"], name=op.f("fk_brand_totals_brand_id_brands"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("brand_id", name=op.f("pk_brand_totals")),
    )
    op.execute(FILL)


def downgrade():
    op.drop_table("brand_totals")
