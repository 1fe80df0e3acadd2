"""Flashcards (what `PRAGMA user_version = 2` meant): memory states, reviews, the daily new-card limit.

Revision ID: 0002_flashcards
Revises: 0001_first_schema
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # models.Id: ids and positions, 64-bit

revision = "0002_flashcards"
down_revision = "0001_first_schema"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("new_per_day", sa.Integer(), server_default="20", nullable=False))
    op.create_table(
        "card_states",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("card_id", sa.String(length=255), nullable=False),
        sa.Column("fact", sa.String(length=255), nullable=False),
        sa.Column("fsrs", sa.Text(), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("introduced_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "card_id"),
    )
    op.create_index("ix_card_states_due", "card_states", ["user_id", "due"])
    op.create_table(
        "reviews",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("card_id", sa.String(length=255), nullable=False),
        sa.Column("fact", sa.String(length=255), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("state_before", sa.Text(), nullable=True),
        sa.Column("state_after", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reviews_user_at", "reviews", ["user_id", "reviewed_at"])


def downgrade() -> None:
    op.drop_table("reviews")
    op.drop_table("card_states")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("new_per_day")
