"""quizapp: learn the facts of a story by quiz and flashcard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__version__ = "0.1.0"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the web application (imported lazily so the content core never loads Flask)."""
    from .app import create_app as build

    return build(test_config)
