"""counted_stories and brand_totals replace brand_tallies: every board, filtered or not, reads a summary

Revision ID: 0011_counted_stories
Revises: 0010_brand_tallies
Create Date: 2026-12-01 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011_counted_stories"
down_revision = "0010_brand_tallies"
branch_labels = None
depends_on = None

# leaderboard.ranking.counted and per_brand at this revision (kept = loyal or returned; each
# account's sums divided by its story count); a story's love is the ranking's own rule
# (ranking.story_love as it stood at this revision, written out here so that the migration never
# follows a later change of the app's rule). From now on leaderboard.tallies keeps both tables up to
# date at each write, and `flask leaderboard rebuild` fills them again from the stories.
LOVE = """CASE WHEN s.satisfaction BETWEEN 1 AND 5 AND s.ending IN ('loyal', 'left', 'returned', 'undecided')
       THEN (s.satisfaction - 1) / 8.0 + CASE s.ending WHEN 'left' THEN 0.0 WHEN 'undecided' THEN 0.25 ELSE 0.5 END
       ELSE 0.0 END"""
FILL_COUNTED = """
INSERT INTO counted_stories (brand_id, account, story_id, kind, channel, year, love, kept, satisfaction, sole)
SELECT sb.brand_id, COALESCE(s.author_id, -s.id), s.id, s.kind, s.channel, s.year,
       {love},
       CASE WHEN s.ending IN ('loyal', 'returned') THEN 1 ELSE 0 END,
       s.satisfaction,
       COUNT(*) OVER (PARTITION BY sb.brand_id, COALESCE(s.author_id, -s.id)) = 1
FROM story_brands AS sb JOIN stories AS s ON s.id = sb.story_id
WHERE s.status = 'published' AND NOT EXISTS (
    SELECT 1 FROM brand_representatives AS r WHERE r.user_id = s.author_id AND r.brand_id = sb.brand_id)
"""
PER_ACCOUNT = """
SELECT brand_id, account, COUNT(*) AS stories, SUM(love) AS love, SUM(kept) AS kept, SUM(satisfaction) AS satisfaction
FROM counted_stories GROUP BY brand_id, account
"""
FILL_TOTALS = f"""
INSERT INTO brand_totals (brand_id, stories, authors, love, kept, satisfaction)
SELECT brand_id, SUM(stories), COUNT(*), SUM(love / stories),
       SUM(CAST(kept AS FLOAT) / stories), SUM(CAST(satisfaction AS FLOAT) / stories)
FROM ({PER_ACCOUNT}) AS pairs
GROUP BY brand_id
"""


def upgrade():
    op.create_table(
        "counted_stories",
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("story_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("love", sa.Double(), nullable=False),
        sa.Column("kept", sa.Integer(), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=False),
        sa.Column("sole", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"], name=op.f("fk_counted_stories_brand_id_brands"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("brand_id", "account", "story_id", name=op.f("pk_counted_stories")),
    )
    op.create_index(
        "ix_counted_stories_ranking", "counted_stories",
        ["sole", "brand_id", "account", "kind", "channel", "year", "love", "kept", "satisfaction"], unique=False,
    )
    op.create_table(
        "brand_totals",
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("stories", sa.Integer(), nullable=False),
        sa.Column("authors", sa.Integer(), nullable=False),
        sa.Column("love", sa.Double(), nullable=False),
        sa.Column("kept", sa.Double(), nullable=False),
        sa.Column("satisfaction", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"], name=op.f("fk_brand_totals_brand_id_brands"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("brand_id", name=op.f("pk_brand_totals")),
    )
    op.execute(FILL_COUNTED.format(love=LOVE))
    op.execute(FILL_TOTALS)
    op.drop_table("brand_tallies")


def downgrade():
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
    op.execute(f"INSERT INTO brand_tallies (brand_id, account, stories, love, kept, satisfaction) {PER_ACCOUNT}")
    op.drop_table("brand_totals")
    op.drop_index("ix_counted_stories_ranking", table_name="counted_stories")
    op.drop_table("counted_stories")
