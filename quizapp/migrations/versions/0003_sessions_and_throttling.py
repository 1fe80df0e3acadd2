"""Server-side sessions and throttling (what `PRAGMA user_version = 3` meant); card versions.

`card_versions` came between versions 2 and 3 without a number of its own (the old start-up made
missing tables at every start): a version-2 file may lack it.

Revision ID: 0003_sessions_and_throttling
Revises: 0002_flashcards
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # models.Id: ids and positions, 64-bit

revision = "0003_sessions_and_throttling"
down_revision = "0002_flashcards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not sa.inspect(op.get_bind()).has_table("card_versions"):
        op.create_table(
            "card_versions",
            sa.Column("card_id", sa.String(length=255), nullable=False),
            sa.Column("digest", sa.String(length=64), nullable=False),
            sa.Column("changed_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("card_id"),
        )
    op.create_table(
        "login_sessions",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_digest"),
    )
    op.create_index("ix_login_sessions_user_id", "login_sessions", ["user_id"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("created_ip", sa.String(length=64), nullable=True))
        batch.create_index("ix_users_created_ip", ["created_ip", "created_at"])
    with op.batch_alter_table("login_attempts") as batch:
        batch.add_column(sa.Column("device", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("login_attempts") as batch:
        batch.drop_column("device")
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_created_ip")
        batch.drop_column("created_ip")
    op.drop_table("login_sessions")
