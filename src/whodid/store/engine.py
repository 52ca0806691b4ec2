"""Database connections and schema migrations.

SQLite is set up for a tool that a CLI and a web UI may use at once: WAL (readers
never block the writer), foreign keys enforced (SQLite's default is off, which
would let the cascades silently do nothing), and a busy timeout so a second
writer waits instead of failing. Transactions are begun by us, not by the
``sqlite3`` module, which otherwise commits DDL on its own and begins lazily:
a write transaction is ``BEGIN IMMEDIATE`` so it takes the write lock first
and waits its turn, rather than failing half way when another writer won.

Migrations run on every open, in code (there is no ``alembic.ini`` to find):
the versions ship inside the package, and ``upgrade head`` on a current
database does nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 15_000
WRITE = "whodid_write"  # execution option: begin with BEGIN IMMEDIATE on SQLite


def create_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite connections get WAL, foreign keys and a busy timeout."""
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take SQLite's write lock up front."""
    return engine.execution_options(**{WRITE: True})


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # no implicit BEGIN/COMMIT: see _sqlite_begin
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the packaged migrations, built without an ini file."""
    cfg = Config()
    # ConfigParser interpolates '%': a path holding one must have it doubled.
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest version, in one transaction; idempotent.

    On SQLite the transaction holds the write lock and on PostgreSQL the
    migration takes an advisory lock (see ``migrations/env.py``), so two
    processes opening a new database at once do not both create it.
    """
    with writer(engine).begin() as connection:
        command.upgrade(alembic_config(connection), "head")
