"""Create the database on first start and bring an older one up to date without losing rows.

The schema version lives in SQLite's `PRAGMA user_version`. `create_all` only adds missing tables;
changes to existing tables go in MIGRATIONS, one function per version, run in order, once.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text

from .extensions import db


def _add_column(conn: Connection, table: str, column: str, ddl: str) -> None:
    """Add a column unless the table has it: create_all, which runs first, makes a table that was
    missing with all of today's columns."""
    if column not in {row[1] for row in conn.execute(text(f"PRAGMA table_info({table})"))}:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


def _v2_daily_new_cards(conn: Connection) -> None:
    """Version 2: flashcards. New tables come from create_all; users gain their daily new-card limit."""
    _add_column(conn, "users", "new_per_day", "INTEGER NOT NULL DEFAULT 20")


def _v3_hardening(conn: Connection) -> None:
    """Version 3: server-side sessions (a new table, from create_all), the address an account was
    created from (registrations are throttled per address), and the trusted browser of a log-in try."""
    _add_column(conn, "users", "created_ip", "VARCHAR(64)")
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_users_created_ip ON users (created_ip, created_at)"))
    _add_column(conn, "login_attempts", "device", "VARCHAR(64)")


MIGRATIONS: list[Callable[[Connection], None]] = [
    lambda conn: None,  # version 1: the first schema, made by create_all
    _v2_daily_new_cards,
    _v3_hardening,
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
