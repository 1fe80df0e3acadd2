"""Group commit on SQLite (`quizapp/writegroup.py`): writes handed over at the same moment share one
transaction and one commit; each keeps its own result, its own exception and its own undo; a failed
commit stores none of them; what `sql.write` returns is committed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from quizapp import sql
from quizapp.extensions import db
from quizapp.writegroup import GroupCommitFailed, WriteGroup

from .conftest import Clock, make_app

group_only = pytest.mark.sqlite_only("the write group is SQLite's (PostgreSQL commits in groups by itself)")

_ADD = text(
    "INSERT INTO users (username, password_hash, role, created_at, new_per_day) "
    "VALUES (:name, 'x', 'learner', '2026-01-01 00:00:00', 10)"
)
_BAD_REFERENCE = text("INSERT INTO login_sessions (user_id, token_digest, created_at) VALUES (999999, :d, '2026-01-01 00:00:00')")


@pytest.fixture
def app(tmp_path: Path, clock: Clock) -> Iterator[Flask]:
    app = make_app(tmp_path, clock, WRITE_GROUP=True)
    yield app
    app.extensions["write_group"].stop()


def names(app: Flask) -> list[str]:
    with app.app_context(), db.engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(text("SELECT username FROM users")))


def write_in_thread(app: Flask, work: Any, results: dict[str, Any], key: str) -> threading.Thread:
    def run() -> None:
        with app.test_request_context():
            try:
                results[key] = sql.write(work)
            except Exception as exc:  # kept for the test to look at
                results[key] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def adding(name: str) -> Any:
    def work() -> str:
        sql.execute(_ADD, {"name": name})
        return name

    return work


@group_only
def test_writes_waiting_together_share_one_commit_and_keep_their_own_outcome(app: Flask) -> None:
    group: WriteGroup = app.extensions["write_group"]
    release, running = threading.Event(), threading.Event()

    def first() -> str:
        running.set()
        release.wait(10)  # holds the writer: the next writes queue meanwhile
        sql.execute(_ADD, {"name": "first"})
        return "first"

    def undone() -> str:
        sql.execute(_ADD, {"name": "undone"})
        raise sql.Undone("undone on request")

    def failing() -> str:
        sql.execute(_ADD, {"name": "failing"})
        raise ValueError("this write fails")

    results: dict[str, Any] = {}
    threads = [write_in_thread(app, first, results, "first")]
    assert running.wait(10)  # the writer runs `first`
    deadline = time.monotonic() + 10
    for key, work in (("a", adding("a")), ("undone", undone), ("failing", failing), ("b", adding("b"))):
        threads.append(write_in_thread(app, work, results, key))
    while len(group._queue) < 4 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert len(group._queue) == 4
    release.set()
    for thread in threads:
        thread.join(10)
    assert results["first"] == "first" and results["a"] == "a" and results["b"] == "b"
    assert results["undone"] == "undone on request"
    assert isinstance(results["failing"], ValueError)
    assert names(app) == ["a", "b", "first"]  # the undone and the failing writes were rolled back alone
    assert (group.commits, group.writes) == (2, 5)  # `first` alone, then the four that waited, in one commit


@group_only
def test_a_commit_that_fails_stores_none_of_its_writes(app: Flask) -> None:
    """A deferred foreign key fails at COMMIT: every write of that transaction gets the error."""
    group: WriteGroup = app.extensions["write_group"]
    release, running = threading.Event(), threading.Event()

    def blocking() -> None:
        running.set()
        release.wait(10)

    def breaking() -> None:
        sql.execute(text("PRAGMA defer_foreign_keys = ON"), {})
        sql.execute(_BAD_REFERENCE, {"d": "d"})

    results: dict[str, Any] = {}
    threads = [write_in_thread(app, blocking, results, "blocking")]
    assert running.wait(10)
    deadline = time.monotonic() + 10
    threads += [write_in_thread(app, adding("kept?"), results, "add"), write_in_thread(app, breaking, results, "break")]
    while len(group._queue) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    release.set()
    for thread in threads:
        thread.join(10)
    assert isinstance(results["break"], GroupCommitFailed) and isinstance(results["add"], GroupCommitFailed)
    assert results["add"] is not results["break"]  # each request its own exception
    assert "FOREIGN KEY" in str(results["break"].__cause__) and results["add"].__cause__ is results["break"].__cause__
    assert names(app) == []
    with app.test_request_context():
        assert sql.write(adding("after")) == "after"  # the writer goes on
    assert names(app) == ["after"]


def test_without_the_group_a_write_is_its_own_transaction(tmp_path: Path, clock: Clock) -> None:
    """The path of every write on PostgreSQL (the app makes a group on SQLite only) or with WRITE_GROUP off."""
    default = make_app(tmp_path / "default", clock)
    assert ("write_group" in default.extensions) is default.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    app = make_app(tmp_path, clock, WRITE_GROUP=False)
    assert "write_group" not in app.extensions
    with app.test_request_context():
        assert sql.write(adding("alone")) == "alone"

        def undone() -> None:
            sql.execute(_ADD, {"name": "undone"})
            raise sql.Undone(None)

        assert sql.write(undone) is None
        with pytest.raises(ValueError):
            sql.write(lambda: (sql.execute(_ADD, {"name": "failed"}), int("x")))
        sql.release()
    assert names(app) == ["alone"]


@group_only
def test_a_failed_transaction_fails_each_write_of_it_and_the_writer_goes_on(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    real = sql.begin_immediate
    calls: list[int] = []

    def locked_once(conn: Any, busy: type[Exception]) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise busy("database is locked")
        real(conn, busy)

    monkeypatch.setattr(sql, "begin_immediate", locked_once)
    with app.test_request_context():
        with pytest.raises(GroupCommitFailed) as failed:
            sql.write(adding("lost"))
        assert "locked" in str(failed.value.__cause__)
        assert sql.write(adding("kept")) == "kept"
    assert names(app) == ["kept"]


@group_only
def test_a_writer_that_ends_leaves_nobody_waiting_and_the_next_write_starts_another(app: Flask) -> None:
    def stops_the_thread() -> None:
        sql.execute(_ADD, {"name": "never"})
        raise SystemExit  # not an Exception: the writer's thread ends with it

    with app.test_request_context():
        with pytest.raises(GroupCommitFailed):
            sql.write(stops_the_thread)
        assert sql.write(adding("after")) == "after"
    assert names(app) == ["after"]


@group_only
def test_a_write_still_queued_at_its_deadline_is_withdrawn(app: Flask) -> None:
    from quizapp.writegroup import WriteGroupTimeout

    group: WriteGroup = app.extensions["write_group"]
    group.wait_seconds = 0.3
    release, running = threading.Event(), threading.Event()

    def holding() -> None:
        running.set()
        release.wait(10)

    results: dict[str, Any] = {}
    first = write_in_thread(app, holding, results, "holding")
    assert running.wait(10)
    with app.test_request_context():
        with pytest.raises(WriteGroupTimeout, match="pas été enregistré"):
            sql.write(adding("late"))
    release.set()
    first.join(10)
    with app.test_request_context():
        group.wait_seconds = 30
        assert sql.write(adding("next")) == "next"
    assert names(app) == ["next"]  # the withdrawn write never ran


@group_only
def test_a_grouped_write_cannot_commit_or_roll_back_by_itself(app: Flask) -> None:
    def commits() -> None:
        sql.execute(_ADD, {"name": "own-commit"})
        sql.commit()

    with app.test_request_context():
        with pytest.raises(RuntimeError, match=r"sql\.write commits it"):
            sql.write(commits)
        assert sql.write(adding("fine")) == "fine"
    assert names(app) == ["fine"]
