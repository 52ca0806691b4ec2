"""Encrypted, verifiable backups of a whole store, and restoring them elsewhere.

A backup is one file: a tar of every table's rows (JSON lines, in an order that
respects the foreign keys), every blob, the custody head file and a manifest of
SHA-256 sums, encrypted with AES-256-GCM in 1 MiB chunks under a key derived
(HKDF) from the master key, so restoring needs the same master key that opens
the sealed values. Each chunk's associated data holds its index and whether it
is the last, so a reordered, truncated or altered file fails to decrypt.

Restoring refuses a store that already holds anything, checks every file
against the manifest, inserts all rows in one transaction (on any failure,
nothing), rebuilds the full-text index, writes the blobs (each checked against
its name) and finally runs ``verify``. The rows are portable: a SQLite backup
restores into PostgreSQL and back.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import tarfile
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from whodid import __version__
from whodid.store.errors import StoreError
from whodid.store.tables import (
    actors,
    corrections,
    custody,
    documents,
    event_acts,
    events,
    evidence,
    grants,
    involvements,
    keys,
    records,
    users,
)

if TYPE_CHECKING:
    from whodid.store.repository import Repository

MAGIC = b"WHODIDBK1"
CHUNK = 1 << 20
# parents before children (foreign keys)
TABLES = (
    users,
    keys,
    documents,
    grants,
    records,
    events,
    event_acts,
    actors,
    involvements,
    evidence,
    corrections,
    custody,
)


def _key(master: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"whodid backup v1").derive(master)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return {"$t": value.isoformat()}
    return value


def _from_json(value: Any, column: sa.Column[Any]) -> Any:
    if isinstance(value, dict) and set(value) == {"$t"}:
        text = value["$t"]
        return date.fromisoformat(text) if isinstance(column.type, sa.Date) else datetime.fromisoformat(text)
    return value


def backup(repo: Repository, target: Path, master: bytes) -> dict[str, Any]:
    """Write the encrypted backup of ``repo`` to ``target``; the manifest."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if target.exists():
        raise StoreError(f"{target} exists; choose another name")
    manifest: dict[str, Any] = {
        "format": "whodid-backup/1",
        "software": __version__,
        "tables": {},
        "files": {},
    }
    with tempfile.TemporaryDirectory(prefix="whodid-backup-") as tmp:
        plain = Path(tmp) / "backup.tar"
        with tarfile.open(plain, "w") as tar:

            def add(name: str, data: bytes) -> None:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                manifest["files"][name] = hashlib.sha256(data).hexdigest()

            with repo._engine.connect() as conn:
                for table in TABLES:
                    rows = conn.execute(sa.select(table)).mappings().all()
                    lines = [
                        json.dumps({k: _jsonable(v) for k, v in r.items()}, ensure_ascii=False) for r in rows
                    ]
                    add(f"tables/{table.name}.jsonl", ("\n".join(lines) + "\n" if lines else "").encode())
                    manifest["tables"][table.name] = len(rows)
                ids = [
                    *conn.execute(sa.select(documents.c.id)).scalars(),
                    *conn.execute(sa.select(evidence.c.id)).scalars(),
                ]
            for item in ids:
                add(f"blobs/{item}", repo.evidence_bytes(item))
            head = repo._head_path
            if head is not None and head.is_file():
                add("custody-head.json", head.read_bytes())
            info = tarfile.TarInfo("manifest.json")
            data = json.dumps(manifest, indent=1).encode()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        aead = AESGCM(_key(master))
        salt = os.urandom(8)
        part = target.with_name(target.name + ".part")
        try:
            with open(plain, "rb") as src, open(part, "wb") as out:
                out.write(MAGIC + salt)
                index = 0
                block = src.read(CHUNK)
                while True:
                    following = src.read(CHUNK)
                    last = not following
                    nonce = salt + struct.pack(">I", index)
                    sealed = aead.encrypt(nonce, block, struct.pack(">Q?", index, last))
                    out.write(struct.pack(">I", len(sealed)) + sealed)
                    if last:
                        break
                    block, index = following, index + 1
                out.flush()
                os.fsync(out.fileno())
            os.replace(part, target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    return manifest


def _decrypt(source: Path, master: bytes, out_path: Path) -> None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(_key(master))
    with open(source, "rb") as src, open(out_path, "wb") as out:
        head = src.read(len(MAGIC) + 8)
        if not head.startswith(MAGIC):
            raise StoreError(f"{source} is not a whodid backup")
        salt = head[len(MAGIC) :]
        index = 0
        while True:
            size_bytes = src.read(4)
            if len(size_bytes) < 4:
                raise StoreError(f"{source} is truncated: its last part is missing")
            sealed = src.read(struct.unpack(">I", size_bytes)[0])
            nonce = salt + struct.pack(">I", index)
            for last in (False, True):
                try:
                    out.write(aead.decrypt(nonce, sealed, struct.pack(">Q?", index, last)))
                    break
                except InvalidTag:
                    continue
            else:
                raise StoreError(
                    f"{source} does not decrypt: a wrong master key, or the file was altered; nothing was restored"
                )
            if last:
                if src.read(1):
                    raise StoreError(f"{source} has data after its last part (altered)")
                return
            index += 1


def _insert_rows(repo: Repository, conn: Connection, read: Callable[[str], bytes], master: bytes) -> None:
    """Every table's rows, in one transaction. The backup's data keys replace the
    target's fresh ones (the rows are plaintext here and are sealed again as they
    are inserted; sealed TOTP secrets need the keys that sealed them)."""
    from whodid.store import sealed
    from whodid.store.keyring import ring_from

    for table in TABLES:
        text = read(f"tables/{table.name}.jsonl").decode()
        batch = [
            {k: _from_json(v, table.c[k]) for k, v in json.loads(line).items()}
            for line in text.splitlines()
            if line
        ]
        if table is actors:
            for row in batch:  # the index is re-derived from the name (its type blinds it)
                row["name_index"] = row.get("name")
        if table is keys:
            conn.execute(sa.delete(keys))
        if batch:
            conn.execute(sa.insert(table), batch)
        if table is keys:
            rows = conn.execute(sa.select(keys).order_by(keys.c.created_at, keys.c.id)).mappings().all()
            sealed.bind(repo._engine, ring_from(rows, master))
    if conn.dialect.name == "postgresql":  # explicit ids were inserted: move the sequences on
        for table in (events, corrections):
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 1))"
            )


