"""Shared fixtures: the shipped saga deck, loaded once per session (the core is pure and frozen);
the web app on the test database (SQLite, or PostgreSQL with QUIZAPP_TEST_DATABASE: tests/databases.py)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, event
from sqlalchemy.engine import Engine

from quizapp.content import Deck, load_deck
from quizapp.paths import shipped

from .databases import BACKEND, DATABASES, SERVER, database_url

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# --- which tests run on which backend ------------------------------------------------------------
# On PostgreSQL, the tests of modules that never build the app (the content core, style, packaging)
# would only repeat the SQLite pass: they are deselected there. A test that builds the app in such a
# module fails (see `_app_allowed`), so the rule cannot hide a database test.
DATABASE_WORDS = ("make_app", "create_app", "quizapp.cli", "Flask")
APP_FIXTURES = {"app", "client", "logged_in", "clock", "live_app", "live_server", "page"}


def _backend_independent(item: pytest.Item) -> bool:
    if APP_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return False
    source = Path(str(item.fspath)).read_text(encoding="utf-8")
    return not any(word in source for word in DATABASE_WORDS)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): about SQLite itself; not run on PostgreSQL")
    config.addinivalue_line("markers", "postgresql_only(reason): about PostgreSQL itself; run by scripts/test-postgres")


def pytest_report_header(config: pytest.Config) -> str:
    if SERVER is None:
        return "database: SQLite files (PostgreSQL: scripts/test-postgres)"
    return f"database: PostgreSQL, a database per test on {DATABASES.url_of('…').render_as_string()}"


def _left_out(item: pytest.Item) -> str | None:
    """Why this test does not run on this backend, or None."""
    for name, other in (("sqlite_only", "postgresql"), ("postgresql_only", "sqlite")):
        marker = item.get_closest_marker(name)
        if marker is not None and BACKEND == other:
            return f"{name}: {marker.args[0] if marker.args else ''}"
    if BACKEND == "postgresql" and _backend_independent(item):
        return "backend-independent (the module never builds the app): run by the SQLite pass"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    kept, dropped = [], []
    reasons: dict[str, int] = {}
    for item in items:
        reason = _left_out(item)
        if reason is None:
            kept.append(item)
        else:
            dropped.append(item)
            key = reason if not reason.startswith(("sqlite_only", "postgresql_only")) else f"{reason} ({item.nodeid})"
            reasons[key] = reasons.get(key, 0) + 1
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
    config.stash[_REASONS] = reasons


_REASONS = pytest.StashKey[dict[str, int]]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    reasons = config.stash.get(_REASONS, {})
    if reasons:
        terminalreporter.section(f"not run on {BACKEND}")
        for reason, count in sorted(reasons.items()):
            terminalreporter.write_line(f"{count:4d}  {reason}")


def pytest_sessionstart(session: pytest.Session) -> None:
    if SERVER is not None:  # unreachable PostgreSQL: every test fails here, none is skipped
        with DATABASES.admin().connect() as conn:
            conn.exec_driver_sql("SELECT 1")


def pytest_sessionfinish(session: pytest.Session) -> None:
    DATABASES.drop_all(keep_template=False)


_ENGINES: set[Engine] = set()  # kept alive until the test ends, so none is collected with open connections
_NO_APP: list[str] = []


@event.listens_for(Engine, "engine_connect")
def _seen(connection: Connection) -> None:
    _ENGINES.add(connection.engine)


@pytest.fixture(autouse=True)
def _app_allowed(request: pytest.FixtureRequest) -> Iterator[None]:
    """The engines a test used (its apps', its commands') are disposed of, their pooled connections
    closed, and its databases dropped when it ends; a backend-independent test may not build an app."""
    if _backend_independent(request.node):
        _NO_APP.append(request.node.nodeid)
    yield
    _NO_APP.clear()
    for engine in _ENGINES:
        engine.dispose()
    _ENGINES.clear()
    DATABASES.drop_all()


@pytest.fixture(scope="session")
def saga_path() -> Path:
    return shipped("questions") / "openai-saga"


@pytest.fixture
def statements(app: Flask) -> Iterator[list[str]]:
    """Every SQL statement the app's connections run (sqlite3's own trace, on fresh connections)."""
    from quizapp.extensions import db

    seen: list[str] = []

    def trace(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.set_trace_callback(seen.append)  # type: ignore[attr-defined]

    with app.app_context():
        db.engine.dispose()
        event.listen(db.engine, "connect", trace)
    yield seen
    with app.app_context():
        event.remove(db.engine, "connect", trace)
        db.engine.dispose()


@pytest.fixture
def decks(tmp_path: Path, saga_path: Path) -> Path:
    """A questions folder of this test's own, holding a copy of the saga (a test may edit it)."""
    folder = tmp_path / "questions"
    shutil.copytree(saga_path, folder / "openai-saga")
    return folder


