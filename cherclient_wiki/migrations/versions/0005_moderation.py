"""moderation: moderators' decisions on stories (the detector's labels)

Revision ID: 0005_moderation
Revises: 0003_stories
Create Date: 2026-12-01 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005_moderation"
down_revision = "0003_stories"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "moderation_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("ad_score", sa.Double(), nullable=False),
        sa.Column("was_held", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["moderator_id"], ["users.id"], name=op.f("fk_moderation_decisions_moderator_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name=op.f("fk_moderation_decisions_story_id_stories"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_decisions")),
    )
    with op.batch_alter_table("moderation_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_moderation_decisions_story_id"), ["story_id"], unique=False)
        batch_op.create_index("ix_moderation_decisions_created_at", ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("moderation_decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_moderation_decisions_created_at")
        batch_op.drop_index(batch_op.f("ix_moderation_decisions_story_id"))
    op.drop_table("moderation_decisions")
