"""Turn a :class:`Record` into the denormalised rows the list filters and search use.

Pure functions, no SQL: the repository writes what these return. The rule is
the flat view's (``whodid.model.flat``): values a reviewer rejected are left out
of the index, though they stay in the record's JSON. An event with no date or
place of its own borrows those of its first act that has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from whodid.model import Event, Record, ReviewState
from whodid.model.domain import DateValue, Extracted, Place
from whodid.store.errors import StoreError


@dataclass(slots=True)
class EventRows:
    """One event's row, its act types and its (actor id, role) pairs, in order."""

    event: dict[str, Any]
    act_types: list[str] = field(default_factory=list)
    involvements: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class RecordRows:
    """Every denormalised row of one record (``document_id`` columns not filled in)."""

    actors: list[dict[str, Any]]
    events: list[EventRows]
    search_terms: list[str]


def kept(value: Extracted | None) -> bool:
    """Whether a value counts: present and not rejected by a reviewer."""
    return value is not None and value.review != ReviewState.REJECTED


def _date(event: Event) -> DateValue | None:
    if kept(event.start):
        return event.start
    return next((a.date for a in event.acts if kept(a) and kept(a.date)), None)


def _place(event: Event) -> Place | None:
    place = next((p for p in event.places if kept(p)), None)
    return place or next((a.place for a in event.acts if kept(a) and kept(a.place)), None)


def event_row(event: Event, ordinal: int) -> dict[str, Any]:
    """The ``events`` row of ``event`` (without ``document_id`` and ``id``)."""
    start = _date(event)
    end = event.end if kept(event.end) else None
    place = _place(event)
    return {
        "ordinal": ordinal,
        "title": event.title,
        "date_start": start.start if start else None,
        "date_end": end.start if end else (start.end if start else None),
        "date_precision": start.precision.value if start else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "location": place.name if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geo_precision": place.geo_precision if place else None,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "fatalities": event.fatalities,
    }


def record_rows(record: Record) -> RecordRows:
    """All denormalised rows of ``record``; StoreError if it refers to unknown actors."""
    actor_ids = [a.id for a in record.actors]
    if len(set(actor_ids)) != len(actor_ids):
        raise StoreError(f"record {record.document_id} has two actors with the same id")
    actors = {a.id: a for a in record.actors}
    terms: list[str] = [a.label for a in record.actors if kept(a)]
    events: list[EventRows] = []
    for ordinal, event in enumerate(record.events):
        if not kept(event):
            continue
        rows = EventRows(event=event_row(event, ordinal))
        for act in event.acts:
            if kept(act) and act.type not in rows.act_types:
                rows.act_types.append(act.type)
        for inv in event.involvements:
            if inv.actor_id not in actors:
                raise StoreError(
                    f"record {record.document_id}: event {ordinal} involves actor {inv.actor_id!r}, "
                    "which is not among the record's actors"
                )
            pair = (inv.actor_id, inv.role.value)
            if kept(inv) and kept(actors[inv.actor_id]) and pair not in rows.involvements:
                rows.involvements.append(pair)
        events.append(rows)
        terms += [event.title, *rows.act_types]
        terms += [p for p in (rows.event["location"], rows.event["admin1"], rows.event["country"]) if p]
    return RecordRows(
        actors=[
            {
                "id": a.id,
                "name": a.name,
                "description": a.description,
                "type": a.type,
                "count": a.count,
                "name_index": a.name,  # blinded by the column's type
            }
            for a in record.actors
        ],
        events=events,
        search_terms=terms,
    )


def search_row(document_id: str, title: str | None, text: str, rows: RecordRows | None) -> dict[str, Any]:
    """The full-text row: the title, and the text followed by actor names, acts and places."""
    body = text
    if rows is not None and rows.search_terms:
        body += "\n\n" + " ".join(t.replace("_", " ") for t in rows.search_terms)
    return {"document_id": document_id, "title": title or "", "body": body}
