"""The database's schema: made on first start, checked at every start, changed by Alembic migrations.

An empty database gets today's tables (`create_all`) and is stamped with the newest migration. A
database behind the code is refused, with the way to upgrade it (`quizapp db upgrade`, or
`quizapp serve --upgrade`), unless the app was told to upgrade it (`DATABASE_UPGRADE`). Migrations
live in `quizapp/migrations/versions` (Flask-Migrate, batch mode for SQLite: see docs/deployment.md).

SQLite files from before Alembic kept their version in `PRAGMA user_version` (1 to 3): they are
stamped with the migration that stands for that version, then upgraded like any other.

A start that finds the database current (every restart) reads its revision from Alembic's own
table and the code's newest revision from the names of the migration files (`head`), without
importing Alembic: Alembic, Mako and every SQL dialect Alembic knows take about a tenth of a
second to import, which a server start pays only when there is something to create or migrate.
`tests/test_web_db.py` checks that the names say what Alembic reads in the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import Engine

from .extensions import db

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LEGACY = {1: "0001_first_schema", 2: "0002_flashcards", 3: "0003_sessions_and_throttling"}
_LOCK = 0x7175697A  # "quiz": PostgreSQL's advisory lock for schema changes


class SchemaError(Exception):
    """The database cannot be used by this code as it is; the message says what to do."""


@dataclass(frozen=True)
class State:
    """Where a database stands: `found` is its revision (None: empty), `head` the code's."""

    found: str | None
    head: str
    legacy: bool = False  # a file from before Alembic, known by its PRAGMA user_version

    @property
    def current(self) -> bool:
        return self.found == self.head and not self.legacy


VERSIONS = MIGRATIONS / "versions"
REVISION_FILE = "[0-9][0-9][0-9][0-9]_*.py"  # `0006_counters.py` holds the revision `0006_counters`


def head() -> str:
    """The code's newest revision: the file name numbered highest (each migration's revision is its
    file name, and each comes down from the one numbered before it: tests/test_web_db.py).

    Raises:
        SchemaError: no migration file (an installation without them cannot check its database).
    """
    names = [path.stem for path in VERSIONS.glob(REVISION_FILE)]
    if not names:
        raise SchemaError(f"aucune migration dans {VERSIONS} : l'installation de quizapp est incomplète")
    return max(names)


def scripts() -> ScriptDirectory:
    """Alembic's view of the migrations (imports Alembic: only when a database is created or migrated)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


def lock(connection: Connection) -> None:
    """Take the database's lock for schema changes until the end of the connection's transaction."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock; SQLite's DDL is transactional
    else:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})


def state(engine: Engine) -> State:
    """Read the database's revision (or its legacy version, or its emptiness).

    Raises:
        SchemaError: tables without any version this code knows.
    """
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if "alembic_version" in tables:  # Alembic's table: one row per head
            found = sorted(connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
            return State(",".join(found), head())
        if not tables:
            return State(None, head())
        version = connection.exec_driver_sql("PRAGMA user_version").scalar() if connection.dialect.name == "sqlite" else 0
    if version not in LEGACY:
        raise SchemaError(f"la base a des tables ({', '.join(sorted(tables))}) mais aucune version connue de quizapp")
    return State(LEGACY[version], head(), legacy=True)


def create(engine: Engine) -> bool:
    """Make today's tables in an empty database and stamp it with the newest migration, under the
    schema lock (several workers may start together); True if this call made them."""
    from alembic.runtime.migration import MigrationContext

    from . import models  # noqa: F401 - registers the tables

    with engine.connect() as connection, connection.begin():
        lock(connection)
        if inspect(connection).get_table_names():
            return False  # another worker was first
        db.metadata.create_all(connection)
        MigrationContext.configure(connection).stamp(scripts(), "head")
    return True


def migrate(engine: Engine, revision: str = "head", uploads: Path | None = None) -> None:
    """Run the migrations from the database's revision up to `revision` (migrations/env.py).

    Args:
        uploads: the instance's folder of decks uploaded before they went into the database.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    config.attributes["uploads"] = uploads
    command.upgrade(config, revision)


def upgrade(engine: Engine, uploads: Path | None = None) -> State:
    """Bring the database to the newest revision (an empty one is created); returns the state found before.

    Raises:
        SchemaError: a database newer than this code, or with unknown tables.
    """
    before = state(engine)
    if before.found is None:
        create(engine)
        return before
    if before.found != before.head and before.found not in _known():
        raise SchemaError(_newer(before, engine))
    if before.legacy:
        from alembic.runtime.migration import MigrationContext

        with engine.connect() as connection, connection.begin():
            MigrationContext.configure(connection).stamp(scripts(), before.found)
    migrate(engine, uploads=uploads)
    return before


def prepare(engine: Engine, allow_upgrade: bool, uploads: Path | None = None) -> State:
    """At start: create an empty database, accept a current one, upgrade an older one if allowed;
    returns the state found.

    Raises:
        SchemaError: an older database (and no upgrade allowed), or a newer one.
    """
    found = state(engine)
    if found.found is None:
        create(engine)
    elif found.current:
        pass
    elif found.found not in _known():
        raise SchemaError(_newer(found, engine))
    elif allow_upgrade:
        upgrade(engine, uploads)
    else:
        raise SchemaError(
            f"la base {_name(engine)} est à la révision « {found.found} » et ce code attend « {found.head} ». "
            "Sauvegardez-la, puis mettez-la à jour : `quizapp db upgrade` (avec les mêmes --instance et "
            "--database), ou démarrez avec `quizapp serve --upgrade`."
        )
    return found


def _known() -> set[str]:
    return {script.revision for script in scripts().walk_revisions()}


def _name(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _newer(found: State, engine: Engine) -> str:
    return (
        f"la base {_name(engine)} est à la révision « {found.found} », inconnue de ce code (plus récent ?) : "
        f"il attend « {found.head} »."
    )