def restore(repo: Repository, source: Path, master: bytes) -> dict[str, Any]:
    """Restore a backup into the empty store ``repo``; the manifest."""
    with repo._engine.connect() as conn:
        held = conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one()
        held += conn.execute(sa.select(sa.func.count()).select_from(custody)).scalar_one()
    if held:
        raise StoreError("the target store is not empty: restore into a new data directory and database")
    with tempfile.TemporaryDirectory(prefix="whodid-restore-") as tmp:
        plain = Path(tmp) / "backup.tar"
        _decrypt(source, master, plain)
        with tarfile.open(plain) as tar:
            members = {m.name: m for m in tar.getmembers() if m.isfile()}

            def read(name: str) -> bytes:
                member = members.get(name)
                extracted = tar.extractfile(member) if member is not None else None
                if extracted is None:
                    raise StoreError(f"the backup lacks {name}")
                return extracted.read()

            manifest: dict[str, Any] = json.loads(read("manifest.json"))
            for name, digest in manifest["files"].items():
                if hashlib.sha256(read(name)).hexdigest() != digest:
                    raise StoreError(f"{name} in the backup does not match its manifest")
            try:
                with repo._write() as conn:
                    _insert_rows(repo, conn, read, master)
                    repo._rebuild_search(conn)
            except BaseException:
                repo.unlock()  # back to the target's own keys
                raise
            for name in members:
                if name.startswith("blobs/"):
                    item = name.split("/", 1)[1]
                    repo._blobs.put(item, read(name))
            if "custody-head.json" in members and repo._head_path is not None:
                repo._head_path.parent.mkdir(parents=True, exist_ok=True)
                repo._head_path.write_bytes(read("custody-head.json"))
    report = repo.verify(record=False)
    if not report.ok:
        raise StoreError("the restored store does not verify: " + "; ".join(report.problems()[:5]))
    return manifest
