"""Someone who takes the database and nothing else reads no victim's name, place or words.

A store is filled through every path that writes words of a report or about a
person: ingest with extraction (text, title, origin, record, events, actors,
the full-text index), an evidence item with metadata, a review correction
that adds a victim, the custody log. Then the database is read raw, without
the keys: on SQLite the bytes of the file (tables, indexes, the FTS5 shadow
tables, free pages) and every cell of every table; on PostgreSQL every cell
of every table in the schema, cast to text. No sensitive value may appear in
any form (as written, case-folded, transliterated, or a coordinate's bytes).
A clear code (the country) is found by the same scan, so it is not blind, and
the store itself, holding the keys, still finds everything.
"""

from __future__ import annotations

import hashlib
import sqlite3
import struct
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from whodid.config import Settings
from whodid.extract import Extractor
from whodid.ingest import ingest_bytes
from whodid.model import EvidenceItem
from whodid.review.fields import add_victim
from whodid.store import Repository
from whodid.store.engine import create_engine

# invented people; one written in Cyrillic so its transliteration is checked too
VICTIM = "Oksanna Dreveliuk"
WITNESS_CYRILLIC = "Гульнара Темирбекова"
WITNESS_LATIN = "Gulnara Temirbekova"
ADDED = "Brannoch Ilveska"
WORD = "sternocleidomastoid"  # a word of the report that is not a name
TEXT = (
    f"On 14 February 2024, police officers in Nairobi, Kenya, beat the journalist {VICTIM} "
    f"until her {WORD} was torn. Her neighbour {WITNESS_CYRILLIC} saw it and was later threatened.\n"
)


def _fill(repo: Repository) -> tuple[str, list[str], list[bytes]]:
    document = ingest_bytes(TEXT.encode(), f"statement of {VICTIM}.txt", media_type="text/plain")
    record = Extractor().extract(document)
    repo.add(document, record)
    data = b"an image, pretend"
    repo.add_evidence(
        EvidenceItem(
            id=hashlib.sha256(data).hexdigest(),
            kind="image",
            media_type="image/jpeg",
            size_bytes=len(data),
            origin=f"https://example.org/{VICTIM.replace(' ', '-')}.jpg",
            captured_at=datetime.now(UTC),
            document_id=document.id,
            metadata={"exif": {"Artist": WITNESS_LATIN, "GPSLatitude": -1.28333}},
        ),
        data,
    )
    stored = repo.get_record(document.id)
    assert stored is not None
    repo.save_review(stored, [add_victim(stored, ADDED, "activists", None, document.text)], "ana")
    point = repo.event_points()[0]
    lat, lon = point.lat, point.lon
    secrets = [VICTIM, WITNESS_CYRILLIC, WITNESS_LATIN, ADDED, WORD, "Dreveliuk", "Темирбекова", "Ilveska"]
    secrets += [s.casefold() for s in secrets] + [s.upper() for s in secrets]
    numbers = [struct.pack(">d", lat), struct.pack("<d", lat), struct.pack(">d", lon), struct.pack("<d", lon)]
    secrets += [repr(lat), repr(lon), "-1.28333"]
    return document.id, secrets, numbers


def _cells_sqlite(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        cells = []
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                cells += [
                    c.decode("utf-8", "replace") if isinstance(c, bytes) else str(c)
                    for c in row
                    if c is not None
                ]
        return cells
    finally:
        conn.close()


def _cells_postgres(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = conn.execute(
                sa.text(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                )
            ).scalars()
            cells = []
            for table in list(tables):
                for row in conn.execute(sa.text(f'SELECT t::text FROM "{table}" AS t')):
                    cells.append(row[0])
            return cells
    finally:
        engine.dispose()


def test_the_database_alone_reveals_no_name_place_or_word(settings: Settings) -> None:
    with Repository.open(settings) as repo:
        doc_id, secrets, numbers = _fill(repo)
        # the store, holding the keys, still reads and finds everything
        assert VICTIM in repo.get_document(doc_id).text
        assert [r.document_id for r in repo.search(WORD)] == [doc_id]
        assert [r.document_id for r in repo.search(WITNESS_LATIN.split()[1])] == [doc_id]  # transliterated
        assert {a.document_id for a in repo.appearances(VICTIM.upper())} == {doc_id}
        assert {a.document_id for a in repo.appearances(ADDED)} == {doc_id}
        assert repo.event_points()[0].lat is not None
        assert any(e.details.get("origin", "").startswith("statement of") for e in repo.custody_log(doc_id))

    url = sa.make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        cells = _cells_sqlite(path)
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        leaks = [s for s in secrets if s.encode() in raw] + [repr(n) for n in numbers if n in raw]
        assert not leaks, f"found in the database file: {leaks}"
        assert b"KEN" in raw  # the scan sees what is stored in the clear
    else:
        cells = _cells_postgres(settings.database_url)
    joined = "\n".join(cells)
    assert "KEN" in joined
    leaks = [s for s in secrets if s in joined]
    assert not leaks, f"found in a table: {leaks}"


def test_a_store_opened_without_its_keys_writes_nothing_in_the_clear(settings: Settings) -> None:
    """A Repository built by hand on a bare engine has no keyring: it refuses, it does not fall back."""
    import pytest

    from whodid.store import StoreError
    from whodid.store.blobs import BlobStore
    from whodid.store.engine import migrate

    settings.ensure_home()
    engine = create_engine(settings.database_url)
    migrate(engine)
    bare = Repository(engine, BlobStore(settings.blobs_dir))
    document = ingest_bytes(TEXT.encode(), "x.txt", media_type="text/plain")
    # SQLAlchemy wraps the type's StoreError in a StatementError
    with pytest.raises((StoreError, sa.exc.StatementError), match="without its keys"):
        bare.add(document, None)
    bare.close()
    with Repository.open(settings) as repo:
        assert repo.count() == 0


def test_the_sqlite_files_are_readable_by_their_owner_only(settings: Settings) -> None:
    url = sa.make_url(settings.database_url)
    if url.get_backend_name() != "sqlite":
        return  # PostgreSQL's files are the server's
    with Repository.open(settings) as repo:
        repo.add(ingest_bytes(TEXT.encode(), "x.txt", media_type="text/plain"), None)
        path = Path(str(url.database))
        files = [p for p in path.parent.glob(path.name + "*")]
        assert path in files and len(files) >= 2  # the database and its write-ahead log
        for file in files:
            assert file.stat().st_mode & 0o077 == 0, (file, oct(file.stat().st_mode))
