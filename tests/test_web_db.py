"""The database: its settings, creation on first start, and Alembic migrations that keep every row
and end on the very schema a fresh database gets."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from quizapp import schema
from quizapp.cli import main
from quizapp.extensions import db

from .conftest import Clock, make_app, register, start_quiz
from .databases import database_url
from .webhelpers import count_answers, form_for, snapshot

TODAY = "0003_sessions_and_throttling"  # the schema of the last release, before this branch


@pytest.mark.sqlite_only("SQLite's pragmas")
def test_pragmas_read_back(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as conn:
        values = {
            name: conn.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")
        }
    assert values == {"journal_mode": "wal", "busy_timeout": 5000, "foreign_keys": 1, "synchronous": 2}


@pytest.mark.postgresql_only("PostgreSQL's session settings")
def test_postgresql_commits_wait_for_the_disk_and_statements_are_bounded(tmp_path: Path, clock: Clock) -> None:
    app = make_app(tmp_path, clock, STATEMENT_TIMEOUT_SECONDS=2.5)
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("SHOW synchronous_commit")).scalar() == "on"
        assert conn.execute(text("SHOW statement_timeout")).scalar() == "2500ms"


def test_foreign_keys_are_enforced(app: Flask) -> None:
    with app.app_context(), db.engine.begin() as conn, pytest.raises(IntegrityError):
        conn.execute(text("INSERT INTO attempt_items (attempt_id, position, question_id, snapshot) VALUES (999, 1, 'x', '{}')"))


@pytest.mark.sqlite_only("the default database: a SQLite file in the instance folder")
def test_first_start_creates_instance_database_and_secret(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = tmp_path / "instance"
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(instance))
    from quizapp import create_app

    app = create_app({"CLOCK": clock})
    assert (instance / "quizapp.sqlite").exists()
    key = (instance / "secret_key").read_text()
    assert len(key) == 64 and app.config["SECRET_KEY"] == key
    assert create_app().config["SECRET_KEY"] == key  # kept, not regenerated
    with app.app_context():
        db.engine.dispose()


def test_restart_keeps_every_row(tmp_path: Path, clock: Clock) -> None:
    first = make_app(tmp_path, clock)
    client = first.test_client()
    register(client)
    attempt_id = start_quiz(client)
    client.post(f"/quiz/{attempt_id}/1", data=form_for(snapshot(first, attempt_id, 1)))
    second = make_app(tmp_path, clock)
    assert count_answers(second) == 1
    with second.app_context():
        assert schema.state(db.engine).current


# --- migrations ----------------------------------------------------------------------------------


def _default(value: Any) -> str | None:
    """A server default as both databases reflect it, quotes and casts aside (`'20'`, `20`, `20::integer`)."""
    return None if value is None else str(value).split("::")[0].strip("'")


def shape(engine: Engine) -> dict[str, Any]:
    """Everything about a database's tables that a query or a constraint depends on."""
    found = inspect(engine)
    tables: dict[str, Any] = {}
    for table in sorted(found.get_table_names()):
        tables[table] = {
            "columns": {c["name"]: (str(c["type"]), c["nullable"], _default(c.get("default"))) for c in found.get_columns(table)},
            "primary key": found.get_pk_constraint(table)["constrained_columns"],
            "foreign keys": sorted(
                (tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]))
                for fk in found.get_foreign_keys(table)
            ),
            "indexes": sorted((ix["name"], tuple(ix["column_names"]), bool(ix["unique"])) for ix in found.get_indexes(table)),
            "unique": sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(table)),
        }
    return tables


def differences_from_models(engine: Engine) -> list[Any]:
    """What Alembic's autogenerate would change to match the models (`alembic check`): nothing, we want."""
    from quizapp import models  # noqa: F401 - the tables

    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), db.metadata))


@pytest.fixture
def fresh(tmp_path: Path, clock: Clock) -> dict[str, Any]:
    """The schema of a database made on first start."""
    app = make_app(tmp_path / "fresh", clock)
    with app.app_context():
        assert differences_from_models(db.engine) == []
        return shape(db.engine)


@pytest.fixture
def empty(tmp_path: Path) -> Any:
    engine = create_engine(database_url(tmp_path, empty=True))
    yield engine
    engine.dispose()


