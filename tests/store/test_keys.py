"""Encryption at rest: the master key outside the database, sealed values, rotation, wrong keys."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
import sqlalchemy as sa

from whodid.config import Settings
from whodid.protect.keys import KeyProblem, Keyring, new_key
from whodid.store import Repository, StoreError
from whodid.store.engine import create_engine

PASSWORD = "a long enough password"


def _secret(uri: str) -> str:
    return parse_qs(urlparse(uri).query)["secret"][0]


def _raw_dump(settings: Settings) -> str:
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            rows = [str(r) for t in ("users", "keys") for r in conn.execute(sa.text(f"SELECT * FROM {t}"))]
    finally:
        engine.dispose()
    return "\n".join(rows)


def test_sealed_values_open_only_in_their_own_context() -> None:
    ring = Keyring({"k1": new_key()}, "k1", new_key())
    token = ring.seal("Zhanar S.", "actors.name:a1")
    assert "Zhanar" not in token and ring.open(token, "actors.name:a1") == "Zhanar S."
    with pytest.raises(KeyProblem, match="does not open"):
        ring.open(token, "actors.name:a2")
    assert ring.blind("Zhanar  S.") == ring.blind("zhanar s.") != ring.blind("Zhanar T.")


def test_a_second_factor_is_needed_once_enabled(repo: Repository, settings: Settings) -> None:
    repo.add_user("ana", PASSWORD)
    secret = _secret(repo.enable_totp("ana"))
    assert repo.check_login("ana", PASSWORD) is None  # no code
    assert repo.check_login("ana", PASSWORD, "abcdef") is None  # a wrong code
    assert repo.check_login("ana", PASSWORD, pyotp.TOTP(secret).now()) is not None
    assert secret not in _raw_dump(settings)  # the database holds it sealed only
    assert (settings.home / "master.key").stat().st_mode & 0o077 == 0


def test_rotation_keeps_live_data_readable_and_the_old_key_stops_working(
    repo: Repository, settings: Settings
) -> None:
    from whodid.extract import Extractor
    from whodid.ingest import ingest_bytes

    repo.add_user("ana", PASSWORD)
    secret = _secret(repo.enable_totp("ana"))
    text = "On 4 May 2024, police beat the activist Tuvia Ambrecht in Nairobi, Kenya.\n"
    document = ingest_bytes(text.encode(), "r.txt", media_type="text/plain")
    repo.add(document, Extractor().extract(document))
    old = (settings.home / "master.key").read_text()
    repo.rotate_master()
    assert (settings.home / "master.key").read_text() != old
    assert not (settings.home / "master.key.new").exists()
    assert repo.check_login("ana", PASSWORD, pyotp.TOTP(secret).now()) is not None
    # every sealed column still opens, in this process and in a new one with the new key
    assert "Tuvia Ambrecht" in repo.get_document(document.id).text
    with Repository.open(settings) as again:
        assert [r.document_id for r in again.search("Ambrecht")] == [document.id]
        assert again.appearances("tuvia ambrecht")
    assert "keys_rotated" in [e.action for e in repo.custody_log()]
    (settings.home / "master.key").write_text(old)  # someone restores the old key file
    os.chmod(settings.home / "master.key", 0o600)
    with pytest.raises(StoreError, match="wrong key"):
        repo.keyring()
    with pytest.raises(StoreError, match="wrong key"):
        Repository.open(settings)  # nothing opens with the old key, and nothing is changed


def test_a_wrong_master_key_fails_clearly_and_destroys_nothing(repo: Repository, settings: Settings) -> None:
    repo.add_user("ana", PASSWORD)
    repo.enable_totp("ana")
    before = _raw_dump(settings)
    key_file: Path = settings.home / "master.key"
    key_file.write_text("A" * 43 + "\n")
    with pytest.raises(StoreError, match="wrong key"):
        repo.keyring()
    with pytest.raises(StoreError, match="wrong key"):
        repo.rotate_master()
    assert _raw_dump(settings) == before and not (settings.home / "master.key.new").exists()


def test_a_master_key_file_others_can_read_is_refused(repo: Repository, settings: Settings) -> None:
    repo.keyring()
    os.chmod(settings.home / "master.key", 0o644)
    with pytest.raises(StoreError, match="chmod 600"):
        repo.keyring()
