"""Helpers for web tests: read what an attempt asks, and build the form data of an answer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, MetaData, create_engine, func, select

from quizapp.extensions import db
from quizapp.models import Answer, AttemptItem


def snapshot(app: Flask, attempt_id: int, position: int) -> dict[str, Any]:
    with app.app_context():
        item = db.session.scalar(
            select(AttemptItem).where(AttemptItem.attempt_id == attempt_id, AttemptItem.position == position)
        )
        assert item is not None
        return dict(item.snapshot)


def form_for(snap: dict[str, Any], right: bool = True) -> dict[str, Any]:
    """Form data answering the question rightly (or wrongly)."""
    fmt, choices, answer = snap["format"], snap["choices"], snap["answer"]
    if fmt in ("choice", "truefalse"):
        index = choices.index(answer) if right else next(i for i, c in enumerate(choices) if c != answer)
        return {"choice": str(index)}
    if fmt == "text":
        return {"text": answer if right else "personne du tout"}
    if fmt == "multi":
        picked = answer if right else answer[:1]
        return {"choice": [str(choices.index(c)) for c in picked]}
    if fmt == "match":
        rights = list(answer) if right else list(reversed(answer))
        return {f"pair_{i}": str(choices.index(r)) for i, r in enumerate(rights)}
    order = list(answer) if right else list(reversed(answer))
    return {f"rank_{i}": str(order.index(item) + 1) for i, item in enumerate(choices)}


def count_answers(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(Answer.id))) or 0)


def db_file(app: Flask) -> str:
    """The SQLite file of the app (for the tests about SQLite itself)."""
    return str(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))


@contextmanager
def another_connection(app: Flask) -> Iterator[Connection]:
    """A connection to the app's database from outside the app (another process), committed at the end."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def refuse_inserts(app: Flask, table: str, message: str) -> None:
    """Make the database refuse every INSERT into `table` with `message` (a trigger), as it refuses
    a row that breaks a constraint the statement does not know about."""
    with another_connection(app) as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(
                f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
            return
        conn.exec_driver_sql(
            f"CREATE FUNCTION refuse_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{message}'; END $$"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_{table}()"
        )


def csrf_token(client: FlaskClient, path: str = "/compte/inscription") -> str:
    """The CSRF token of the client's session, as the form on `path` carries it."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, path
    return match.group(1)


def every_row(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the app's database, table by table, in primary-key order."""
    with another_connection(app) as conn:
        tables = MetaData()
        tables.reflect(conn)
        return {
            name: [tuple(row) for row in conn.execute(select(table).order_by(*table.primary_key.columns))]
            for name, table in tables.tables.items()
        }