def test_every_migration_from_an_empty_database_ends_on_the_fresh_schema(empty: Engine, fresh: dict[str, Any]) -> None:
    schema.migrate(empty)
    assert shape(empty) == fresh
    assert differences_from_models(empty) == []
    assert schema.state(empty).current


def test_a_database_of_the_last_release_upgrades_keeping_every_row(
    tmp_path: Path, clock: Clock, empty: Engine, fresh: dict[str, Any]
) -> None:
    schema.migrate(empty, TODAY)
    with empty.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, username, password_hash, role, created_at, new_per_day, created_ip) "
                "VALUES (1, 'ancienne', 'x', 'author', '2026-01-01 00:00:00', 7, '10.0.0.1')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO attempts (id, user_id, deck, settings, seed, mode, total, score, answered, started_at) "
                "VALUES (1, 1, 'openai-saga', '{}', 3, 'exam', 5, 1, 1, '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text("INSERT INTO login_sessions (user_id, token_digest, created_at) VALUES (1, 'd', '2026-01-01 00:00:00')")
        )
    before = {table: rows for table, rows in _rows(empty).items() if rows}
    assert schema.state(empty).current is (TODAY == schema.head())
    upgraded = make_app(tmp_path, clock, DATABASE_UPGRADE=True)
    with upgraded.app_context():
        assert schema.state(db.engine).current
        after = _rows(db.engine)
        assert shape(db.engine) == fresh
    assert kept(before, after) == before
    assert [r["time_zone"] for r in after["users"]] == ["Europe/Paris"]  # a column added since: its default


Rows = dict[str, list[dict[str, Any]]]


