"""stories.version: the number of a story's latest version, the base a story edit names

Concurrent edits of one story are then merged (or refused as a conflict) instead of overwritten.

Revision ID: 0013_small_holes
Revises: 0012_sessions_verification
Create Date: 2027-01-10 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013_small_holes"
down_revision = "0012_sessions_verification"
branch_labels = None
depends_on = None

# Every save appended a numbered story_revisions row: the latest number is the current version.
FILL_VERSIONS = """
UPDATE stories SET version = COALESCE(
    (SELECT MAX(story_revisions.number) FROM story_revisions WHERE story_revisions.story_id = stories.id), 0)
"""


# Plain ALTER TABLE on both databases (SQLite adds and drops a constraint-free column in place):
# no batch copy of a table that other tables reference.
def upgrade():
    op.add_column("stories", sa.Column("version", sa.Integer(), server_default="0", nullable=False))
    op.execute(FILL_VERSIONS)


def downgrade():
    op.drop_column("stories", "version")
