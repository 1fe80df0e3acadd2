"""Core statements on the request's own connection, for the busiest requests (the question page, an
answer, the user behind every page).

On those paths SQLAlchemy's ORM, its Session and even a Core `Connection` cost several times the
queries themselves. So the statements are SQLAlchemy Core, built from the models' own `Table`
objects; each is compiled once per dialect (SQLAlchemy writes the SQL, its placeholders and the
column lists) and then run on a DB-API connection taken from the engine's pool once per request
and given back when the request ends; giving it back rolls back whatever was not committed with
`commit()`. Values go in and come out through the column types' own processors
(`models.UTCDateTime`, `models.JSONText`...), exactly as the ORM converts them.

It is a connection of its own, beside the ORM session's: a request that writes does all its writes
on one of the two.
"""

from __future__ import annotations

import functools
import importlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from flask import g
from sqlalchemy import Dialect, Table
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.sql import Executable, Select
from sqlalchemy.sql.compiler import SQLCompiler

from .extensions import db

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

    Insert = sqlite.Insert | postgresql.Insert
_ON_CONFLICT = ("sqlite", "postgresql")  # the dialects whose INSERT can take `ON CONFLICT`
Processor = Callable[[Any], Any] | None
T = TypeVar("T")


def connection() -> PoolProxiedConnection:
    """This request's DB-API connection (taken from the pool on first use).

    On PostgreSQL it is in autocommit mode until `begin_write`: a read is one round trip, with no
    BEGIN before it and no ROLLBACK when the connection goes back to the pool. (SQLite's driver
    opens a transaction only for a write anyway.)
    """
    pooled: PoolProxiedConnection | None = g.get("sql_connection")
    if pooled is None:
        pooled = g.sql_connection = db.engine.raw_connection()
        if dialect().name == "postgresql":
            pooled.driver_connection.autocommit = True  # type: ignore[union-attr]
    return pooled


def dialect() -> Dialect:
    return db.engine.dialect


def insert(table: Table, dialect_name: str) -> Insert:
    """An INSERT for the dialect that can take `ON CONFLICT` (SQLite and PostgreSQL both have it),
    from that dialect's module, imported when first used (a process on SQLite never loads
    PostgreSQL's, with its drivers' modules: a start's import time).

    Raises:
        KeyError: a database other than SQLite and PostgreSQL.
    """
    if dialect_name not in _ON_CONFLICT:
        raise KeyError(dialect_name)
    made: Insert = importlib.import_module(f"sqlalchemy.dialects.{dialect_name}").insert(table)
    return made


@functools.cache
def insert_or_skip(table: Table, dialect_name: str, *conflict: str) -> Insert:
    """`INSERT … ON CONFLICT (conflict) DO NOTHING`, built once per table and dialect: its row
    count says whether the row went in (1) or was already there (0)."""
    return insert(table, dialect_name).on_conflict_do_nothing(index_elements=list(conflict))


@dataclass(frozen=True)
class _Compiled:
    """A statement as the dialect writes it, with the type processors of its parameters and columns."""

    text: str
    order: tuple[str, ...] | None  # parameter names in placeholder order (positional paramstyles)
    literals: dict[str, Any]  # the statement's own values (`reps + 1`), by parameter name
    binds: tuple[tuple[str, Processor], ...]
    columns: tuple[Processor, ...]


_compiled: dict[tuple[Executable, str, tuple[str, ...]], _Compiled] = {}


def _compile(statement: Executable, on: Dialect, keys: tuple[str, ...]) -> _Compiled:
    """Compile once per statement, dialect and set of parameter names (an INSERT's or UPDATE's
    columns are the names given, as when SQLAlchemy executes it)."""
    key = (statement, on.name, keys)
    found = _compiled.get(key)
    if found is None:
        compiled = statement.compile(dialect=on, column_keys=list(keys))  # type: ignore[attr-defined]
        assert isinstance(compiled, SQLCompiler)
        assert not any(bind.expanding for bind in compiled.binds.values()), "IN lists are not for the fast path"
        binds = tuple((name, bind.type.dialect_impl(on).bind_processor(on)) for name, bind in compiled.binds.items())
        literals = {name: bind.effective_value for name, bind in compiled.binds.items() if name not in keys}
        columns: tuple[Processor, ...] = ()
        if isinstance(statement, Select):
            columns = tuple(c.type.dialect_impl(on).result_processor(on, None) for c in statement.selected_columns)
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        found = _compiled[key] = _Compiled(str(compiled), order, literals, tuple(b for b in binds if b[1]), columns)
    return found


def _run(statement: Executable, params: Mapping[str, Any]) -> tuple[DBAPICursor, _Compiled]:
    ready = _compile(statement, dialect(), tuple(params))
    cursor = connection().cursor()
    cursor.execute(ready.text, _bound(ready, params))
    return cursor, ready


def _bound(ready: _Compiled, params: Mapping[str, Any]) -> dict[str, Any] | list[Any]:
    values = {**ready.literals, **params}
    for name, process in ready.binds:
        values[name] = process(values[name])  # type: ignore[misc]
    return values if ready.order is None else [values[name] for name in ready.order]