def _rows(engine: Engine) -> Rows:
    with engine.connect() as conn:
        return {
            t: [dict(r._mapping) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
            for t in inspect(conn).get_table_names()
            if t not in ("alembic_version", "card_versions")  # card_versions: refreshed at every start
        }


def kept(before: Rows, after: Rows) -> Rows:
    """The rows of `after` in the tables and columns `before` had (columns added since left out)."""
    return {t: [{column: row[column] for column in rows[0]} for row in after[t]] for t, rows in before.items() if rows}


def _sqlite_rows(con: sqlite3.Connection, tables: list[str]) -> Rows:
    out: Rows = {}
    for table in tables:
        cursor = con.execute(f"SELECT * FROM {table} ORDER BY 1")
        names = [d[0] for d in cursor.description]
        out[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return out


def test_a_database_behind_the_code_is_refused_with_the_way_to_upgrade_it(
    tmp_path: Path, clock: Clock, empty: Engine, command_environment: None
) -> None:
    schema.migrate(empty, "0002_flashcards")
    with pytest.raises(schema.SchemaError, match="quizapp db upgrade") as refused:
        make_app(tmp_path, clock)
    assert "« 0002_flashcards »" in str(refused.value) and f"« {schema.head()} »" in str(refused.value)
    args = ["--instance", str(tmp_path / "instance"), "--database", database_url(tmp_path)]
    served = CliRunner().invoke(main, ["serve", *args])
    assert served.exit_code == 1 and "quizapp db upgrade" in served.output and "--upgrade" in served.output
    done = CliRunner().invoke(main, ["db", "upgrade", *args])
    assert done.exit_code == 0, done.output
    assert f"révision 0002_flashcards -> {schema.head()}" in done.output
    assert schema.state(empty).current
    again = CliRunner().invoke(main, ["db", "upgrade", *args])
    assert again.exit_code == 0 and "déjà à jour" in again.output


def test_a_database_newer_than_the_code_is_refused(tmp_path: Path, clock: Clock, empty: Engine) -> None:
    schema.migrate(empty)
    with empty.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    for allow in (False, True):
        with pytest.raises(schema.SchemaError, match="inconnue de ce code"):
            make_app(tmp_path, clock, DATABASE_UPGRADE=allow)


# --- SQLite files from before Alembic (PRAGMA user_version) --------------------------------------


QUIZ_TABLES = """
CREATE TABLE attempts (id INTEGER NOT NULL, user_id INTEGER NOT NULL, deck VARCHAR(80) NOT NULL, settings TEXT NOT NULL,
    seed INTEGER NOT NULL, mode VARCHAR(10) NOT NULL, total INTEGER NOT NULL, score INTEGER NOT NULL,
    answered INTEGER NOT NULL, started_at DATETIME NOT NULL, finished_at DATETIME, PRIMARY KEY (id),
    FOREIGN KEY(user_id) REFERENCES users (id));
CREATE INDEX ix_attempts_user_id ON attempts (user_id);
CREATE TABLE attempt_items (id INTEGER NOT NULL, attempt_id INTEGER NOT NULL, position INTEGER NOT NULL,
    question_id VARCHAR(255) NOT NULL, snapshot TEXT NOT NULL, PRIMARY KEY (id), UNIQUE (attempt_id, position),
    FOREIGN KEY(attempt_id) REFERENCES attempts (id));
CREATE TABLE answers (id INTEGER NOT NULL, attempt_id INTEGER NOT NULL, position INTEGER NOT NULL,
    question_id VARCHAR(255) NOT NULL, kind VARCHAR(20) NOT NULL, prompt TEXT NOT NULL, choices TEXT NOT NULL,
    correct_answer TEXT NOT NULL, given TEXT NOT NULL, is_correct BOOLEAN NOT NULL, seconds DOUBLE,
    answered_at DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (attempt_id, position),
    FOREIGN KEY(attempt_id) REFERENCES attempts (id));
CREATE INDEX ix_answers_attempt_id ON answers (attempt_id);
CREATE INDEX ix_answers_question ON answers (question_id);
"""
CARD_TABLES = """
CREATE TABLE card_states (id INTEGER NOT NULL, user_id INTEGER NOT NULL, card_id VARCHAR(255) NOT NULL,
    fact VARCHAR(255) NOT NULL, fsrs TEXT NOT NULL, due DATETIME NOT NULL, reps INTEGER NOT NULL, introduced_at DATETIME,
    PRIMARY KEY (id), UNIQUE (user_id, card_id), FOREIGN KEY(user_id) REFERENCES users (id));
CREATE INDEX ix_card_states_due ON card_states (user_id, due);
CREATE TABLE reviews (id INTEGER NOT NULL, user_id INTEGER NOT NULL, card_id VARCHAR(255) NOT NULL,
    fact VARCHAR(255) NOT NULL, rating INTEGER NOT NULL, origin VARCHAR(10) NOT NULL, reviewed_at DATETIME NOT NULL,
    state_before TEXT, state_after TEXT NOT NULL, PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id));
CREATE INDEX ix_reviews_user_at ON reviews (user_id, reviewed_at);
"""


def legacy(tmp_path: Path, clock: Clock, script: str) -> sqlite3.Connection:
    """A database file left by an older version (`script`), after `quizapp db upgrade` on it."""
    path = tmp_path / "test.sqlite"
    con = sqlite3.connect(path)
    con.executescript(script)
    con.close()
    with pytest.raises(schema.SchemaError):
        make_app(tmp_path, clock)
    make_app(tmp_path, clock, DATABASE_UPGRADE=True)
    return sqlite3.connect(path)


@pytest.mark.sqlite_only("SQLite files from before Alembic")
def test_a_version_1_database_gains_flashcards_and_keeps_its_rows(tmp_path: Path, clock: Clock, fresh: dict[str, Any]) -> None:
    """A file made before flashcards existed: users lack `new_per_day`, no card tables."""
    con = legacy(
        tmp_path,
        clock,
        """
        CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(40) NOT NULL, password_hash VARCHAR(255) NOT NULL,
            role VARCHAR(10) NOT NULL, created_at DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (username));
        CREATE TABLE login_attempts (id INTEGER NOT NULL, username VARCHAR(40) NOT NULL, ip VARCHAR(64) NOT NULL,
            at DATETIME NOT NULL, success BOOLEAN NOT NULL, PRIMARY KEY (id));
        CREATE INDEX ix_login_ip_at ON login_attempts (ip, at);
        CREATE INDEX ix_login_user_at ON login_attempts (username, at);
        INSERT INTO users VALUES (1, 'ancien', 'x', 'learner', '2026-01-01 00:00:00');
        PRAGMA user_version = 1;
        """
        + QUIZ_TABLES,
    )
    assert con.execute("SELECT username, new_per_day FROM users").fetchall() == [("ancien", 20)]
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(schema.head(),)]
    assert {"card_states", "reviews", "attempts", "login_sessions"} <= {
        r[0] for r in con.execute("SELECT name FROM sqlite_master")
    }
    con.close()


@pytest.mark.sqlite_only("SQLite files from before Alembic")
def test_a_version_2_database_gains_sessions_and_throttling_columns_and_keeps_its_rows(tmp_path: Path, clock: Clock) -> None:
    """A file from before server-side sessions (and before card versions): no login_sessions, users
    without created_ip, log-in tries without device."""
    con = legacy(
        tmp_path,
        clock,
        """
        CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(40) NOT NULL, password_hash VARCHAR(255) NOT NULL,
            role VARCHAR(10) NOT NULL, created_at DATETIME NOT NULL, new_per_day INTEGER NOT NULL DEFAULT 20,
            PRIMARY KEY (id), UNIQUE (username));
        CREATE TABLE login_attempts (id INTEGER NOT NULL, username VARCHAR(40) NOT NULL, ip VARCHAR(64) NOT NULL,
            at DATETIME NOT NULL, success BOOLEAN NOT NULL, PRIMARY KEY (id));
        CREATE INDEX ix_login_ip_at ON login_attempts (ip, at);
        CREATE INDEX ix_login_user_at ON login_attempts (username, at);
        INSERT INTO users VALUES (1, 'ancien', 'x', 'author', '2026-01-01 00:00:00', 7);
        INSERT INTO login_attempts VALUES (1, 'ancien', '10.0.0.1', '2026-01-01 00:00:00', 1);
        PRAGMA user_version = 2;
        """
        + QUIZ_TABLES
        + CARD_TABLES,
    )
    assert con.execute("SELECT username, role, new_per_day, created_ip FROM users").fetchall() == [("ancien", "author", 7, None)]
    assert con.execute("SELECT username, ip, success, device FROM login_attempts").fetchall() == [("ancien", "10.0.0.1", 1, None)]
    assert con.execute("SELECT count(*) FROM login_sessions").fetchone() == (0,)
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "ix_users_created_ip" in indexes
    con.close()


LAST_RELEASE = (
    """
CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(40) NOT NULL, password_hash VARCHAR(255) NOT NULL,
    role VARCHAR(10) NOT NULL, created_at DATETIME NOT NULL, new_per_day INTEGER DEFAULT '20' NOT NULL,
    created_ip VARCHAR(64), PRIMARY KEY (id), UNIQUE (username));
CREATE INDEX ix_users_created_ip ON users (created_ip, created_at);
CREATE TABLE login_attempts (id INTEGER NOT NULL, username VARCHAR(40) NOT NULL, ip VARCHAR(64) NOT NULL,
    at DATETIME NOT NULL, success BOOLEAN NOT NULL, device VARCHAR(64), PRIMARY KEY (id));
CREATE INDEX ix_login_ip_at ON login_attempts (ip, at);
CREATE INDEX ix_login_user_at ON login_attempts (username, at);
CREATE TABLE card_versions (card_id VARCHAR(255) NOT NULL, digest VARCHAR(64) NOT NULL, changed_at DATETIME NOT NULL,
    PRIMARY KEY (card_id));
CREATE TABLE login_sessions (id INTEGER NOT NULL, user_id INTEGER NOT NULL, token_digest VARCHAR(64) NOT NULL,
    created_at DATETIME NOT NULL, PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id), UNIQUE (token_digest));
CREATE INDEX ix_login_sessions_user_id ON login_sessions (user_id);
"""
    + QUIZ_TABLES
    + CARD_TABLES
    + """
INSERT INTO users VALUES (1, 'ancienne', 'x', 'author', '2026-01-01 00:00:00', 7, '10.0.0.1');
INSERT INTO attempts VALUES (1, 1, 'openai-saga', '{}', 3, 'exam', 1, 1, 1, '2026-01-01 00:00:00', '2026-01-01 00:01:00');
INSERT INTO attempt_items VALUES (1, 1, 1, 'openai-saga:x:date', '{"id": "openai-saga:x:date"}');
INSERT INTO answers VALUES (1, 1, 1, 'openai-saga:x:date', 'date', 'Quand ?', '[]', '"hier"', '"hier"', 1, 2.5,
    '2026-01-01 00:01:00');
INSERT INTO login_sessions VALUES (1, 1, 'd', '2026-01-01 00:00:00');
PRAGMA user_version = 3;
"""
)


@pytest.mark.sqlite_only("SQLite files from before Alembic")
def test_a_file_of_the_last_release_upgrades_keeping_every_row_to_the_fresh_schema(
    tmp_path: Path, clock: Clock, fresh: dict[str, Any]
) -> None:
    """The schema the last release made (its `create_all`, version 3), with rows in every kind of table."""
    path = tmp_path / "test.sqlite"
    con = sqlite3.connect(path)
    con.executescript(LAST_RELEASE)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if r[0] != "card_versions"]
    before = _sqlite_rows(con, tables)
    con.close()
    app = make_app(tmp_path, clock, DATABASE_UPGRADE=True)
    with app.app_context():
        assert shape(db.engine) == fresh
        assert differences_from_models(db.engine) == []
    con = sqlite3.connect(path)
    assert kept(before, _sqlite_rows(con, tables)) == {t: rows for t, rows in before.items() if rows}
    con.close()


