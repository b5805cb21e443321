"""Data versions: the counter that every visible change moves in its own transaction, so that a
cached page can be checked with one read (core/versions.py); and each counted story's ending in
counted_stories, so that the observatory counts per sector from that table without a join (and an
index of the stories with several brands, whose repeats in one sector it takes off)

Revision ID: 0018_data_versions
Revises: 0017_suggestions
Create Date: 2026-12-06 17:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018_data_versions"
down_revision = "0017_suggestions"
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
    op.add_column("counted_stories", sa.Column("ending", sa.String(length=20), server_default="", nullable=False))
    op.execute("UPDATE counted_stories SET ending = (SELECT ending FROM stories WHERE stories.id = counted_stories.story_id)")
    op.create_index("ix_counted_stories_endings", "counted_stories", ["brand_id", "ending"])
    op.create_index(
        "ix_story_brands_several", "story_brands", ["story_id", "position"],
        sqlite_where=sa.text("position > 0"), postgresql_where=sa.text("position > 0"),
    )


def downgrade():
    op.drop_index("ix_story_brands_several", table_name="story_brands")
    op.drop_index("ix_counted_stories_endings", table_name="counted_stories")
    op.drop_column("counted_stories", "ending")
    op.drop_table("data_versions")
