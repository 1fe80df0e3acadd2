"""The Core fast path writes and reads exactly what the ORM does, and never keeps half a write."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import bindparam, select, text, update

from quizapp import sql
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, CardState, Review, User

from .conftest import Clock, make_app, start_quiz
from .webhelpers import another_connection, count_answers, db_file, form_for, snapshot


def test_times_and_json_read_by_the_fast_path_as_the_orm_reads_them(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    clock.now = dt.datetime(2026, 11, 26, 9, 0, 1, 250, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    attempt_id = start_quiz(logged_in, count=5)  # written by the ORM
    attempts = Attempt.__table__
    with app.test_request_context():
        started, settings = sql.first(
            select(attempts.c.started_at, attempts.c.settings).where(attempts.c.id == bindparam("a")), {"a": attempt_id}
        )
        assert started == clock.now and started.tzinfo is not None
        assert settings == db.session.get(Attempt, attempt_id).settings


@pytest.mark.sqlite_only("the text SQLite files hold")
def test_sqlite_keeps_times_as_naive_utc_text(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    """As SQLAlchemy's SQLite DateTime writes them, so files from before keep reading the same."""
    clock.now = dt.datetime(2026, 11, 26, 9, 0, 1, 250, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    start_quiz(logged_in, count=5)
    with sqlite3.connect(db_file(app)) as conn:
        assert conn.execute("SELECT started_at FROM attempts").fetchone() == ("2026-11-26 08:00:01.000250",)


def test_an_answer_written_in_sql_reads_back_through_the_orm(app: Flask, logged_in: FlaskClient, clock: Clock) -> None:
    attempt_id = start_quiz(logged_in, count=5, kinds=["replaced", "actor"])
    snap = snapshot(app, attempt_id, 1)
    clock.advance(seconds=7)
    assert logged_in.post(f"/quiz/{attempt_id}/1", data=form_for(snap, right=False)).status_code == 303
    with app.app_context():
        answer = db.session.scalar(select(Answer).where(Answer.attempt_id == attempt_id))
        assert answer is not None
        assert (answer.prompt, answer.choices, answer.correct_answer) == (snap["prompt"], snap["choices"], snap["answer"])
        assert answer.given != snap["answer"] and answer.is_correct is False
        assert answer.answered_at == clock.now and answer.answered_at.tzinfo is not None
        attempt = db.session.get(Attempt, attempt_id)
        assert (attempt.answered, attempt.score, attempt.finished_at) == (1, 0, None)
        review = db.session.scalar(select(Review))  # the quiz answer reviewed the fact's card: Again
        state = db.session.scalar(select(CardState))
        assert review is not None and state is not None
        assert (review.rating, review.origin, review.reviewed_at) == (1, "quiz", clock.now)
        assert review.state_after == state.fsrs and state.reps == 1 and state.due > clock.now


def test_an_uncommitted_write_is_rolled_back_when_the_request_ends(app: Flask, logged_in: FlaskClient) -> None:
    attempt_id = start_quiz(logged_in, count=5)
    attempts = Attempt.__table__
    with app.app_context():
        sql.begin_write()
        sql.execute(update(attempts).where(attempts.c.id == bindparam("a")).values(score=99), {"a": attempt_id})
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).score == 0
    assert count_answers(app) == 0
    with app.app_context(), pytest.raises(RuntimeError, match="begin_write"):  # a write outside a transaction
        sql.execute(update(attempts).where(attempts.c.id == bindparam("a")).values(score=99), {"a": attempt_id})


def test_the_account_is_read_again_at_each_request(app: Flask, logged_in: FlaskClient) -> None:
    """No cached user: a role written in the database counts at the next request."""
    assert logged_in.get("/admin").status_code == 403
    for role, status in (("admin", 200), ("learner", 403)):
        with another_connection(app) as conn:
            conn.execute(update(User).where(User.username == "alice").values(role=role))
        assert logged_in.get("/admin").status_code == status


@pytest.mark.sqlite_only("SQLite's one write lock; PostgreSQL locks rows")
def test_a_writer_waits_for_the_lock_then_writes(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process holds the write lock: begin_write waits for it (and only as long as allowed)."""
    other = sqlite3.connect(db_file(app), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    pauses: list[bool] = []

    def other_writer_finishes() -> None:  # begin_write found the lock taken and pauses: the other commits
        pauses.append(other.in_transaction)
        if other.in_transaction:
            other.execute("COMMIT")

    monkeypatch.setattr(sql, "_pause", other_writer_finishes)
    with app.app_context():
        sql.begin_write()
        assert pauses == [True]  # it waited once, then got the lock the other writer gave back
        assert sql.connection().driver_connection.in_transaction
        sql.rollback()
        assert sql.connection().driver_connection.execute("PRAGMA busy_timeout").fetchone()[0] == 5000

    other.execute("BEGIN IMMEDIATE")  # now held for good: the wait ends with SQLite's "locked" error
    monkeypatch.setattr(sql, "_pause", lambda: None)
    monkeypatch.setattr(sql, "WRITE_WAIT_SECONDS", 0.001)
    with app.app_context():
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            sql.begin_write()
        assert sql.connection().driver_connection.execute("PRAGMA busy_timeout").fetchone()[0] == 1  # restored from the limit
    other.execute("ROLLBACK")
    other.close()


def test_a_write_is_one_transaction_committed_or_undone_whole(tmp_path: Path, clock: Clock) -> None:
    """`sql.write`: the work's writes committed together; `Undone` undoes them and gives its value;
    any other exception undoes them and is raised."""
    add = text(
        "INSERT INTO users (username, password_hash, role, created_at, new_per_day) "
        "VALUES (:name, 'x', 'learner', '2026-01-01 00:00:00', 10)"
    )
    app = make_app(tmp_path, clock)

    def adding(*names: str) -> Callable[[], int]:
        return lambda: sum(sql.execute(add, {"name": n}) for n in names)

    def undone() -> None:
        adding("undone")()
        raise sql.Undone("kept value")

    def failing() -> None:
        adding("failed")()
        raise ValueError("no")

    with app.test_request_context():
        assert sql.write(adding("a", "b")) == 2
        assert sql.write(undone) == "kept value"
        with pytest.raises(ValueError):
            sql.write(failing)
        assert sql.write(adding("c")) == 1  # the connection is usable after a failed write
        sql.release()
    with app.app_context(), db.engine.connect() as conn:
        assert sorted(r[0] for r in conn.execute(text("SELECT username FROM users"))) == ["a", "b", "c"]
