"""Error reports on questions and cards; classes with join codes, members and assignments.

Revision ID: 0007_reports_and_classes
Revises: 0006_counters
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # models.Id: ids and positions, 64-bit

revision = "0007_reports_and_classes"
down_revision = "0006_counters"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "error_reports",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("attempt_item_id", ID, nullable=True),
        sa.Column("deck_id", sa.String(length=80), nullable=False),
        sa.Column("item_id", sa.String(length=255), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("shown", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", ID, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["attempt_item_id"], ["attempt_items.id"]),
        sa.ForeignKeyConstraint(["resolved_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_error_reports_open", "error_reports", ["resolved_at", "id"])
    op.create_index("ix_error_reports_user_at", "error_reports", ["user_id", "created_at"])
    op.create_table(
        "classes",
        sa.Column("id", ID, nullable=False),
        sa.Column("teacher_id", ID, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["teacher_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_index("ix_classes_teacher_id", "classes", ["teacher_id"])
    op.create_table(
        "class_members",
        sa.Column("id", ID, nullable=False),
        sa.Column("class_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["class_id"], ["classes.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("class_id", "user_id"),
    )
    op.create_index("ix_class_members_user", "class_members", ["user_id"])
    op.create_table(
        "assignments",
        sa.Column("id", ID, nullable=False),
        sa.Column("class_id", ID, nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["class_id"], ["classes.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_assignments_class", "assignments", ["class_id", "due_at"])
    op.create_table(
        "assignment_attempts",
        sa.Column("id", ID, nullable=False),
        sa.Column("assignment_id", ID, nullable=False),
        sa.Column("attempt_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignments.id"]),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempts.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("attempt_id"),
    )
    op.create_index("ix_assignment_attempts_assignment", "assignment_attempts", ["assignment_id", "user_id"])
    op.create_table(
        "class_join_tries",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_class_join_tries_user_at", "class_join_tries", ["user_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_class_join_tries_user_at", table_name="class_join_tries")
    op.drop_table("class_join_tries")
    op.drop_index("ix_assignment_attempts_assignment", table_name="assignment_attempts")
    op.drop_table("assignment_attempts")
    op.drop_index("ix_assignments_class", table_name="assignments")
    op.drop_table("assignments")
    op.drop_index("ix_class_members_user", table_name="class_members")
    op.drop_table("class_members")
    op.drop_index("ix_classes_teacher_id", table_name="classes")
    op.drop_table("classes")
    op.drop_index("ix_error_reports_user_at", table_name="error_reports")
    op.drop_index("ix_error_reports_open", table_name="error_reports")
    op.drop_table("error_reports")
