"""One-line summaries of records, for listings and search results.

A summary shows the document and the main event of its record (the first event
in the index), built from the denormalised tables with a fixed number of
queries however many documents are listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from whodid.model import Role
from whodid.store.tables import actors, documents, event_acts, events, involvements


@dataclass(frozen=True, slots=True)
class RecordSummary:
    """One line of a listing: the document and the main event of its record."""

    document_id: str
    title: str | None
    origin: str
    date: date | None
    country: str | None
    location: str | None
    acts: list[str]
    perpetrator_types: list[str]
    victim_names: list[str]
    fatalities: int | None


def summarise(conn: Connection, ids: Sequence[str]) -> list[RecordSummary]:
    """Summaries of ``ids``, in that order, from a fixed number of queries."""
    if not ids:
        return []
    docs = {
        r["id"]: r
        for r in conn.execute(
            sa.select(documents.c.id, documents.c.title, documents.c.origin).where(documents.c.id.in_(ids))
        ).mappings()
    }
    first = (
        sa.select(events.c.document_id, sa.func.min(events.c.ordinal).label("ordinal"))
        .where(events.c.document_id.in_(ids))
        .group_by(events.c.document_id)
        .subquery()
    )
    main = {
        r["document_id"]: r
        for r in conn.execute(
            sa.select(events).join(
                first,
                sa.and_(events.c.document_id == first.c.document_id, events.c.ordinal == first.c.ordinal),
            )
        ).mappings()
    }
    event_ids = [e["id"] for e in main.values()]
    acts: dict[int, list[str]] = {}
    for event_id, act_type in conn.execute(
        sa.select(event_acts.c.event_id, event_acts.c.act_type)
        .where(event_acts.c.event_id.in_(event_ids))
        .order_by(event_acts.c.event_id, event_acts.c.ordinal)
    ):
        acts.setdefault(event_id, []).append(act_type)
    perpetrators: dict[int, list[str]] = {}
    victims: dict[int, list[str]] = {}
    for r in conn.execute(
        sa.select(
            involvements.c.event_id, involvements.c.role, actors.c.name, actors.c.description, actors.c.type
        )
        .join(
            actors,
            sa.and_(
                actors.c.document_id == involvements.c.document_id, actors.c.id == involvements.c.actor_id
            ),
        )
        .where(
            involvements.c.event_id.in_(event_ids),
            involvements.c.role.in_([Role.PERPETRATOR.value, Role.VICTIM.value]),
        )
        .order_by(involvements.c.event_id, involvements.c.ordinal)
    ).mappings():
        if r["role"] == Role.VICTIM.value:
            victims.setdefault(r["event_id"], []).append(r["name"] or r["description"] or "unknown")
        elif r["type"] and r["type"] not in perpetrators.get(r["event_id"], []):
            perpetrators.setdefault(r["event_id"], []).append(r["type"])
    out: list[RecordSummary] = []
    for doc_id in ids:
        doc, ev = docs.get(doc_id), main.get(doc_id)
        if doc is None:  # a search row left behind by a deleted document
            continue
        eid = ev["id"] if ev else -1
        out.append(
            RecordSummary(
                document_id=doc_id,
                title=doc["title"] or (ev["title"] if ev else None),
                origin=doc["origin"],
                date=ev["date_start"] if ev else None,
                country=ev["country"] if ev else None,
                location=ev["location"] if ev else None,
                acts=acts.get(eid, []),
                perpetrator_types=perpetrators.get(eid, []),
                victim_names=victims.get(eid, []),
                fatalities=ev["fatalities"] if ev else None,
            )
        )
    return out