def test_decks_uploaded_as_files_before_come_into_the_database_at_the_upgrade(
    tmp_path: Path, clock: Clock, empty: Engine
) -> None:
    from .test_authored_questions import GOOD

    schema.migrate(empty, TODAY)
    folder = tmp_path / "instance" / "decks" / "mini"
    folder.mkdir(parents=True)
    text_of_file = GOOD.replace("id: t,", "id: mini,")
    (folder / "mini.yaml").write_text(text_of_file, encoding="utf-8")
    app = make_app(tmp_path, clock, DATABASE_UPGRADE=True)
    assert "mini" in app.extensions["decks"].decks
    with app.app_context():
        (row,) = db.session.execute(text("SELECT deck_id, filename, content, uploaded_by FROM deck_versions")).all()
    assert tuple(row) == ("mini", "mini.yaml", text_of_file, None)


def test_the_migration_files_names_say_what_alembic_reads_in_them() -> None:
    """`schema.head` reads the newest revision from the file names, without importing Alembic: each
    migration's revision is its file's name, each comes down from the one numbered before it, and no
    migration file goes unnamed that way. Adding `0009_x.py` with another revision inside fails here."""
    scripts = schema.scripts()
    files = sorted(path.stem for path in schema.VERSIONS.glob("*.py"))
    chain = list(reversed([script.revision for script in scripts.walk_revisions()]))
    assert chain == files == sorted(path.stem for path in schema.VERSIONS.glob(schema.REVISION_FILE))
    assert [scripts.get_revision(r).down_revision for r in chain] == [None, *chain[:-1]]
    assert schema.head() == scripts.get_current_head() == chain[-1]


