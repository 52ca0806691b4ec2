"""The linkage review queue: candidate links, decisions, clusters.

Mixed into :class:`whodid.store.repository.Repository` like
:mod:`whodid.store.reviews`. Splink's scored pairs are saved as candidates; a
person accepts or rejects each; accepted links join records into clusters
(one incident, one person) computed on demand, so records are never rewritten
and a merge is undone by undoing the link. Every decision is a custody entry
(``linked``/``unlinked``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from whodid.store import custody as chain
from whodid.store.access import Access, visible
from whodid.store.errors import NotFoundError, StoreError
from whodid.store.tables import link_candidates

KINDS = ("persons", "events")
STATUSES = ("pending", "accepted", "rejected")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored candidate link and its decision."""

    id: int
    kind: str
    left_id: str
    right_id: str
    probability: float
    weight: float
    evidence: list[dict[str, Any]]
    status: str
    decided_by: str | None
    decided_at: datetime | None

    @property
    def documents(self) -> tuple[str, str]:
        return self.left_id.split(":", 1)[0], self.right_id.split(":", 1)[0]


@dataclass(frozen=True, slots=True)
class Scored:
    """A pair as linkage scored it, ready to save (``evidence``: field-by-field dicts)."""

    left_id: str
    right_id: str
    probability: float
    weight: float
    evidence: list[dict[str, Any]]


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise StoreError(f"{kind!r} is not a kind of link; one of {', '.join(KINDS)}")


def _candidate(row: Any) -> Candidate:
    return Candidate(
        int(row.id),
        str(row.kind),
        str(row.left_id),
        str(row.right_id),
        float(row.probability),
        float(row.weight),
        list(row.evidence or []),
        str(row.status),
        row.decided_by,
        row.decided_at,
    )


class Links:
    """Linkage methods of the repository (see the module docstring)."""

    _engine: Engine

    def _write(self) -> AbstractContextManager[Connection]:  # provided by Repository
        raise NotImplementedError

    def _note_head(self, entry: chain.Entry) -> None:  # provided by Preservation
        raise NotImplementedError

    def save_candidates(self, kind: str, pairs: Iterable[Scored]) -> tuple[int, int]:
        """Save scored pairs: new ones as pending, pending ones re-scored; a decided
        pair keeps its decision. Returns (added, updated)."""
        _check_kind(kind)
        now = datetime.now(UTC)
        added = updated = 0
        c = link_candidates.c
        with self._write() as conn:
            for p in pairs:
                left, right = sorted((p.left_id, p.right_id))
                values = {"probability": p.probability, "weight": p.weight, "evidence": p.evidence}
                if left != p.left_id:
                    values["evidence"] = [
                        dict(e, left=e.get("right"), right=e.get("left")) for e in p.evidence
                    ]
                found = conn.execute(
                    sa.select(c.id, c.status).where(c.kind == kind, c.left_id == left, c.right_id == right)
                ).first()
                if found is None:
                    conn.execute(
                        sa.insert(link_candidates).values(
                            kind=kind,
                            left_id=left,
                            right_id=right,
                            left_document=left.split(":", 1)[0],
                            right_document=right.split(":", 1)[0],
                            status="pending",
                            scored_at=now,
                            **values,
                        )
                    )
                    added += 1
                elif found.status == "pending":
                    conn.execute(
                        sa.update(link_candidates).where(c.id == found.id).values(scored_at=now, **values)
                    )
                    updated += 1
        return added, updated

    def candidates(
        self,
        kind: str | None = None,
        status: str | None = "pending",
        *,
        limit: int = 50,
        access: Access | None = None,
    ) -> list[Candidate]:
        """Candidates, most probable first; only pairs whose two records ``access`` may see."""
        if status is not None and status not in STATUSES:
            raise StoreError(f"{status!r} is not a status; one of {', '.join(STATUSES)}")
        c = link_candidates.c
        stmt = sa.select(link_candidates).where(
            visible(access, c.left_document), visible(access, c.right_document)
        )
        if kind is not None:
            _check_kind(kind)
            stmt = stmt.where(c.kind == kind)
        if status is not None:
            stmt = stmt.where(c.status == status)
        stmt = stmt.order_by(c.probability.desc(), c.id).limit(limit)
        with self._engine.connect() as conn:
            return [_candidate(r) for r in conn.execute(stmt)]

    def candidate(self, candidate_id: int, access: Access | None = None) -> Candidate:
        """One candidate; NotFoundError when it does not exist or ``access`` may not see both sides."""
        c = link_candidates.c
        stmt = sa.select(link_candidates).where(
            c.id == candidate_id, visible(access, c.left_document), visible(access, c.right_document)
        )
        with self._engine.connect() as conn:
            row = conn.execute(stmt).first()
        if row is None:
            raise NotFoundError(f"no link candidate {candidate_id}")
        return _candidate(row)

    def decide(self, candidate_id: int, accept: bool, *, by: str | None = None) -> Candidate:
        """Accept (join the two into one incident or person) or reject a candidate."""
        return self._set_status(candidate_id, "accepted" if accept else "rejected", "linked", by)

    def undo_link(self, candidate_id: int, *, by: str | None = None) -> Candidate:
        """Take a decision back: the candidate returns to the queue, a merge comes apart."""
        return self._set_status(candidate_id, "pending", "unlinked", by)

    def _set_status(self, candidate_id: int, status: str, action: str, by: str | None) -> Candidate:
        c = link_candidates.c
        now = datetime.now(UTC)
        with self._write() as conn:
            row = conn.execute(sa.select(link_candidates).where(c.id == candidate_id)).first()
            if row is None:
                raise NotFoundError(f"no link candidate {candidate_id}")
            if action == "unlinked" and row.status == "pending":
                raise StoreError(f"link candidate {candidate_id} has no decision to undo")
            # one entry per record: ``whodid audit --item`` on either report shows the link
            for document in dict.fromkeys((str(row.left_document), str(row.right_document))):
                entry = chain.append(
                    conn,
                    action,
                    document,
                    {
                        "candidate": candidate_id,
                        "kind": row.kind,
                        "left": row.left_id,
                        "right": row.right_id,
                        "status": status,
                        "was": row.status,
                    },
                    actor=by,
                )
            decided = {"decided_by": entry.actor, "decided_at": now} if status != "pending" else {}
            undecided = {"decided_by": None, "decided_at": None} if status == "pending" else {}
            conn.execute(
                sa.update(link_candidates)
                .where(c.id == candidate_id)
                .values(status=status, **decided, **undecided)
            )
            row = conn.execute(sa.select(link_candidates).where(c.id == candidate_id)).one()
        self._note_head(entry)
        return _candidate(row)

    def clusters(self, kind: str, access: Access | None = None) -> list[list[str]]:
        """Groups of ids joined by accepted links (largest first); ids linked to nothing
        are left out. Only links whose two records ``access`` may see count."""
        _check_kind(kind)
        c = link_candidates.c
        stmt = sa.select(c.left_id, c.right_id).where(
            c.kind == kind,
            c.status == "accepted",
            visible(access, c.left_document),
            visible(access, c.right_document),
        )
        with self._engine.connect() as conn:
            edges = [(str(a), str(b)) for a, b in conn.execute(stmt)]
        return _components(edges)


def _components(edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Connected components by union-find: stores hold few accepted links, and this
    keeps the read path free of the linkage engine's dependencies."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for x in parent:
        groups.setdefault(root(x), []).append(x)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))
