"""one head: search, moderation, community and ranking branches

Revision ID: 0009_merge
Revises: 0004_search, 0005_moderation, 0006_community, 0008_ranking
Create Date: 2026-12-01 10:05:05.383197

"""


# revision identifiers, used by Alembic.
revision = '0009_merge'
down_revision = ('0004_search', '0005_moderation', '0006_community', '0008_ranking')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