@pytest.fixture(scope="session")
def saga(saga_path: Path) -> Deck:
    return load_deck(saga_path)


# --- web fixtures --------------------------------------------------------------------------------
import datetime as dt  # noqa: E402
from typing import Any  # noqa: E402

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402

from quizapp import create_app  # noqa: E402

PASSWORD = "correct horse battery"
# No deck watcher thread in an app built in this process, even one built without `make_app`: a
# thread left running would poll the databases of later tests. A test that needs the thread asks
# for it (CONTENT_WATCH=True); real servers (tests/servers.py) start without QUIZAPP_* variables.
os.environ["QUIZAPP_CONTENT_WATCH"] = "false"
FAST_HASH = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 8, "ARGON2_PARALLELISM": 1}


class Clock:
    """A clock the tests move by hand (the app reads time only through config["CLOCK"])."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += dt.timedelta(**kwargs)


@pytest.fixture
def command_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands export their options for gunicorn's workers: restore the variables after the test."""
    for name in ("QUIZAPP_INSTANCE", "QUIZAPP_SQLALCHEMY_DATABASE_URI", "QUIZAPP_QUESTIONS_DIR"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_app(tmp_path: Path, clock: Clock, fast_hash: bool = True, **overrides: Any) -> Flask:
    """The app on the test database of `tmp_path` (two apps on one folder: two servers, one database)."""
    assert not _NO_APP, f"{_NO_APP[0]} builds the app: its module must say so (conftest.DATABASE_WORDS, APP_FIXTURES)"
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "WTF_CSRF_ENABLED": False,
        "CLOCK": clock,
        "RANDOM_SEED": 1234,
        "CONTENT_WATCH": False,  # no watcher thread: a test reloads where a server would (`reload_decks`)
        **(FAST_HASH if fast_hash else {}),
        **overrides,
    }
    os.environ["QUIZAPP_INSTANCE"] = str(tmp_path / "instance")
    try:
        return create_app(config)
    finally:
        del os.environ["QUIZAPP_INSTANCE"]


def reload_decks(app: Flask) -> bool:
    """The look a server's watcher thread makes every CONTENT_CHECK_SECONDS, made now; True if the
    decks changed."""
    return bool(app.extensions["deck_watcher"].check())


@pytest.fixture
def app(tmp_path: Path, clock: Clock) -> Flask:
    return make_app(tmp_path, clock)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def register(client: FlaskClient, username: str = "alice", password: str = PASSWORD) -> Any:
    return client.post("/compte/inscription", data={"username": username, "password": password, "confirm": password})


def login(client: FlaskClient, username: str = "alice", password: str = PASSWORD) -> Any:
    return client.post("/compte/connexion", data={"username": username, "password": password})


def start_quiz(
    client: FlaskClient,
    count: int = 5,
    mode: str = "practice",
    kinds: list[str] | None = None,
    deck: str = "openai-saga",
    **extra: Any,
) -> int:
    from quizapp.content import KINDS

    data = {"deck": deck, "count": str(count), "mode": mode, "kinds": kinds or list(KINDS), **extra}
    response = client.post("/quiz/", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].split("/")[2])


def client_with_role(app: Flask, name: str, role: str) -> FlaskClient:
    """A new client signed in as a new account `name` with `role` (a role change ends the account's
    sessions: it logs in again afterwards)."""
    from quizapp.services import accounts

    client = app.test_client()
    assert register(client, name).status_code == 302
    with app.app_context():
        accounts.set_role(name, role)
    assert login(client, name).status_code == 302
    return client


@pytest.fixture
def logged_in(client: FlaskClient) -> FlaskClient:
    assert register(client).status_code == 302
    return client