def test_a_restart_on_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    """The check at every start reads Alembic's table itself; Alembic (a tenth of a second to import)
    is for creating and migrating. Run in a new interpreter: this one imported Alembic long ago."""
    import subprocess
    import sys

    env = {**os.environ, "QUIZAPP_INSTANCE": str(tmp_path / "instance")}
    env.pop("FLASK_RUN_FROM_CLI", None)
    script = (
        "import sys; from quizapp.app import create_app; create_app({'CONTENT_WATCH': False}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'flask_migrate')))"
    )
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert "'alembic'" in first.stdout  # the first start creates the database and stamps it: Alembic
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert again.stdout.strip() == "[]", again.stdout + again.stderr


def test_flask_migrate_commands_still_work_under_flask_s_own_cli(tmp_path: Path) -> None:
    """Flask-Migrate is registered only when Flask's CLI builds the app (`flask --app quizapp db …`,
    for authors of migrations): its `db current` reads the revision of the database it made."""
    import subprocess
    import sys

    env = {**os.environ, "QUIZAPP_INSTANCE": str(tmp_path / "instance")}
    flask = [sys.executable, "-m", "flask", "--app", "quizapp", "db", "current"]
    done = subprocess.run(flask, capture_output=True, text=True, env=env, check=True)
    assert f"{schema.head()} (head)" in done.stdout, done.stdout + done.stderr


def test_an_installation_without_its_migration_files_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "VERSIONS", tmp_path / "versions")
    with pytest.raises(schema.SchemaError, match="aucune migration"):
        schema.head()
