"""Shared fixtures: the shipped saga deck, loaded once per session (the core is pure and frozen)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.content import Deck, load_deck
from quizapp.paths import shipped

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def saga_path() -> Path:
    return shipped("questions") / "openai-saga"


@pytest.fixture(scope="session")
def saga(saga_path: Path) -> Deck:
    return load_deck(saga_path)


# --- web fixtures --------------------------------------------------------------------------------
import datetime as dt  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402

from quizapp import create_app  # noqa: E402

PASSWORD = "correct horse battery"
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
def clock() -> Clock:
    return Clock()


def make_app(tmp_path: Path, clock: Clock, fast_hash: bool = True, **overrides: Any) -> Flask:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "CLOCK": clock,
        "RANDOM_SEED": 1234,
        **(FAST_HASH if fast_hash else {}),
        **overrides,
    }
    import os

    os.environ["QUIZAPP_INSTANCE"] = str(tmp_path / "instance")
    try:
        return create_app(config)
    finally:
        del os.environ["QUIZAPP_INSTANCE"]


@pytest.fixture
def app(tmp_path: Path, clock: Clock) -> Iterator[Flask]:
    application = make_app(tmp_path, clock)
    yield application
    from quizapp.extensions import db

    with application.app_context():
        db.engine.dispose()


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
