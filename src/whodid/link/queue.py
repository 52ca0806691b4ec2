"""Filling the review queue from the store: records → rows → Splink → candidates.

Reads every record the operator may see through the repository's public API
(so sealed names are opened by the store's keys, never here), builds person
and event rows, scores them with the shipped or freshly trained model, and
saves every pair above the review threshold as a candidate with its
field-by-field evidence. Nothing is merged here: a person decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from whodid.link import events, persons
from whodid.link.engine import Run
from whodid.model import Record, Role
from whodid.store.links import Scored

if TYPE_CHECKING:
    from whodid.store.access import Access
    from whodid.store.repository import Repository

REVIEW_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Filled:
    kind: str
    rows: int
    pairs: int
    added: int
    updated: int
    trained: bool


def person_rows(record: Record) -> Iterator[persons.PersonRow]:
    """A row per named person (not a group) of the record."""
    event = record.main_event
    place = event.places[0] if event and event.places else None
    day = event.start.start if event and event.start else None
    roles: dict[str, str] = {}
    for ev in record.events:
        for inv in ev.involvements:
            roles.setdefault(inv.actor_id, inv.role.value)
    named = [a for a in record.actors if a.name and not a.is_group]
    for actor in named:
        assert actor.name is not None
        yield persons.PersonRow(
            id=f"{record.document_id}:{actor.id}",
            name=actor.name,
            role=roles.get(actor.id),
            affiliation=actor.affiliation,
            country=place.country if place else None,
            day=day,
            others=tuple(a.name for a in named if a is not actor and a.name),
            document=record.document_id,
        )


def event_rows(record: Record) -> Iterator[events.EventRow]:
    """A row per event of the record."""
    actors = {a.id: a for a in record.actors}
    for ordinal, ev in enumerate(record.events):
        place = ev.places[0] if ev.places else None
        ids = {inv.actor_id: inv.role for inv in ev.involvements}
        perps = tuple(
            sorted(
                {actors[i].type or "unknown" for i, r in ids.items() if r == Role.PERPETRATOR and i in actors}
            )
        )
        victims = tuple(actors[i].name or "" for i, r in ids.items() if r == Role.VICTIM and i in actors)
        yield events.EventRow(
            id=f"{record.document_id}:{ordinal}",
            day=ev.start.start if ev.start else None,
            precision=ev.start.precision.value if ev.start else None,
            country=place.country if place else None,
            admin1=place.admin1 if place else None,
            lat=place.lat if place else None,
            lon=place.lon if place else None,
            acts=tuple(a.type for a in ev.acts),
            perpetrators=perps,
            victims=tuple(v for v in victims if v),
            fatalities=ev.fatalities,
            document=record.document_id,
        )


def fill(
    repo: Repository, kind: str, *, threshold: float = REVIEW_THRESHOLD, access: Access | None = None
) -> Filled:
    """Score ``kind`` (persons or events) across the store and queue pairs for review."""
    records = [r for r in (repo.get_record(d) for d in repo.document_ids(access)) if r is not None]
    if kind == "persons":
        table = persons.frame(row for r in records for row in person_rows(r))
        spec = persons.spec()
    elif kind == "events":
        table = events.frame(row for r in records for row in event_rows(r))
        spec = events.spec()
    else:
        raise ValueError(f"{kind!r} is not a kind of link; persons or events")
    if len(table) < 2:
        return Filled(kind, len(table), 0, 0, 0, False)
    run = Run(spec, table)
    predicted = run.predict(threshold)
    if spec.apart is not None and len(predicted):
        predicted = predicted[predicted[f"{spec.apart}_l"] != predicted[f"{spec.apart}_r"]]
    pairs = [
        Scored(p.left, p.right, p.probability, p.weight, [e.to_dict() for e in p.evidence])
        for p in run.pairs(predicted)
    ]
    added, updated = repo.save_candidates(kind, pairs)
    return Filled(kind, len(table), len(pairs), added, updated, run.trained)
