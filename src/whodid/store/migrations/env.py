"""Alembic environment: migrate the connection the repository hands over.

``whodid.store.engine.migrate`` passes an open connection, already inside a
transaction, as ``config.attributes["connection"]``, so the whole upgrade commits
or rolls back as one. Run without one (Alembic's own commands, for instance to
write a new revision), it connects to ``sqlalchemy.url`` if the config sets it,
else to the database of :func:`whodid.config.load_settings`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from whodid.store.tables import metadata

# Any constant will do, as long as nothing else in the database uses it.
MIGRATION_LOCK_KEY = 0x77686F646964  # "whodid"


def run_migrations(connection: Connection) -> None:
    """Upgrade on ``connection``; PostgreSQL migrations are serialised by an advisory lock."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
    context.configure(connection=connection, target_metadata=metadata, transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Migrate the handed-over connection, else the configured database."""
    if context.is_offline_mode():
        raise SystemExit("whodid migrations need a database connection (offline mode is not supported)")
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    from whodid.config import load_settings
    from whodid.store.engine import create_engine, writer

    url = context.config.get_main_option("sqlalchemy.url") or load_settings().database_url
    engine = create_engine(url)
    try:
        with writer(engine).begin() as conn:
            run_migrations(conn)
    finally:
        engine.dispose()


main()
