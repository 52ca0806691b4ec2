"""Encrypted backups: restore on a fresh directory (also across databases), wrong keys, tampering."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from whodid.config import Settings
from whodid.model import Document, EvidenceItem
from whodid.store import Repository, StoreError


@pytest.fixture
def filled(
    repo: Repository, document_factory: Callable[..., Document], record_factory: Callable[..., Any]
) -> Repository:
    for text in ("Police detained the editor Lena Vogt.", "Soldiers beat a farmer in Orvel."):
        doc = document_factory(text)
        repo.add(doc, record_factory(doc))
    data = b"a WARC, pretend"
    repo.add_evidence(
        EvidenceItem(
            id=hashlib.sha256(data).hexdigest(),
            kind="warc",
            media_type="application/warc",
            size_bytes=len(data),
            origin="https://example.org/x",
            captured_at=datetime.now(UTC),
        ),
        data,
    )
    repo.add_user("ana", "a long enough password", "researcher")
    repo.enable_totp("ana")
    return repo


def _fresh(tmp_path: Path, name: str, settings: Settings) -> Settings:
    home = tmp_path / name
    home.mkdir()
    shutil.copy(settings.home / "master.key", home / "master.key")  # the key travels apart from the backup
    (home / "master.key").chmod(0o600)
    return Settings(home=home, database_url=f"sqlite:///{home}/whodid.db")


def test_a_backup_restores_on_a_fresh_directory(
    filled: Repository, settings: Settings, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "store.whodid-backup"
    target.parent.mkdir()
    manifest = filled.backup_to(target)
    assert manifest["tables"]["documents"] == 2 and manifest["tables"]["custody"] >= 5
    raw = target.read_bytes()
    assert b"Lena Vogt" not in raw and b"Police" not in raw  # encrypted
    fresh = _fresh(tmp_path, "restored", settings)
    with Repository.open(fresh) as restored:
        restored.restore_from(target)
        assert restored.count() == 2
        assert [r.title for r in restored.search("Vogt")]  # the search index was rebuilt
        assert restored.check_login("ana", "a long enough password") is None  # the second factor came along
        assert restored.verify(record=False).ok
        with pytest.raises(StoreError, match="not empty"):
            restored.restore_from(target)


def test_a_wrong_key_or_an_altered_backup_restores_nothing(
    filled: Repository, settings: Settings, tmp_path: Path
) -> None:
    target = tmp_path / "b.whodid-backup"
    filled.backup_to(target)
    wrong = _fresh(tmp_path, "wrong-key", settings)
    (wrong.home / "master.key").write_text("B" * 43 + "\n")
    with Repository.open(wrong) as other:
        with pytest.raises(StoreError, match="wrong master key"):
            other.restore_from(target)
        assert other.count() == 0 and other.custody_log() == []
    damaged = tmp_path / "damaged.whodid-backup"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 1
    damaged.write_bytes(bytes(data))
    again = _fresh(tmp_path, "damaged", settings)
    with Repository.open(again) as other:
        with pytest.raises(StoreError, match="does not decrypt"):
            other.restore_from(damaged)
        assert other.count() == 0
    truncated = tmp_path / "short.whodid-backup"
    truncated.write_bytes(target.read_bytes()[:-10])
    third = _fresh(tmp_path, "short", settings)
    with Repository.open(third) as other, pytest.raises(StoreError):
        other.restore_from(truncated)
