"""brand_totals counts each brand's counted stories per ending, kept by leaderboard.tallies with the
other sums: the observatory's count per sector reads one row per brand instead of grouping every
row of counted_stories (whose (brand_id, ending) index it no longer needs)

Revision ID: 0021_brand_endings
Revises: 0020_several_servers
Create Date: 2026-12-06 23:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021_brand_endings"
down_revision = "0020_several_servers"
branch_labels = None
depends_on = None

ENDINGS = ("loyal", "left", "returned", "undecided")  # stories.choices.Ending at this revision


def upgrade():
    for ending in ENDINGS:
        op.add_column("brand_totals", sa.Column(f"ending_{ending}", sa.Integer(), server_default="0", nullable=False))
    op.execute("UPDATE brand_totals SET " + ", ".join(
        f"ending_{ending} = (SELECT count(*) FROM counted_stories "
        f"WHERE counted_stories.brand_id = brand_totals.brand_id AND counted_stories.ending = '{ending}')"
        for ending in ENDINGS
    ))
    op.drop_index("ix_counted_stories_endings", table_name="counted_stories")


def downgrade():
    op.create_index("ix_counted_stories_endings", "counted_stories", ["brand_id", "ending"])
    with op.batch_alter_table("brand_totals") as batch:
        for ending in ENDINGS:
            batch.drop_column(f"ending_{ending}")
