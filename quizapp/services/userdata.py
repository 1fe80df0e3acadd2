"""A user's rows, found by walking the models' foreign keys: deleted with the account, or exported.

Nothing here lists tables by hand. Every foreign key that leads to `users.id`, directly or through
rows that go with the user (an answer through its attempt), is followed; the rule for each is the
model's (see `models.ON_USER_DELETE`): the row goes with the user, or it stays and forgets them.
Columns marked `models.SECRET` never leave the database; a column marked `models.USERNAME` ties a
row to the user by name (log-in tries).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, MetaData, Select, Table, delete, false, or_, select, update

from ..extensions import db
from ..models import ACTOR, KEEP_ROW, ON_USER_DELETE, SECRET, USERNAME

DELETE, SET_NULL = "delete", "set null"


@dataclass(frozen=True)
class Link:
    """A foreign key column of `table` that leads to the user, and what their deletion does to it."""

    table: Table
    column: Column[Any]
    parent: Table
    policy: str  # DELETE or SET_NULL


def policy_of(column: Column[Any]) -> str:
    """What deleting the user does to a row whose `column` refers to them (or to a row of theirs)."""
    if column.info.get(ON_USER_DELETE) == KEEP_ROW:
        return SET_NULL
    if any((fk.ondelete or "").upper() == "SET NULL" for fk in column.foreign_keys):
        return SET_NULL
    return DELETE


def links(metadata: MetaData, users: Table) -> list[Link]:
    """Every foreign key that leads to `users`, parents before children (`sorted_tables`)."""
    owned = {users}
    found: list[Link] = []
    for table in metadata.sorted_tables:
        for fk in sorted(table.foreign_keys, key=lambda k: k.parent.name):
            parent = fk.column.table
            if parent in owned and table is not parent:
                link = Link(table, fk.parent, parent, policy_of(fk.parent))
                found.append(link)
                if link.policy == DELETE:
                    owned.add(table)
    return found


@dataclass(frozen=True)
class Plan:
    """For one user: the rows that are theirs (table -> condition) and the references to forget."""

    users: Table
    owned: dict[Table, ColumnElement[bool]]  # rows that go with the user, parents first
    kept: list[tuple[Link, ColumnElement[bool]]]  # rows that stay, their link set to NULL
    named: dict[Table, ColumnElement[bool]]  # rows of tables that name users, naming this one

    def delete(self) -> dict[str, int]:
        """Forget the user in the rows that stay, then delete theirs, children first (the caller
        commits: one transaction); how many rows each table lost."""
        for link, where in self.kept:
            db.session.execute(update(link.table).where(where).values({link.column.name: None}))
        counts: dict[str, int] = {}
        for table, where in reversed(self.owned.items()):
            counts[table.name] = int(db.session.execute(delete(table).where(where)).rowcount)  # type: ignore[attr-defined]
        return counts

    def export(self) -> dict[str, list[dict[str, Any]]]:
        """Every row about the user, table by table, in primary-key order, without secret columns:
        the rows that are theirs, and the rows that stay but name them. A table that names users
        gives only the rows that name this one, whatever else links it to them: a teacher's class
        goes with the teacher, but its other members' rows are theirs, not the teacher's."""
        about: dict[Table, ColumnElement[bool]] = {t: self.named.get(t, where) for t, where in self.owned.items()}
        for table, where in self.named.items():
            about.setdefault(table, where)
        out: dict[str, list[dict[str, Any]]] = {}
        for table, where in about.items():
            out[table.name] = [_plain(row) for row in db.session.execute(_shown(table).where(where)).mappings()]
        return out


def plan(metadata: MetaData, users: Table, user_id: int, username: str) -> Plan:
    """The rows of `user_id` in every table of `metadata` (see the module docstring)."""
    owned: dict[Table, ColumnElement[bool]] = {users: users.c.id == user_id}
    kept: list[tuple[Link, ColumnElement[bool]]] = []
    named: dict[Table, ColumnElement[bool]] = {}
    for link in links(metadata, users):
        (target,) = [fk.column for fk in link.column.foreign_keys if fk.column.table is link.parent]
        if target is users.c.id:
            where = link.column == user_id
            if not link.column.info.get(ACTOR):  # someone else's row they acted on: not theirs to download
                named[link.table] = or_(named[link.table], where) if link.table in named else where
        else:
            where = link.column.in_(select(target).where(owned[link.parent]))
        if link.policy == SET_NULL:
            kept.append((link, where))
        else:
            owned[link.table] = or_(owned[link.table], where) if link.table in owned else where
    for table in metadata.sorted_tables:  # rows tied to the user by name, not by id
        for column in table.columns:
            if column.info.get(USERNAME) and table is not users:
                owned[table] = or_(owned.get(table, false()), column == username)
    return Plan(users, owned, kept, named)


def _shown(table: Table) -> Select[Any]:
    return select(*(c for c in table.columns if not c.info.get(SECRET))).order_by(*table.primary_key.columns)


def _plain(row: Any) -> dict[str, Any]:
    return {key: _json_value(value) for key, value in row.items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value