def execute(statement: Executable, params: Mapping[str, Any]) -> int:
    """Run a Core INSERT, UPDATE or DELETE in the write transaction `begin_write` opened; its row count.

    Raises:
        RuntimeError: no write transaction is open (a write must be committed or rolled back whole).
    """
    if not _writing():
        raise RuntimeError("sql.begin_write() first: a write belongs to a transaction")
    return _run(statement, params)[0].rowcount


def execute_many(statement: Executable, rows: Sequence[Mapping[str, Any]], dbapi_connection: Any = None) -> None:
    """Run a Core INSERT or UPDATE once per row (the DB-API's `executemany`; every row has the first
    row's keys): in the write transaction `begin_write` opened, or on `dbapi_connection`, one the
    caller holds and commits (bulk loads outside requests: benchmarks/build_big_db.py).

    Raises:
        RuntimeError: no connection given and no write transaction open.
    """
    if not rows:
        return
    if dbapi_connection is None and not _writing():
        raise RuntimeError("sql.begin_write() first: a write belongs to a transaction")
    ready = _compile(statement, dialect(), tuple(rows[0]))
    cursor = (dbapi_connection if dbapi_connection is not None else connection()).cursor()
    try:
        cursor.executemany(ready.text, [_bound(ready, params) for params in rows])  # type: ignore[arg-type]  # all dicts or all lists
    finally:
        cursor.close()


def _writing() -> bool:
    driver = connection().driver_connection
    if dialect().name == "postgresql":
        return driver.info.transaction_status != driver.info.transaction_status.IDLE  # type: ignore[union-attr]
    return bool(driver.in_transaction)  # type: ignore[union-attr]


def first(statement: Select[Any], params: Mapping[str, Any]) -> Sequence[Any] | None:
    """The first row of a Core SELECT on the request's connection, its values converted by the
    columns' types; None if there is none."""
    cursor, ready = _run(statement, params)
    row = cursor.fetchone()
    return None if row is None else _converted(row, ready)


def rows(statement: Select[Any], params: Mapping[str, Any]) -> list[Sequence[Any]]:
    """Every row of a Core SELECT on the request's connection, converted as `first` does (for a
    short result: an attempt's answers)."""
    cursor, ready = _run(statement, params)
    return [_converted(row, ready) for row in cursor.fetchall()]


def _converted(row: Sequence[Any], ready: _Compiled) -> list[Any]:
    """A row's values through their columns' result processors (NULL stays None)."""
    return [
        value if process is None or value is None else process(value) for value, process in zip(row, ready.columns, strict=True)
    ]


WRITE_WAIT_SECONDS = 5.0  # as long as the busy_timeout the ORM's connections use
_RETRY_SLEEP = 0.0001


def begin_write() -> None:
    """Open a write transaction now. On PostgreSQL, a plain BEGIN: rows are locked as they are written.

    SQLite has one write lock for the whole file, and its own busy handler sleeps at least a
    millisecond at the first conflict, when another worker's commit holds the lock for a fraction
    of that (its fsync): so wait here instead, in 0.1 ms steps, with the busy timeout off for that
    one statement.

    Raises:
        OperationalError (the DB-API's): the SQLite lock was not free within WRITE_WAIT_SECONDS.
    """
    on = dialect()
    if on.name != "sqlite":
        connection().driver_connection.execute("BEGIN")  # type: ignore[union-attr]
        return
    busy = on.loaded_dbapi.OperationalError
    conn = connection().driver_connection
    assert conn is not None
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        deadline = time.monotonic() + WRITE_WAIT_SECONDS
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except busy as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                _pause()
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(WRITE_WAIT_SECONDS * 1000)}")


def _pause() -> None:
    time.sleep(_RETRY_SLEEP)


class Undone(Exception):
    """Raised by a `write` work to have its own writes undone (rolled back) and `value` returned."""

    def __init__(self, value: Any) -> None:
        super().__init__(value)
        self.value = value


def write(work: Callable[[], T]) -> T:
    """Run `work` (Core writes with `execute`, reads with `first`) in a write transaction of its own
    on the request's connection and commit it; `work` raising `Undone` undoes its writes instead.
    The write is durable when this returns (`synchronous=FULL` on SQLite). Whatever `work` raises
    is raised here, its writes undone.
    """
    begin_write()
    try:
        value = work()
    except Undone as undone:
        rollback()
        return undone.value
    except BaseException:
        rollback()
        raise
    commit()
    return value


def commit() -> None:
    connection().commit()


def rollback() -> None:
    connection().rollback()


def release(_exc: BaseException | None = None) -> None:
    """Give the request's connection back to the pool, anything left uncommitted rolled back (and,
    on PostgreSQL, out of autocommit mode again, as the ORM expects it)."""
    pooled: PoolProxiedConnection | None = g.pop("sql_connection", None)
    if pooled is None:
        return
    if dialect().name == "postgresql":
        pooled.rollback()
        pooled.driver_connection.autocommit = False  # type: ignore[union-attr]
    pooled.close()
