"""ranking: covering indexes for the leaderboard and observatory aggregates, and the cache fingerprint

Revision ID: 0008_ranking
Revises: 0003_stories
Create Date: 2026-12-01 08:55:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008_ranking"
down_revision = "0003_stories"
branch_labels = None
depends_on = None

# The leaderboard groups published stories by (brand, account); the observatory by satisfaction,
# kind, channel and ending: both read only these columns, so the indexes cover the queries and the
# table itself is never read. max(updated_at) is part of the statistics cache's fingerprint.
INDEXES = {
    "ix_stories_ranking": ["status", "author_id", "satisfaction", "ending", "kind", "channel", "year"],
    "ix_stories_crosstab": ["status", "satisfaction", "kind", "channel", "ending"],
    "ix_stories_updated_at": ["updated_at"],
}


def upgrade():
    with op.batch_alter_table("stories", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    with op.batch_alter_table("stories", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
