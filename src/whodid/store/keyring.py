"""The repository's side of the keys: wrapped data keys in the ``keys`` table.

The master key never enters the database (see :mod:`whodid.protect.keys`);
this module stores and reads the data keys it wraps, makes the first ones on
first use, and rewraps them all in one transaction when the master key is
rotated, so a crash leaves either the old wrapping or the new one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from whodid.protect.keys import (
    MASTER_FILE,
    KeyProblem,
    Keyring,
    load_master,
    new_key,
    new_key_id,
    new_master_text,
    unwrap,
    wrap,
)
from whodid.store import custody as chain
from whodid.store import sealed
from whodid.store.errors import StoreError
from whodid.store.tables import keys, store_state

PENDING = MASTER_FILE + ".new"


class KeyStore:
    """Key methods of the repository (see the module docstring)."""

    _engine: Engine
    _home: Path | None

    def _write(self) -> AbstractContextManager[Connection]:  # provided by Repository
        raise NotImplementedError

    def _key_home(self) -> Path:
        if self._home is None:
            raise StoreError("this repository was opened without a data directory, so it has no master key")
        return self._home

    def keyring(self) -> Keyring:
        """The unwrapped data keys (made on first use); StoreError for a wrong or exposed master key."""
        home = self._key_home()
        try:
            master = load_master(home)
            with self._write() as conn:
                if conn.dialect.name == "postgresql":  # two first openers must not both make keys
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(7468041)"))
                rows = conn.execute(sa.select(keys).order_by(keys.c.created_at, keys.c.id)).mappings().all()
                if not rows:
                    now = datetime.now(UTC)
                    for purpose in ("data", "index"):
                        key_id = new_key_id()
                        conn.execute(
                            sa.insert(keys).values(
                                id=key_id,
                                purpose=purpose,
                                wrapped=wrap(master, new_key(), key_id),
                                created_at=now,
                                active=True,
                            )
                        )
                    rows = (
                        conn.execute(sa.select(keys).order_by(keys.c.created_at, keys.c.id)).mappings().all()
                    )
            return ring_from(rows, master)
        except KeyProblem as exc:
            raise StoreError(str(exc)) from exc

    def unlock(self) -> None:
        """Bind the keyring to the engine, so sealed columns open (:mod:`whodid.store.sealed`),
        and seal what an older version left in the clear (once; see migration 0006)."""
        ring = self.keyring()
        sealed.bind(self._engine, ring)
        with self._engine.connect() as conn:
            pending = conn.execute(
                sa.select(store_state.c.value).where(store_state.c.key == "seal_pending")
            ).first()
        if pending is not None:
            with self._write() as conn:
                seal_legacy(conn)
                self._rebuild_search(conn)
                conn.execute(sa.delete(store_state).where(store_state.c.key == "seal_pending"))

    def _rebuild_search(self, conn: Connection) -> None:  # provided by Repository
        raise NotImplementedError

    def rotate_master(self) -> None:
        """A new master key: every data key is rewrapped, then the key file is replaced.

        The new key is written beside the old one first; the rewrapping commits in
        one transaction; only then does the new file replace the old. A crash before
        the commit leaves the old key working; after it, ``master.key.new`` holds
        the key that opens the data keys (rename it over ``master.key``).
        """
        home = self._key_home()
        if os.environ.get("WHODID_MASTER_KEY"):
            raise StoreError(
                "the master key comes from WHODID_MASTER_KEY: rotate it by hand (whodid keys new)"
            )
        self.keyring()  # make sure keys exist and the current master opens them
        try:
            old = load_master(home, create=False)
        except KeyProblem as exc:
            raise StoreError(str(exc)) from exc
        pending = home / PENDING
        text = new_master_text()
        fd = os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text + "\n")
            f.flush()
            os.fsync(f.fileno())
        new = load_master_text(text)
        try:
            with self._write() as conn:
                for row in conn.execute(sa.select(keys.c.id, keys.c.wrapped)).all():
                    rewrapped = wrap(new, unwrap(old, row.wrapped, row.id), row.id)
                    conn.execute(sa.update(keys).where(keys.c.id == row.id).values(wrapped=rewrapped))
        except KeyProblem as exc:
            pending.unlink(missing_ok=True)
            raise StoreError(str(exc)) from exc
        except BaseException:
            pending.unlink(missing_ok=True)
            raise
        os.replace(pending, home / MASTER_FILE)
        with self._write() as conn:
            entry = chain.append(conn, "keys_rotated", None, {"what": "master key; data keys rewrapped"})
        self._note_head(entry)

    def _note_head(self, entry: chain.Entry) -> None:  # provided by Preservation
        raise NotImplementedError


def ring_from(rows: Sequence[Mapping[Any, Any]], master: bytes) -> Keyring:
    """The keyring of the ``keys`` rows (oldest first), unwrapped with ``master``."""
    data = {r["id"]: unwrap(master, r["wrapped"], r["id"]) for r in rows if r["purpose"] == "data"}
    index = next(unwrap(master, r["wrapped"], r["id"]) for r in rows if r["purpose"] == "index")
    active = next(r["id"] for r in rows if r["purpose"] == "data" and r["active"])
    return Keyring(data, active, index)


def load_master_text(text: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Backups(KeyStore):
    """Backup and restore (see :mod:`whodid.store.backup`), keyed by the master key."""

    def backup_to(self, target: Path) -> dict[str, Any]:
        from whodid.store import backup

        self.keyring()  # makes the keys on first use; the master must open them
        try:
            master = load_master(self._key_home(), create=False)
        except KeyProblem as exc:
            raise StoreError(str(exc)) from exc
        return backup.backup(self, target, master)  # type: ignore[arg-type]

    def restore_from(self, source: Path) -> dict[str, Any]:
        from whodid.store import backup

        try:
            master = load_master(self._key_home(), create=False)
        except KeyProblem as exc:
            raise StoreError(str(exc)) from exc
        return backup.restore(self, source, master)  # type: ignore[arg-type]


def seal_legacy(conn: Connection) -> int:
    """Seal every value an older version stored in the clear; how many were sealed.

    Each sealed column is read as raw text (bypassing its type), and a value
    that is not already a sealed token is written back through its type, which
    seals it. Actors get their name index. The custody log is append-only and
    keeps its old entries as they were (its type reads them).
    """
    import json

    from whodid.store.tables import metadata

    done = 0
    for table in metadata.sorted_tables:
        if table.name == "custody":
            continue
        for column in table.columns:
            kind = type(column.type)
            if kind not in (sealed.Sealed, sealed.SealedJSON, sealed.SealedFloat):
                continue
            raw = sa.cast(sa.type_coerce(column, sa.Text()), sa.Text())
            pk = list(table.primary_key.columns)
            found = conn.execute(
                sa.select(*pk, raw).where(
                    column.is_not(None), sa.func.substr(raw, 1, len(sealed.PREFIX)) != sealed.PREFIX
                )
            ).all()
            for row in found:
                text = row[-1]
                value: Any = (
                    json.loads(text)
                    if kind is sealed.SealedJSON
                    else float(text)
                    if kind is sealed.SealedFloat
                    else text
                )
                where = [c == v for c, v in zip(pk, row[:-1], strict=True)]
                conn.execute(sa.update(table).where(*where).values({column.name: value}))
                done += 1
    from whodid.store.tables import actors

    for document_id, actor_id, name in conn.execute(
        sa.select(actors.c.document_id, actors.c.id, actors.c.name).where(actors.c.name.is_not(None))
    ).all():
        conn.execute(
            sa.update(actors)
            .where(actors.c.document_id == document_id, actors.c.id == actor_id)
            .values(name_index=name)
        )
    return done
