"""Create the database on first start and bring an older one up to date without losing rows.

The schema version lives in SQLite's `PRAGMA user_version`. `create_all` only adds missing tables;
changes to existing tables go in MIGRATIONS, one function per version, run in order, once.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text

from .extensions import db


def _v2_daily_new_cards(conn: Connection) -> None:
    """Version 2: flashcards. New tables come from create_all; users gain their daily new-card limit."""
    conn.execute(text("ALTER TABLE users ADD COLUMN new_per_day INTEGER NOT NULL DEFAULT 20"))


MIGRATIONS: list[Callable[[Connection], None]] = [
    lambda conn: None,  # version 1: the first schema, made by create_all
    _v2_daily_new_cards,
]
VERSION = len(MIGRATIONS)


def upgrade() -> int:
    """Bring the bound database to VERSION; returns the version it was at."""
    from . import models  # noqa: F401 - registers the tables

    with db.engine.begin() as conn:
        found = conn.execute(text("PRAGMA user_version")).scalar_one()
    db.create_all()
    with db.engine.begin() as conn:
        for version in range(found, VERSION):
            if found:  # a fresh database already has the current tables
                MIGRATIONS[version](conn)
        if found < VERSION:
            conn.execute(text(f"PRAGMA user_version={VERSION}"))
    return int(found)
