"""The chain of custody and ``verify``: every kind of tampering is named, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from whodid.config import Settings
from whodid.model import Document, EvidenceItem
from whodid.store import Repository, StoreError
from whodid.store.custody import GENESIS, Entry, check_chain
from whodid.store.engine import create_engine

DocumentFactory = Callable[..., Document]


@pytest.fixture
def make_document(document_factory: DocumentFactory) -> DocumentFactory:
    return document_factory


@pytest.fixture
def filled(
    repo: Repository, document_factory: DocumentFactory, record_factory: Callable[..., Any]
) -> Repository:
    """A store with two documents, one evidence item and a few log entries."""
    for text in ("Police detained a lawyer.", "Soldiers beat a farmer."):
        doc = document_factory(text)
        repo.add(doc, record_factory(doc))
    data = b"WARC/1.1 pretend capture bytes"
    item = EvidenceItem(
        id=hashlib.sha256(data).hexdigest(),
        kind="warc",
        media_type="application/warc",
        size_bytes=len(data),
        origin="https://example.org/page",
        captured_at=datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
    )
    repo.add_evidence(item, data)
    repo.log("viewed", item.id, {"command": "test"})
    return repo


@pytest.fixture
def raw_sql(settings: Settings) -> Iterator[sa.Engine]:
    """An engine that bypasses the append-only trigger, as someone tampering would."""
    engine = create_engine(settings.database_url)
    yield engine
    engine.dispose()


def _tamper(engine: sa.Engine, *statements: str) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS custody_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS custody_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE custody DISABLE TRIGGER USER")
        for statement in statements:
            conn.exec_driver_sql(statement)


def problems(repo: Repository) -> list[str]:
    return repo.verify(record=False).problems()


def test_an_untouched_store_verifies_and_logs_the_check(filled: Repository) -> None:
    report = filled.verify()
    assert report.ok, report.problems()
    assert report.items == 3
    actions = [e.action for e in filled.custody_log()]
    assert actions == ["ingested", "ingested", "captured", "viewed", "verified"]
    assert filled.custody_log()[-1].details["ok"] is True


def test_each_entry_links_to_the_one_before(filled: Repository) -> None:
    log = filled.custody_log()
    assert log[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(log))
    assert all(e.hash == e.content_hash() for e in log)


def test_the_database_refuses_to_change_history(filled: Repository, settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        for statement in ("UPDATE custody SET actor = 'someone else'", "DELETE FROM custody"):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()
    assert len(filled.custody_log()) == 4


def test_a_flipped_byte_in_a_stored_item_is_named(
    filled: Repository, settings: Settings, make_document: DocumentFactory
) -> None:
    doc_id = make_document("Police detained a lawyer.").id
    path = settings.blobs_dir / doc_id[:2] / doc_id
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[10] ^= 0x01
    path.write_bytes(bytes(data))
    assert problems(filled) == [f"item {doc_id} has been altered: its bytes no longer hash to its name"]


def test_a_missing_item_is_named(
    filled: Repository, settings: Settings, make_document: DocumentFactory
) -> None:
    doc_id = make_document("Soldiers beat a farmer.").id
    (settings.blobs_dir / doc_id[:2] / doc_id).unlink()
    assert problems(filled) == [f"item {doc_id} is missing from the blob directory"]


def test_an_edited_entry_is_named(filled: Repository, raw_sql: sa.Engine) -> None:
    _tamper(raw_sql, "UPDATE custody SET actor = 'mallory' WHERE seq = 2")
    assert problems(filled) == ["custody log entry 2: edited: its content no longer matches its hash"]


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link(
    filled: Repository, raw_sql: sa.Engine
) -> None:
    entry = filled.custody_log()[1]
    forged = Entry(
        entry.seq, entry.at, "mallory", entry.action, entry.item_id, entry.details, entry.prev_hash
    )
    _tamper(raw_sql, f"UPDATE custody SET actor = 'mallory', hash = '{forged.content_hash()}' WHERE seq = 2")
    assert problems(filled) == [
        "custody log entry 3: its link to the entry before is broken (that entry was changed)"
    ]


def test_a_deleted_entry_is_named(filled: Repository, raw_sql: sa.Engine) -> None:
    _tamper(raw_sql, "DELETE FROM custody WHERE seq = 2")
    found = problems(filled)
    assert found[0] == "custody log entry 3: entries 2 before it are missing"
    assert len(found) == 1


def test_reordered_entries_are_named(filled: Repository, raw_sql: sa.Engine) -> None:
    _tamper(
        raw_sql,
        "UPDATE custody SET seq = 100 WHERE seq = 2",
        "UPDATE custody SET seq = 2 WHERE seq = 3",
        "UPDATE custody SET seq = 3 WHERE seq = 100",
    )
    found = problems(filled)
    assert any("out of order" in p for p in found), found
    assert any(p.startswith("custody log entry 2:") for p in found)


def test_entries_cut_off_the_end_are_caught_against_the_head_file(
    filled: Repository, raw_sql: sa.Engine
) -> None:
    _tamper(raw_sql, "DELETE FROM custody WHERE seq = 4")
    assert problems(filled) == ["custody log entry 4: entries 4-4 were cut off the end of the log"]


def test_check_chain_on_its_own() -> None:
    at = datetime(2025, 5, 1, tzinfo=UTC)
    first = Entry(1, at, "ann", "ingested", "a" * 64, {}, GENESIS)
    first = Entry(1, at, "ann", "ingested", "a" * 64, {}, GENESIS, first.content_hash())
    second = Entry(2, at, "bo", "viewed", "a" * 64, {"n": 1}, first.hash)
    second = Entry(2, at, "bo", "viewed", "a" * 64, {"n": 1}, first.hash, second.content_hash())
    assert check_chain([first, second]) == []
    assert check_chain([first, second], head=(2, second.hash)) == []
    assert [p.seq for p in check_chain([second])] == [2]


def test_a_damaged_head_file_is_a_clear_error(filled: Repository, settings: Settings) -> None:
    (settings.home / "custody-head.json").write_text("not json")
    with pytest.raises(StoreError, match=r"head file .* is damaged"):
        filled.verify(record=False)


def test_evidence_bytes_must_match_their_name(repo: Repository) -> None:
    item = EvidenceItem(
        id="0" * 64,
        kind="warc",
        media_type="application/warc",
        size_bytes=3,
        origin="x",
        captured_at=datetime.now(UTC),
    )
    with pytest.raises(StoreError, match="SHA-256"):
        repo.add_evidence(item, b"abc")
    assert repo.custody_log() == []


def test_the_same_evidence_twice_is_kept_once(filled: Repository) -> None:
    item_id = hashlib.sha256(b"WARC/1.1 pretend capture bytes").hexdigest()
    again = filled.get_evidence(item_id)
    assert filled.add_evidence(again, b"WARC/1.1 pretend capture bytes") is False
    assert [e.action for e in filled.custody_log(item_id)] == ["captured", "viewed"]


def test_stored_items_are_read_only(filled: Repository, settings: Settings) -> None:
    item_id = hashlib.sha256(b"WARC/1.1 pretend capture bytes").hexdigest()
    path: Path = settings.blobs_dir / item_id[:2] / item_id
    assert path.stat().st_mode & 0o222 == 0


def test_a_disk_that_fills_mid_write_leaves_nothing_half_written(
    repo: Repository, settings: Settings, make_document: DocumentFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    doc = make_document("Guards beat a detainee.")
    with pytest.raises(StoreError, match="No space left on device; nothing was stored"):
        repo.add(doc, None)
    monkeypatch.setattr(os, "fsync", real_fsync)
    leftovers = (
        [p for p in settings.blobs_dir.rglob("*") if p.is_file()] if settings.blobs_dir.exists() else []
    )
    assert leftovers == []
    assert repo.count() == 0 and repo.custody_log() == []
    assert repo.add(doc, None) is True and repo.verify(record=False).ok
