"""Alembic's environment for quizapp: the app's tables, on the engine `schema.migrate` passes, or on
the Flask app's own for Flask-Migrate's commands (`flask --app quizapp db revision --autogenerate`).

Each run is one transaction that holds the database's schema lock, so two servers told to upgrade
at once run the migrations once: on SQLite, `BEGIN IMMEDIATE` (the write lock; DDL is transactional
once a transaction is open); on PostgreSQL, a transaction-scoped advisory lock. SQLite's batch mode
rebuilds a table to change it: foreign keys are off meanwhile (SQLite's own procedure for ALTER
TABLE) and checked before the commit.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Engine

from quizapp import models, schema  # noqa: F401 - models registers the tables
from quizapp.extensions import db

config = context.config


def engine() -> Engine:
    given: Engine | None = config.attributes.get("engine")
    if given is not None:
        return given
    from flask import current_app

    flask_engine: Engine = current_app.extensions["migrate"].db.engine
    return flask_engine


def run_migrations_online() -> None:
    with engine().connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")  # only outside a transaction
            connection.commit()
        try:
            with connection.begin():  # ours: Alembic sees a transaction open and leaves it to us
                schema.lock(connection)
                context.configure(connection=connection, target_metadata=db.metadata, compare_type=True, render_as_batch=True)
                with context.begin_transaction():
                    context.run_migrations()
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("la migration laisserait des références sans leur ligne : annulée")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")


if context.is_offline_mode():
    raise SystemExit("quizapp's migrations run on a database, not as an SQL script")
run_migrations_online()
