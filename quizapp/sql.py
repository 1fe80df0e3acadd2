"""Plain SQL for the busiest requests (the question page, an answer, the user behind every page).

On those paths SQLAlchemy's ORM cost several times the queries themselves, so they speak SQL to
the DB-API connection of the current session: the same connection and the same transaction as any
ORM work in the request, so `db.session.commit()` / `rollback()` still end it. The values are
written exactly as the ORM column types write them (`models.UTCDateTime`, `models.JSONText`);
a test reads raw-written rows back through the ORM.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from .extensions import db


def connection() -> sqlite3.Connection:
    """The SQLite connection under `db.session` (checked out of the pool on first use in a request)."""
    return db.session.connection().connection.driver_connection  # type: ignore[no-any-return]


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
