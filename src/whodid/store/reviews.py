"""Review work: the repository's corrections and review state.

Mixed into :class:`whodid.store.repository.Repository` like
:mod:`whodid.store.preserved` (accounts are in :mod:`whodid.store.accounts`). A review decision saves the record, its correction rows and a
custody entry in one transaction, so the record never says more than the
corrections and the log do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from whodid.model import Record
from whodid.store import custody as chain
from whodid.store.access import Access, visible
from whodid.store.errors import NotFoundError
from whodid.store.tables import corrections, records


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    """A stored decision."""

    id: int
    document_id: str
    field: str
    action: str
    before: Any
    after: Any
    actor: str
    at: datetime


class Reviews:
    """User and review methods of the repository (see the module docstring)."""

    _engine: Engine

    def _write(self) -> AbstractContextManager[Connection]:  # provided by Repository
        raise NotImplementedError

    def _replace_record(self, conn: Connection, record: Record) -> None:  # provided by Repository
        raise NotImplementedError

    def _note_head(self, entry: chain.Entry) -> None:  # provided by Preservation
        raise NotImplementedError

    # --- review ---------------------------------------------------------------------

    def save_review(self, record: Record, decisions: list[Any], actor: str) -> None:
        """Save a reviewed record with its decisions (``Correction`` objects), as one change."""
        now = datetime.now(UTC)
        with self._write() as conn:
            self._replace_record(conn, record)
            if decisions:
                conn.execute(
                    sa.insert(corrections),
                    [
                        {
                            "document_id": d.document_id,
                            "field": d.field,
                            "action": d.action,
                            "before": d.before,
                            "after": d.after,
                            "actor": actor,
                            "at": now,
                        }
                        for d in decisions
                    ],
                )
            entry = chain.append(
                conn,
                "edited",
                record.document_id,
                {"decisions": [f"{d.action} {d.field}" for d in decisions]},
                actor=actor,
            )
        self._note_head(entry)

    def mark_reviewed(self, document_id: str, actor: str) -> None:
        """Say that a person has reviewed the whole record."""
        now = datetime.now(UTC)
        with self._write() as conn:
            done = conn.execute(
                sa.update(records)
                .where(records.c.document_id == document_id)
                .values(reviewed_at=now, reviewed_by=actor)
            )
            if done.rowcount == 0:
                raise NotFoundError(f"no record for document {document_id}")
            conn.execute(
                sa.insert(corrections).values(
                    document_id=document_id, field="record", action="reviewed", actor=actor, at=now
                )
            )
            entry = chain.append(conn, "edited", document_id, {"reviewed": True}, actor=actor)
        self._note_head(entry)

    def review_state(self, document_id: str) -> tuple[datetime | None, str | None]:
        """When and by whom the record was marked reviewed (None, None if not yet)."""
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(records.c.reviewed_at, records.c.reviewed_by).where(
                    records.c.document_id == document_id
                )
            ).first()
        return (row.reviewed_at, row.reviewed_by) if row is not None else (None, None)

    def unreviewed(
        self, limit: int = 200, exclude: str | None = None, access: Access | None = None
    ) -> Iterator[Record]:
        """Records no one has marked reviewed yet, the least confident first (an index
        on the stored lowest pending confidence keeps this fast on large stores)."""
        query = (
            sa.select(records.c.data)
            .where(records.c.reviewed_at.is_(None), visible(access, records.c.document_id))
            .order_by(records.c.pending_confidence, records.c.document_id)
            .limit(limit)
        )
        if exclude is not None:
            query = query.where(records.c.document_id != exclude)
        with self._engine.connect() as conn:
            data = list(conn.execute(query).scalars())
        for item in data:
            yield Record.from_dict(item)

    def corrections_for(self, document_id: str) -> list[CorrectionRow]:
        """The decisions taken on one document's record, in order."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(corrections)
                .where(corrections.c.document_id == document_id)
                .order_by(corrections.c.id)
            ).mappings()
            return [
                CorrectionRow(
                    r["id"],
                    r["document_id"],
                    r["field"],
                    r["action"],
                    r["before"],
                    r["after"],
                    r["actor"],
                    r["at"],
                )
                for r in rows
            ]
