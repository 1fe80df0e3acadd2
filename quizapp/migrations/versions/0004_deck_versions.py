"""Uploaded decks in the database, every version kept (who, when, the file's text), so that several
servers serve the same decks. Decks uploaded before, kept as files in the instance folder
(`<instance>/decks/<deck>/<deck>.yaml`), come in as their version 1, author unknown.

Revision ID: 0004_deck_versions
Revises: 0003_sessions_and_throttling
Create Date: 2026-11-26
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic import op

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # models.Id: ids and positions, 64-bit

revision = "0004_deck_versions"
down_revision = "0003_sessions_and_throttling"
branch_labels = None
depends_on = None


def upgrade() -> None:
    versions = op.create_table(
        "deck_versions",
        sa.Column("id", ID, nullable=False),
        sa.Column("deck_id", sa.String(length=80), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("uploaded_by", ID, nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["uploaded_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_deck_versions_deck", "deck_versions", ["deck_id", "id"])
    config = op.get_context().config
    folder = config.attributes.get("uploads") if config is not None else None
    rows = []
    for path in sorted(Path(folder).glob("*/*.y*ml")) if folder else []:
        when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(tzinfo=None)
        rows.append({"deck_id": path.parent.name, "filename": path.name, "content": path.read_text("utf-8"), "uploaded_at": when})
    if rows:
        op.bulk_insert(versions, rows)


def downgrade() -> None:
    op.drop_table("deck_versions")
