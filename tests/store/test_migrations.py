"""The packaged migrations: they build what tables.py declares, and re-running is a no-op."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from whodid.config import Settings
from whodid.store import Repository
from whodid.store.engine import BUSY_TIMEOUT_MS, alembic_config, create_engine, migrate
from whodid.store.tables import metadata


def test_migrated_schema_matches_the_tables_module(settings: Settings) -> None:
    Repository.open(settings).close()
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": False})
            diff = [
                d
                for d in compare_metadata(context, metadata)
                # search_index is created per dialect by the migration, on purpose not in metadata.
                if not (d[0] == "remove_table" and d[1].name.startswith("search_index"))
                and not (d[0] == "remove_index" and d[1].table.name == "search_index")
            ]
            assert diff == []
            head = ScriptDirectory.from_config(alembic_config()).get_current_head()
            assert context.get_current_revision() == head
            names = set(sa.inspect(conn).get_table_names())
            assert "search_index" in names
    finally:
        engine.dispose()


def test_upgrade_twice_is_a_no_op(settings: Settings) -> None:
    settings.ensure_home()
    engine = create_engine(settings.database_url)
    try:
        migrate(engine)
        migrate(engine)
        with engine.connect() as conn:
            versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
        assert versions == [ScriptDirectory.from_config(alembic_config()).get_current_head()]
    finally:
        engine.dispose()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path}/p.db")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
    finally:
        engine.dispose()


def test_upgrading_fills_the_review_queue_key_of_existing_records(
    settings: Settings, document_factory: Any, record_factory: Any
) -> None:
    from alembic import command

    from whodid.store.engine import writer

    settings.ensure_home()
    engine = create_engine(settings.database_url)
    try:
        with writer(engine).begin() as conn:
            command.upgrade(alembic_config(conn), "0002")
        document = document_factory("Police detained a reporter.")
        record = record_factory(document)
        with writer(engine).begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO documents (id, media_type, origin, received_at, text, size_bytes, metadata, "
                    "boilerplate, segments, pages) VALUES (:id, 'text/plain', 'x', :at, :text, 1, '{}', '[]', '[]', '[]')"
                ),
                {"id": document.id, "at": document.received_at, "text": document.text},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO records (document_id, data, extractor, created_at, updated_at) "
                    "VALUES (:id, :data, 'x', :at, :at)"
                ),
                {"id": document.id, "data": json.dumps(record.to_dict()), "at": document.received_at},
            )
        migrate(engine)
        with engine.connect() as conn:
            value = conn.execute(sa.text("SELECT pending_confidence FROM records")).scalar_one()
        assert value is not None and 0.0 <= value <= 1.0
    finally:
        engine.dispose()


def _plain(table: sa.Table) -> sa.Table:
    """``table`` as revision 0005 knew it: sealed columns in the clear, no blind index."""
    from whodid.store import sealed

    plain = {sealed.Sealed: sa.Text(), sealed.SealedJSON: sa.JSON(), sealed.SealedFloat: sa.Float()}
    columns = [
        sa.Column(c.name, plain.get(type(c.type), c.type), primary_key=c.primary_key)
        for c in table.columns
        if not isinstance(c.type, sealed.BlindIndex)
    ]
    return sa.Table(table.name, sa.MetaData(), *columns)


def test_rows_stored_in_the_clear_before_0006_are_sealed_at_the_first_open(settings: Settings) -> None:
    """A store written by a version without encryption at rest is sealed once, in place."""
    from alembic import command

    from whodid.extract import Extractor
    from whodid.ingest import ingest_bytes
    from whodid.store import rows
    from whodid.store.repository import _document_row
    from whodid.store.tables import actors, documents, events, records

    text = "On 2 May 2024, soldiers detained the teacher Velimir Ostrakovic in Mombasa, Kenya.\n"
    document = ingest_bytes(text.encode(), "legacy.txt", media_type="text/plain")
    record = Extractor().extract(document)
    derived = rows.record_rows(record)
    settings.ensure_home()
    from whodid.store.blobs import BlobStore

    BlobStore(settings.blobs_dir).put(document.id, document.raw)
    engine = create_engine(settings.database_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0005")
            conn.execute(sa.insert(_plain(documents)).values(_document_row(document)))
            now = document.received_at
            conn.execute(
                sa.insert(_plain(records)).values(
                    document_id=document.id,
                    data=record.to_dict(),
                    extractor="old",
                    created_at=now,
                    updated_at=now,
                )
            )
            for actor in derived.actors:
                actor = {k: v for k, v in actor.items() if k != "name_index"}
                conn.execute(sa.insert(_plain(actors)).values(document_id=document.id, **actor))
            for event in derived.events:
                conn.execute(sa.insert(_plain(events)).values(document_id=document.id, **event.event))
            conn.execute(
                sa.text("INSERT INTO search_index (document_id, title, body) VALUES (:d, '', :b)"),
                {"d": document.id, "b": text},
            )
    finally:
        engine.dispose()

    with Repository.open(settings) as repo:
        assert repo.get_document(document.id).text == document.text
        assert [r.document_id for r in repo.search("Ostrakovic")] == [document.id]
        with repo._engine.connect() as conn:  # the blind index was filled from the sealed names
            found = conn.execute(sa.select(actors.c.name).where(actors.c.name_index == "velimir ostrakovic"))
            assert found.scalars().all() == ["Velimir Ostrakovic"]
        assert repo.event_points()[0].lat is not None
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            raw = [
                *conn.execute(sa.text("SELECT text, origin FROM documents")).one(),
                *conn.execute(sa.text("SELECT CAST(data AS TEXT) FROM records")).one(),
                *conn.execute(sa.text("SELECT CAST(lat AS TEXT) FROM events WHERE lat IS NOT NULL")).one(),
            ]
            assert raw and all(str(v).startswith("v1.") for v in raw), raw
            body = conn.execute(sa.text("SELECT body FROM search_index")).scalar_one()
            assert "Ostrakovic" not in body
            assert conn.execute(sa.text("SELECT COUNT(*) FROM store_state")).scalar_one() == 0
    finally:
        engine.dispose()
