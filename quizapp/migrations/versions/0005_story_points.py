"""Story mode for flashcards: where each learner stands in each deck's story.

Revision ID: 0005_story_points
Revises: 0004_deck_versions
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # models.Id: ids and positions, 64-bit

revision = "0005_story_points"
down_revision = "0004_deck_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_points",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("deck_id", sa.String(length=80), nullable=False),
        sa.Column("point", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "deck_id"),
    )


def downgrade() -> None:
    op.drop_table("story_points")
