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
