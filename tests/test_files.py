"""Files: the instance folder, the SQLite database and its companions, and the secret key are owner-only."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from quizapp import create_app, files
from quizapp.extensions import db

from .conftest import FAST_HASH, Clock, register, start_quiz


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask of most shells (022), which made the database world-readable."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.fixture
def instance_app(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, usual_umask: None) -> Iterator[Flask]:
    """The app on its default database, in its instance folder, as `quizapp serve` makes it."""
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "CLOCK": clock, "RANDOM_SEED": 1, **FAST_HASH})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.sqlite_only("the SQLite file's mode")
def test_instance_folder_database_and_its_companions_are_owner_only(tmp_path: Path, instance_app: Flask) -> None:
    client = instance_app.test_client()
    register(client)
    start_quiz(client)  # writes: the -wal and -shm files exist now
    instance = tmp_path / "instance"
    database = instance / "quizapp.sqlite"
    assert Path(f"{database}-wal").exists() and Path(f"{database}-shm").exists()
    assert {name: mode(instance / name) for name in ("quizapp.sqlite", "quizapp.sqlite-wal", "quizapp.sqlite-shm")} == {
        "quizapp.sqlite": 0o600,
        "quizapp.sqlite-wal": 0o600,
        "quizapp.sqlite-shm": 0o600,
    }
    assert mode(instance) == 0o700 and mode(instance / "secret_key") == 0o600


@pytest.mark.sqlite_only("the SQLite file's mode")
def test_a_database_readable_by_others_is_tightened_and_said_so(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, usual_umask: None, caplog: pytest.LogCaptureFixture
) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "quizapp.sqlite").touch(mode=0o644)
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(instance))
    with caplog.at_level(logging.WARNING, logger="quizapp.files"):
        app = create_app({"CLOCK": clock})
    with app.app_context():
        db.engine.dispose()
    assert mode(instance / "quizapp.sqlite") == 0o600
    assert "lisible par d'autres comptes (644) : ramené à 600" in caplog.text
    assert "le dossier" in caplog.text  # the folder made beforehand at 755 is reported, not changed
    assert mode(instance) == 0o755


def test_the_secret_key_is_made_once_and_whole(tmp_path: Path) -> None:
    key = tmp_path / "secret_key"
    assert files.create_once(key, b"first") and not files.create_once(key, b"second")
    assert key.read_bytes() == b"first" and mode(key) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left behind
