"""The walk that finds a user's rows (deletion and « my data »): on the app's own tables, and on
made-up tables that stand for those other branches add (reports, classes, counters)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine, insert, select
from sqlalchemy.orm import Session

from quizapp import models
from quizapp.extensions import db
from quizapp.services import userdata


def test_every_table_that_leads_to_users_has_a_rule_that_the_database_can_apply() -> None:
    users = models.User.__table__
    found = userdata.links(db.metadata, users)
    covered = {link.table.name for link in found}
    referring = {
        t.name for t in db.metadata.sorted_tables for fk in t.foreign_keys if fk.column.table.name in covered | {"users"}
    }
    assert referring - {"users"} == covered  # every table with a key to users, or to a row that goes with them
    for link in found:
        assert link.policy in (userdata.DELETE, userdata.SET_NULL)
        if link.policy == userdata.SET_NULL:
            assert link.column.nullable, f"{link.table.name}.{link.column.name} keeps its row: it must accept NULL"
    assert {(link.table.name, link.policy) for link in found} >= {
        ("attempts", "delete"),
        ("answers", "delete"),
        ("attempt_items", "delete"),
        ("card_states", "delete"),
        ("reviews", "delete"),
        ("story_points", "delete"),
        ("login_sessions", "delete"),
        ("deck_versions", "set null"),  # an uploaded deck serves everyone: it stays
    }


def test_secrets_are_marked_and_never_selected_for_the_export() -> None:
    secret = {(t.name, c.name) for t in db.metadata.sorted_tables for c in t.columns if c.info.get(models.SECRET)}
    assert secret >= {("users", "password_hash"), ("login_sessions", "token_digest")}
    for table in db.metadata.sorted_tables:
        shown = {c.name for c in userdata._shown(table).selected_columns}
        assert not shown & {name for t, name in secret if t == table.name}


# --- made-up tables: what a later branch might add --------------------------------------------------

META = MetaData()
USERS = Table("users", META, Column("id", Integer, primary_key=True), Column("username", String(40)))
QUIZZES = Table("quizzes", META, Column("id", Integer, primary_key=True), Column("user_id", ForeignKey("users.id")))
ANSWERS = Table("answers", META, Column("id", Integer, primary_key=True), Column("quiz_id", ForeignKey("quizzes.id")))
REPORTS = Table(  # a report's text stays when its author goes (ondelete on the key)
    "reports",
    META,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("answer_id", ForeignKey("answers.id"), nullable=True, info={models.ON_USER_DELETE: models.KEEP_ROW}),
    Column("text", String(100)),
)
CLASSES = Table(  # a class stays when its teacher goes (the model's own policy)
    "classes",
    META,
    Column("id", Integer, primary_key=True),
    Column("teacher_id", ForeignKey("users.id"), nullable=True, info={models.ON_USER_DELETE: models.KEEP_ROW}),
)
MEMBERS = Table(  # two keys: one to a kept row, one to the user
    "members",
    META,
    Column("class_id", ForeignKey("classes.id"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)
TRIES = Table(
    "tries", META, Column("id", Integer, primary_key=True), Column("username", String(40), info={models.USERNAME: True})
)
SECRETS = Table(
    "tokens",
    META,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id")),
    Column("digest", String(64), info={models.SECRET: True}),
)


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        META.create_all(conn)
        rows: dict[Table, list[dict[str, Any]]] = {
            USERS: [{"id": 1, "username": "ann"}, {"id": 2, "username": "bo"}],
            QUIZZES: [{"id": 10, "user_id": 1}, {"id": 20, "user_id": 2}],
            ANSWERS: [{"id": 100, "quiz_id": 10}, {"id": 200, "quiz_id": 20}],
            REPORTS: [
                {"id": 1, "user_id": 1, "answer_id": 100, "text": "ann's on ann's"},
                {"id": 2, "user_id": 2, "answer_id": 100, "text": "bo's on ann's"},
                {"id": 3, "user_id": 1, "answer_id": 200, "text": "ann's on bo's"},
            ],
            CLASSES: [{"id": 5, "teacher_id": 1}, {"id": 6, "teacher_id": 2}],
            MEMBERS: [{"class_id": 5, "user_id": 2}, {"class_id": 6, "user_id": 1}],
            TRIES: [{"id": 1, "username": "ann"}, {"id": 2, "username": "bo"}],
            SECRETS: [{"id": 1, "user_id": 1, "digest": "s3cret"}, {"id": 2, "user_id": 2, "digest": "other"}],
        }
        for table in META.sorted_tables:
            conn.execute(insert(table), rows[table])
        conn.commit()
        with Session(bind=conn) as s:
            yield s
    engine.dispose()


def everything(s: Session) -> dict[str, list[tuple[Any, ...]]]:
    return {t.name: [tuple(r) for r in s.execute(select(t).order_by(*t.primary_key.columns))] for t in META.sorted_tables}


def test_the_walk_follows_keys_through_owned_rows_and_keeps_what_must_stay(session: Session, monkeypatch) -> None:
    monkeypatch.setattr(userdata.db, "session", session, raising=False)
    plan = userdata.plan(META, USERS, 1, "ann")
    exported = plan.export()
    assert exported["tokens"] == [{"id": 1, "user_id": 1}]  # no digest
    assert [r["id"] for r in exported["quizzes"]] == [10] and [r["id"] for r in exported["answers"]] == [100]
    assert [r["id"] for r in exported["reports"]] == [1, 3]  # written by ann (bo's report on her answer is his)
    assert exported["classes"] == [{"id": 5, "teacher_id": 1}] and exported["members"] == [{"class_id": 6, "user_id": 1}]
    assert exported["tries"] == [{"id": 1, "username": "ann"}]
    plan.delete()
    after = everything(session)
    assert after["users"] == [(2, "bo")]
    assert after["quizzes"] == [(20, 2)] and after["answers"] == [(200, 20)]
    assert after["reports"] == [(1, None, None, "ann's on ann's"), (2, 2, None, "bo's on ann's"), (3, None, 200, "ann's on bo's")]
    assert after["classes"] == [(5, None), (6, 2)]
    assert after["members"] == [(5, 2)]  # ann's membership went; bo's, in ann's former class, stays
    assert after["tries"] == [(2, "bo")] and after["tokens"] == [(2, 2, "other")]
