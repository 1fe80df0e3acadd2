"""The learner's own settings: the time zone every time is shown in (IANA name, Europe/Paris by default).

Revision ID: 0008_account_settings
Revises: 0007_reports_and_classes
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_account_settings"
down_revision = "0007_reports_and_classes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("time_zone", sa.String(length=64), nullable=False, server_default="Europe/Paris"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("time_zone")
