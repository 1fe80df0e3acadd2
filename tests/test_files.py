"""Files: the instance folder, the database and its companions are owner-only; an upload replaces
the previous version atomically (written, synced, renamed over, folder synced; never deleted first)."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from quizapp import create_app, files
from quizapp.decks import DeckStore
from quizapp.extensions import db
from quizapp.services import authoring

from .conftest import FAST_HASH, Clock, make_app, register, start_quiz
from .test_authored_questions import GOOD


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
    assert mode(instance) == 0o700 and mode(instance / "decks") == 0o700 and mode(instance / "secret_key") == 0o600


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


def mini(title: str) -> bytes:
    return GOOD.replace("id: t, title: T,", f"id: mini, title: {title},").encode()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> DeckStore:
    """The decks of an app where the deck « mini » was uploaded once, titled « Première »."""
    app = make_app(tmp_path, clock)
    decks: DeckStore = app.extensions["decks"]
    authoring.upload(decks, "mini.yaml", mini("Première"))
    return decks


def test_a_crash_while_replacing_an_upload_keeps_the_previous_version(
    tmp_path: Path, store: DeckStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = tmp_path / "instance" / "decks" / "mini" / "mini.yaml"
    assert stored.read_bytes() == mini("Première")

    def crash(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="No space left"):
        authoring.upload(store, "mini.yaml", mini("Seconde"))
    monkeypatch.undo()
    assert stored.read_bytes() == mini("Première")
    assert sorted(p.name for p in stored.parent.iterdir()) == ["mini.yaml"]
    store.refresh()
    assert store.decks["mini"].meta.title == "Première"


def test_an_upload_is_synced_renamed_over_then_its_folder_synced(store: DeckStore, monkeypatch: pytest.MonkeyPatch) -> None:
    steps: list[str] = []
    real_fsync, real_replace, real_unlink = os.fsync, os.replace, os.unlink

    def fsync(fd: int) -> None:
        steps.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        steps.append(f"replace {Path(dst).name}")
        real_replace(src, dst)

    def unlink(path: str) -> None:
        steps.append(f"unlink {Path(path).name}")
        real_unlink(path)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "unlink", unlink)
    authoring.upload(store, "renamed.yaml", mini("Seconde"))
    monkeypatch.undo()
    assert steps == ["fsync file", "replace mini.yaml", "fsync folder"]
    assert store.decks["mini"].meta.title == "Seconde"
