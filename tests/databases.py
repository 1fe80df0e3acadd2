"""The database each test runs on: a SQLite file (the default) or, when QUIZAPP_TEST_DATABASE holds
a PostgreSQL server's URL (`scripts/test-postgres` sets it), a database of its own on that server.

Each test folder (`tmp_path`, or a folder under it) gets its own database: two apps made on the
same folder share it, as two servers share one database. PostgreSQL databases are copied from a
template that holds today's empty tables, and dropped when the test ends.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sqlalchemy import create_engine, make_url
from sqlalchemy.engine import URL, Engine
from sqlalchemy.pool import NullPool

SERVER = os.environ.get("QUIZAPP_TEST_DATABASE") or None
BACKEND = make_url(SERVER).get_backend_name() if SERVER else "sqlite"
TEMPLATE = f"quizapp_template_{os.getpid()}"


class Databases:
    """The databases made for the running tests (PostgreSQL only; SQLite files live in tmp_path)."""

    def __init__(self, server: str | None) -> None:
        self.server = make_url(server) if server else None
        self.made: dict[Path, str] = {}
        self._admin: Engine | None = None
        self._template = False

    def admin(self) -> Engine:
        """An autocommit engine on the server's maintenance database (CREATE and DROP DATABASE)."""
        if self._admin is None:
            assert self.server is not None
            self._admin = create_engine(self.server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        return self._admin

    def url_of(self, name: str) -> URL:
        assert self.server is not None
        return self.server.set(database=name)

    def _make_template(self) -> None:
        from quizapp import schema

        with self.admin().connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{TEMPLATE}"')
        engine = create_engine(self.url_of(TEMPLATE))
        try:
            schema.create(engine)
        finally:
            engine.dispose()
        self._template = True

    def url(self, folder: Path, empty: bool = False) -> str:
        """The database of `folder` (made on first use: today's tables, no rows; `empty`: no tables)."""
        if self.server is None:
            return f"sqlite:///{folder / 'test.sqlite'}"
        name = self.made.get(folder)
        if name is None:
            if not empty and not self._template:
                self._make_template()
            name = "qa_" + hashlib.sha256(str(folder).encode()).hexdigest()[:20]
            with self.admin().connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{"template0" if empty else TEMPLATE}"')
            self.made[folder] = name
        return self.url_of(name).render_as_string(hide_password=False)

    def drop_all(self, keep_template: bool = True) -> None:
        """Drop the databases made so far (their last connections are ended)."""
        if self.server is None:
            return
        names = list(self.made.values()) + ([] if keep_template or not self._template else [TEMPLATE])
        self.made.clear()
        with self.admin().connect() as conn:
            for name in names:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not keep_template:
            self._template = False
            self.admin().dispose()


DATABASES = Databases(SERVER)


def database_url(folder: Path, empty: bool = False) -> str:
    """The URL of the test database that belongs to `folder` (see the module docstring)."""
    return DATABASES.url(folder, empty)
