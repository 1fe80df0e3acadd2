"""The SQLite file: pragmas, creation on first start, upgrades that keep every row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Connection, text

from quizapp import schema
from quizapp.extensions import db

from .conftest import Clock, make_app, register, start_quiz
from .webhelpers import count_answers, form_for, snapshot


def test_pragmas_read_back(app: Flask) -> None:
    with app.app_context():
        with db.engine.connect() as conn:
            values = {
                name: conn.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")
            }
    assert values == {"journal_mode": "wal", "busy_timeout": 5000, "foreign_keys": 1, "synchronous": 2}


def test_foreign_keys_are_enforced(app: Flask) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    with app.app_context(), db.engine.begin() as conn, pytest.raises(IntegrityError):
        conn.execute(text("INSERT INTO attempt_items (attempt_id, position, question_id, snapshot) VALUES (999, 1, 'x', '{}')"))


def test_first_start_creates_instance_database_and_secret(tmp_path: Path, clock: Clock, monkeypatch) -> None:
    instance = tmp_path / "instance"
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(instance))
    from quizapp import create_app

    app = create_app({"CLOCK": clock})
    assert (instance / "quizapp.sqlite").exists()
    key = (instance / "secret_key").read_text()
    assert len(key) == 64 and app.config["SECRET_KEY"] == key
    assert create_app().config["SECRET_KEY"] == key  # kept, not regenerated


def test_restart_keeps_every_row(tmp_path: Path, clock: Clock) -> None:
    first = make_app(tmp_path, clock)
    client = first.test_client()
    register(client)
    attempt_id = start_quiz(client)
    client.post(f"/quiz/{attempt_id}/1", data=form_for(snapshot(first, attempt_id, 1)))
    second = make_app(tmp_path, clock)
    assert count_answers(second) == 1
    with second.app_context():
        assert schema.upgrade() == schema.VERSION


def test_upgrade_runs_pending_migrations_once(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(tmp_path, clock)
    client = app.test_client()
    register(client)
    ran: list[int] = []

    def add_column(conn: Connection) -> None:
        ran.append(1)
        conn.execute(text("ALTER TABLE users ADD COLUMN nickname VARCHAR(40)"))

    current = schema.VERSION
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_column])
    monkeypatch.setattr(schema, "VERSION", current + 1)
    with app.app_context():
        assert schema.upgrade() == current
        assert schema.upgrade() == current + 1
    assert ran == [1]
    con = sqlite3.connect(tmp_path / "test.sqlite")
    assert con.execute("SELECT username, nickname FROM users").fetchall() == [("alice", None)]
    assert con.execute("PRAGMA user_version").fetchone() == (current + 1,)


def upgraded(tmp_path: Path, clock: Clock, script: str) -> sqlite3.Connection:
    """A database file left by an older version (`script`), after the app has started on it."""
    path = tmp_path / "test.sqlite"
    con = sqlite3.connect(path)
    con.executescript(script)
    con.close()
    make_app(tmp_path, clock)
    return sqlite3.connect(path)


def test_a_version_1_database_gains_flashcards_and_keeps_its_rows(tmp_path: Path, clock: Clock) -> None:
    """A file made before flashcards existed: users lack `new_per_day`, no card tables."""
    con = upgraded(
        tmp_path,
        clock,
        """
        CREATE TABLE users (id INTEGER PRIMARY KEY, username VARCHAR(40) UNIQUE NOT NULL,
            password_hash VARCHAR(255) NOT NULL, role VARCHAR(10) NOT NULL, created_at DATETIME NOT NULL);
        INSERT INTO users VALUES (1, 'ancien', 'x', 'learner', '2026-01-01 00:00:00');
        PRAGMA user_version = 1;
        """,
    )
    assert con.execute("SELECT username, new_per_day FROM users").fetchall() == [("ancien", 20)]
    assert con.execute("PRAGMA user_version").fetchone() == (schema.VERSION,)
    assert {"card_states", "reviews", "attempts"} <= {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()


def test_a_version_2_database_gains_sessions_and_throttling_columns_and_keeps_its_rows(tmp_path: Path, clock: Clock) -> None:
    """A file from before server-side sessions: no login_sessions, users without created_ip, log-in
    tries without device."""
    con = upgraded(
        tmp_path,
        clock,
        """
        CREATE TABLE users (id INTEGER PRIMARY KEY, username VARCHAR(40) UNIQUE NOT NULL,
            password_hash VARCHAR(255) NOT NULL, role VARCHAR(10) NOT NULL, created_at DATETIME NOT NULL,
            new_per_day INTEGER NOT NULL DEFAULT 20);
        CREATE TABLE login_attempts (id INTEGER PRIMARY KEY, username VARCHAR(40) NOT NULL, ip VARCHAR(64) NOT NULL,
            at DATETIME NOT NULL, success BOOLEAN NOT NULL);
        INSERT INTO users VALUES (1, 'ancien', 'x', 'author', '2026-01-01 00:00:00', 7);
        INSERT INTO login_attempts VALUES (1, 'ancien', '10.0.0.1', '2026-01-01 00:00:00', 1);
        PRAGMA user_version = 2;
        """,
    )
    assert con.execute("SELECT username, role, new_per_day, created_ip FROM users").fetchall() == [("ancien", "author", 7, None)]
    assert con.execute("SELECT username, ip, success, device FROM login_attempts").fetchall() == [("ancien", "10.0.0.1", 1, None)]
    assert con.execute("SELECT count(*) FROM login_sessions").fetchone() == (0,)
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "ix_users_created_ip" in indexes
    assert con.execute("PRAGMA user_version").fetchone() == (schema.VERSION,)
    con.close()
