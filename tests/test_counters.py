"""The counters: after any sequence of answers (duplicates, unfinished quizzes, any time taken) they
equal the tally of the history; `quizapp db rebuild-stats` and migration 0006 write that tally."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from click.testing import CliRunner
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from quizapp import schema
from quizapp.cli import main
from quizapp.content import KINDS
from quizapp.extensions import db
from quizapp.services import counters, quizzes

from .conftest import Clock, register

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


def same(stored: counters.Tally, history: counters.Tally) -> None:
    """Every counter of every table equal (sums of floats to 1e-9)."""
    for table, rows in history.rows.items():
        assert set(stored.rows[table]) == set(rows), table
        for key, row in rows.items():
            for name, value in row.items():
                found = stored.rows[table][key][name]
                if isinstance(value, float):
                    assert math.isclose(found, value, rel_tol=1e-9, abs_tol=1e-9), (table, key, name)
                else:
                    assert found == value, (table, key, name)


def check(app: Flask) -> counters.Tally:
    with app.app_context(), db.engine.connect() as conn:
        history = counters.tally(conn)
        same(counters.read(conn), history)
    return history


def response_for(snapshot: dict[str, Any], pick: int) -> str | list[str]:
    """Some response to a question: a choice, a set of choices, a right or wrong text or order."""
    choices, answer = snapshot["choices"], snapshot["answer"]
    fmt = snapshot["format"]
    if fmt in ("choice", "truefalse"):
        return str(choices[pick % len(choices)])
    if fmt == "multi":
        return [c for j, c in enumerate(choices) if (pick >> j) & 1] or [choices[0]]
    if fmt == "text":
        return str(answer) if pick % 2 else "personne du tout"
    return list(answer) if pick % 2 else list(reversed(answer))


ANSWERS = st.lists(
    st.tuples(
        st.integers(0, 2),  # which attempt
        st.integers(1, 5),  # which position (the same twice: a duplicate)
        st.integers(0, 255),  # which response
        st.none() | st.floats(0, 400, allow_nan=False),  # time taken
    ),
    max_size=16,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(answers=ANSWERS, typed=st.booleans(), seed=st.integers(1, 10**6))
def test_counters_equal_the_history_after_any_answers(app: Flask, answers: list[Any], typed: bool, seed: int) -> None:
    """Each example adds three quizzes (two learners) to the same database and answers some of their
    questions, in any order, some twice; the counters must still equal the history's tally."""
    with app.app_context():
        from quizapp.models import User

        users = [u.id for u in db.session.query(User).order_by(User.id)]
        if not users:
            pytest.fail("the fixture registers two learners")
    store = app.extensions["decks"]
    with app.app_context():
        attempts = [
            quizzes.start(
                users[k % 2],
                store,
                quizzes.Settings("openai-saga", 5, tuple(KINDS), "practice", typed=typed),
                seed + k,
                NOW,
            ).id
            for k in range(3)
        ]
    for k, (which, position, pick, seconds) in enumerate(answers):
        attempt_id = attempts[which]
        with app.test_request_context():
            item = quizzes.slot(users[which % 2], attempt_id, position)
            if item is None or item.finished:  # a quiz of fewer questions, or one already over
                continue
            quizzes.submit(item, response_for(item.snapshot, pick), seconds, NOW + dt.timedelta(minutes=k))
    check(app)


@pytest.fixture
def app(tmp_path: Path, clock: Clock) -> Flask:
    from .conftest import make_app

    made = make_app(tmp_path, clock)
    client = made.test_client()
    register(client, "alice")
    register(made.test_client(), "bruno")
    return made


def test_a_duplicate_answer_counts_nothing(app: Flask) -> None:
    store = app.extensions["decks"]
    with app.app_context():
        attempt = quizzes.start(1, store, quizzes.Settings("openai-saga", 5, tuple(KINDS), "practice"), 7, NOW).id
    with app.test_request_context():
        item = quizzes.slot(1, attempt, 1)
        assert item is not None
        assert quizzes.submit(item, response_for(item.snapshot, 1), 3.0, NOW)
        assert not quizzes.submit(item, response_for(item.snapshot, 1), 3.0, NOW)
    history = check(app)
    assert sum(row["asked"] for row in history.rows["question_stats"].values()) == 1
    assert history.rows["learner_stats"][(1,)]["answers"] == 1


def test_rebuild_command_repairs_the_counters(app: Flask, command_environment: None, tmp_path: Path) -> None:
    store = app.extensions["decks"]
    with app.app_context():
        attempt = quizzes.start(1, store, quizzes.Settings("openai-saga", 5, tuple(KINDS), "practice"), 9, NOW).id
    for position in range(1, 6):
        with app.test_request_context():
            item = quizzes.slot(1, attempt, position)
            assert item is not None
            quizzes.submit(item, response_for(item.snapshot, position), float(position), NOW)
    expected = check(app)
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("UPDATE question_stats SET asked = 999, sum_xy = 0"))
        conn.execute(text("DELETE FROM learner_stats"))
    args = ["--instance", str(tmp_path / "instance"), "--database", app.config["SQLALCHEMY_DATABASE_URI"]]
    result = CliRunner().invoke(main, ["db", "rebuild-stats", *args])
    assert result.exit_code == 0, result.output
    assert "statistiques recalculées : 5 questions, 1 apprenants" in result.output
    with app.app_context(), db.engine.connect() as conn:
        same(counters.read(conn), expected)


def test_the_migration_backfills_the_counters_from_the_history(app: Flask, tmp_path: Path) -> None:
    """A database at 0005 with answers gets counters equal to what the answers would have counted."""
    store = app.extensions["decks"]
    with app.app_context():
        attempt = quizzes.start(2, store, quizzes.Settings("openai-saga", 5, tuple(KINDS), "practice"), 11, NOW).id
    for position in (1, 2, 3, 4, 5, 5):
        with app.test_request_context():
            item = quizzes.slot(2, attempt, position)
            assert item is not None
            if not item.finished:
                quizzes.submit(item, response_for(item.snapshot, 0), 12.5, NOW)
    expected = check(app)
    assert expected.rows["learner_stats"][(2,)]["finished"] == 1
    assert [row["n"] for row in expected.rows["question_stats"].values()] == [1] * 5  # the finished quiz's sums
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        config = Config()
        config.set_main_option("script_location", str(schema.MIGRATIONS))
        config.attributes["engine"] = engine
        command.downgrade(config, "0005_story_points")  # the counters' tables dropped
        with engine.connect() as conn:
            assert "question_stats" not in conn.dialect.get_table_names(conn)
        schema.migrate(engine)
        with engine.connect() as conn:
            same(counters.read(conn), expected)
    finally:
        engine.dispose()


def test_buckets_cover_every_time() -> None:
    assert [counters.bucket_of(s) for s in (0, 1.99, 2, 299.9, 300, 3600)] == [0, 0, 1, 12, 13, 13]
    assert counters.bucket_bounds(0) == (0.0, 2.0) and counters.bucket_bounds(13) == (300.0, None)
