"""Plain SQL for the busiest requests (the question page, an answer, the user behind every page).

On those paths SQLAlchemy's ORM (and even its Session) cost several times the queries themselves,
so they speak SQL to a DB-API connection taken from the engine's pool once per request and given
back when the request ends; giving it back rolls back whatever was not committed with `commit()`.
It is a connection of its own, beside the ORM session's: a request that writes does all its writes
on one of the two. The values are written exactly as the ORM column types write them
(`models.UTCDateTime`, `models.JSONText`); a test reads raw-written rows back through the ORM.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from typing import Any

from flask import g

from .extensions import db


def connection() -> sqlite3.Connection:
    """This request's connection (taken from the pool on first use)."""
    pooled = g.get("sql_connection")
    if pooled is None:
        pooled = g.sql_connection = db.engine.raw_connection()
    return pooled.driver_connection  # type: ignore[no-any-return]


WRITE_WAIT_SECONDS = 5.0  # as long as the busy_timeout the ORM's connections use
_RETRY_SLEEP = 0.0001


def begin_write() -> None:
    """Open a write transaction now, waiting for the database's write lock in short steps.

    SQLite's own busy handler sleeps at least a millisecond at the first conflict, when another
    worker's commit holds the lock for a fraction of that (its fsync): so wait here instead, in
    0.1 ms steps, with the busy timeout off for that one statement.

    Raises:
        sqlite3.OperationalError: the lock was not free within WRITE_WAIT_SECONDS.
    """
    conn = connection()
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        deadline = time.monotonic() + WRITE_WAIT_SECONDS
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                _pause()
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(WRITE_WAIT_SECONDS * 1000)}")


def _pause() -> None:
    time.sleep(_RETRY_SLEEP)


def commit() -> None:
    connection().commit()


def rollback() -> None:
    connection().rollback()


def release(_exc: BaseException | None = None) -> None:
    """Give the request's connection back to the pool (which rolls back anything left uncommitted)."""
    pooled = g.pop("sql_connection", None)
    if pooled is not None:
        pooled.close()


def to_db_time(moment: dt.datetime) -> str:
    """An aware datetime as stored: naive UTC text, what SQLAlchemy's SQLite DateTime writes."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC time")
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def from_db_time(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def to_db_json(value: Any) -> str | None:
    """JSON kept as readable UTF-8 text, keys sorted."""
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def from_db_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)
