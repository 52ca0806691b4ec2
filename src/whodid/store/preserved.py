"""Evidence items, the custody log and verification: the repository's preservation half.

Mixed into :class:`whodid.store.repository.Repository`, so it is still the one
way into the store; kept apart only so each module can be read in one sitting.

``verify`` re-reads every stored original (documents' raw bytes and evidence
items) and re-hashes it, then re-checks the whole custody chain and compares its
end with the head file that every append rewrites, and says exactly which item
is altered or missing and which log entry was edited, deleted or moved.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from whodid.atomic import atomic_file
from whodid.model import EvidenceItem
from whodid.store import custody as chain
from whodid.store.blobs import SHA256_HEX, BlobStore, sha256_hex
from whodid.store.errors import NotFoundError, StoreError
from whodid.store.tables import documents, evidence


@dataclass
class VerifyReport:
    """What ``verify`` found: counts, and one line per problem."""

    items: int = 0
    entries: int = 0
    head: tuple[int, str] | None = None
    altered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    chain: list[chain.ChainProblem] = field(default_factory=list)
    # filled by callers that re-check what the store cannot (RFC 3161 tokens)
    other: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.altered or self.missing or self.chain or self.other)

    def problems(self) -> list[str]:
        """Every problem, one sentence each."""
        return [
            *(f"item {i} has been altered: its bytes no longer hash to its name" for i in self.altered),
            *(f"item {i} is missing from the blob directory" for i in self.missing),
            *(f"custody log entry {p.seq}: {p.problem}" for p in self.chain),
            *self.other,
        ]


class Preservation:
    """Evidence and custody methods of the repository (see the module docstring)."""

    _engine: Engine
    _blobs: BlobStore
    _head_path: Path | None

    def _write(self) -> AbstractContextManager[Connection]:  # provided by Repository
        raise NotImplementedError

    # --- custody --------------------------------------------------------------------

    def log(
        self,
        action: str,
        item_id: str | None,
        details: dict[str, Any] | None = None,
        *,
        actor: str | None = None,
    ) -> chain.Entry:
        """Append one custody entry in its own transaction ("viewed", "exported", ...);
        ``actor`` is who did it (a web user), else the operating-system user."""
        with self._write() as conn:
            entry = chain.append(conn, action, item_id, details, actor=actor)
        self._note_head(entry)
        return entry

    def custody_log(self, item_id: str | None = None) -> list[chain.Entry]:
        """The whole log in order, or the entries about one item."""
        with self._engine.connect() as conn:
            return chain.entries(conn, item_id)

    def _note_head(self, entry: chain.Entry) -> None:
        """Write the newest entry's seq and hash beside the database (atomically); an
        older head never overwrites a newer one written by another process."""
        if self._head_path is None:
            return
        current = read_head(self._head_path)
        if current is not None and current[0] >= entry.seq:
            return
        data = json.dumps({"seq": entry.seq, "hash": entry.hash, "at": entry.at.isoformat()}) + "\n"
        with atomic_file(self._head_path) as f:
            f.write(data.encode("utf-8"))

    # --- evidence -------------------------------------------------------------------

    def add_evidence(self, item: EvidenceItem, data: bytes, details: dict[str, Any] | None = None) -> bool:
        """Store an evidence item's bytes (read-only, by SHA-256) and its row, and log
        that it was captured; False when the same bytes were already kept."""
        if sha256_hex(data) != item.id or len(data) != item.size_bytes:
            raise StoreError(f"evidence item {item.id} is not the SHA-256 and size of its bytes")
        if item.captured_at.utcoffset() is None:
            raise StoreError(f"evidence item {item.id}: captured_at has no time zone")
        self._blobs.put(item.id, data)
        with self._write() as conn:
            exists = conn.execute(sa.select(evidence.c.id).where(evidence.c.id == item.id)).first()
            if exists is not None:
                return False
            conn.execute(sa.insert(evidence).values(_evidence_row(item)))
            entry = chain.append(
                conn,
                "captured",
                item.id,
                {"kind": item.kind, "origin": item.origin, "sha256": item.id, **(details or {})},
            )
        self._note_head(entry)
        return True

    def get_evidence(self, item_id: str) -> EvidenceItem:
        """An evidence item's row."""
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(evidence).where(evidence.c.id == item_id)).mappings().one_or_none()
        if row is None:
            raise NotFoundError(f"no evidence item {item_id} in the store")
        return _evidence_item(row)

    def evidence_bytes(self, item_id: str) -> bytes:
        """The untouched bytes of an item (document or evidence), checked against its name."""
        return self._blobs.get(item_id)

    def evidence_for(self, document_id: str) -> list[EvidenceItem]:
        """The evidence items that preserve or came from a document, oldest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(evidence)
                .where(evidence.c.document_id == document_id)
                .order_by(evidence.c.captured_at, evidence.c.id)
            ).mappings()
            return [_evidence_item(r) for r in rows]

    def evidence_items(self, kind: str | None = None) -> list[EvidenceItem]:
        """Every evidence item (of one kind), oldest first."""
        query = sa.select(evidence).order_by(evidence.c.captured_at, evidence.c.id)
        if kind is not None:
            query = query.where(evidence.c.kind == kind)
        with self._engine.connect() as conn:
            return [_evidence_item(r) for r in conn.execute(query).mappings()]

    def item_kind(self, item_id: str) -> str | None:
        """``"document"``, ``"evidence"`` or None for an id the store does not hold."""
        with self._engine.connect() as conn:
            if conn.execute(sa.select(documents.c.id).where(documents.c.id == item_id)).first():
                return "document"
            if conn.execute(sa.select(evidence.c.id).where(evidence.c.id == item_id)).first():
                return "evidence"
        return None

    def resolve_item(self, prefix: str) -> str:
        """The full id of the one document or evidence item whose id starts with ``prefix``."""
        wanted = prefix.strip().lower()
        if not (4 <= len(wanted) <= 64) or not all(c in "0123456789abcdef" for c in wanted):
            raise StoreError(
                f"{prefix!r} is not an item id: give at least 4 of its hex characters (0-9, a-f)"
            )
        with self._engine.connect() as conn:
            found = sorted(
                {
                    *conn.execute(sa.select(documents.c.id).where(documents.c.id.startswith(wanted)).limit(6))
                    .scalars()
                    .all(),
                    *conn.execute(sa.select(evidence.c.id).where(evidence.c.id.startswith(wanted)).limit(6))
                    .scalars()
                    .all(),
                }
            )
        if not found:
            raise NotFoundError(f"no document or evidence item id starts with {wanted}")
        if len(found) > 1:
            raise NotFoundError(f"{wanted} is ambiguous; it starts {', '.join(f[:12] for f in found[:5])}")
        return str(found[0])

    # --- verification ---------------------------------------------------------------

    def verify(self, record: bool = True) -> VerifyReport:
        """Re-hash every stored original and re-check the custody chain.

        With ``record`` the check itself is logged ("verified", with its result),
        after it ran, so the entry never hides what it found.
        """
        report = VerifyReport()
        for item_id in self._all_item_ids():
            report.items += 1
            path = self._blobs.path(item_id)
            try:
                digest = _file_sha256(path)
            except FileNotFoundError:
                report.missing.append(item_id)
                continue
            if digest != item_id:
                report.altered.append(item_id)
        log = self.custody_log()
        report.entries = len(log)
        head = read_head(self._head_path) if self._head_path is not None else None
        report.chain = chain.check_chain(log, head)
        report.head = (log[-1].seq, log[-1].hash) if log else None
        if record:
            self.record_verification(report)
        return report

    def record_verification(self, report: VerifyReport) -> None:
        """Log a finished check ("verified", with its result) after it ran, so the
        entry never hides what it found."""
        entry = self.log(
            "verified",
            None,
            {
                "items": report.items,
                "entries": report.entries,
                "ok": report.ok,
                "problems": report.problems()[:50],
            },
        )
        if report.ok:
            report.head = (entry.seq, entry.hash)

    def _all_item_ids(self) -> Iterator[str]:
        with self._engine.connect() as conn:
            yield from conn.execute(sa.select(documents.c.id).order_by(documents.c.id)).scalars().all()
            yield from conn.execute(sa.select(evidence.c.id).order_by(evidence.c.id)).scalars().all()


def read_head(path: Path) -> tuple[int, str] | None:
    """The (seq, hash) written to the head file, or None if there is none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seq, digest = int(data["seq"]), str(data["hash"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"the custody head file {path} is damaged: {exc}") from exc
    if not SHA256_HEX.fullmatch(digest):
        raise StoreError(f"the custody head file {path} is damaged: {digest!r} is not a SHA-256")
    return seq, digest


def _file_sha256(path: Path) -> str:
    """SHA-256 of a file read in chunks (a capture may be large)."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _evidence_row(item: EvidenceItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "media_type": item.media_type,
        "size_bytes": item.size_bytes,
        "origin": item.origin,
        "captured_at": item.captured_at.astimezone(UTC),
        "document_id": item.document_id,
        "derived_from": item.derived_from,
        "metadata": item.metadata,
    }


def _evidence_item(row: Any) -> EvidenceItem:
    return EvidenceItem(
        id=row["id"],
        kind=row["kind"],
        media_type=row["media_type"],
        size_bytes=int(row["size_bytes"]),
        origin=row["origin"],
        captured_at=row["captured_at"],
        document_id=row["document_id"],
        derived_from=row["derived_from"],
        metadata=dict(row["metadata"] or {}),
    )
