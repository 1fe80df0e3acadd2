"""Counters kept in each answer's transaction (per question, per choice, per time bucket, per
learner, per learner and kind), backfilled from the history by the very rebuild that
`quizapp db rebuild-stats` runs (services/counters.py; docs/statistics.md).

Revision ID: 0006_counters
Revises: 0005_story_points
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # models.Id: ids and positions, 64-bit

revision = "0006_counters"
down_revision = "0005_story_points"
branch_labels = None
depends_on = None


def _question_key() -> list[sa.Column[str]]:
    return [
        sa.Column("deck", sa.String(length=80), nullable=False),
        sa.Column("question_id", sa.String(length=255), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "question_stats",
        *_question_key(),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in ("asked", "right", "timed")),
        sa.Column("seconds", sa.Double(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in ("n", "sum_x")),
        *(sa.Column(name, sa.Double(), nullable=False) for name in ("sum_y", "sum_yy", "sum_xy")),
        sa.PrimaryKeyConstraint("deck", "question_id"),
    )
    op.create_table(
        "question_choice_stats",
        *_question_key(),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("choice", sa.Text(), nullable=False),
        sa.Column("is_answer", sa.Boolean(), nullable=False),
        sa.Column("offered", sa.Integer(), nullable=False),
        sa.Column("picked", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("deck", "question_id", "digest"),
    )
    op.create_table(
        "question_time_stats",
        *_question_key(),
        sa.Column("bucket", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("deck", "question_id", "bucket"),
    )
    op.create_table(
        "learner_stats",
        sa.Column("user_id", ID, autoincrement=False, nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in ("attempts", "finished", "answers", "right")),
        sa.Column("percent_sum", sa.Double(), nullable=False),
        sa.Column("last_activity", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "learner_kind_stats",
        sa.Column("user_id", ID, autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("asked", sa.Integer(), nullable=False),
        sa.Column("right", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "kind"),
    )
    op.create_table(
        "learner_question_stats",
        sa.Column("user_id", ID, autoincrement=False, nullable=False),
        *_question_key(),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("asked", sa.Integer(), nullable=False),
        sa.Column("right", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "deck", "question_id"),
    )
    from quizapp.services import counters  # the models' tables, as they are at this revision

    counters.rebuild(op.get_bind())


def downgrade() -> None:
    for table in (
        "learner_question_stats",
        "learner_kind_stats",
        "learner_stats",
        "question_time_stats",
        "question_choice_stats",
        "question_stats",
    ):
        op.drop_table(table)
