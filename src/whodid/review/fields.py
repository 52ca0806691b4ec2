"""The reviewable fields of a record, and what a person's decision does to each.

A record's main event is reviewed field by field: its date, each place, each
act, each actor in a role. Each field has a stable id (``date``, ``place:0``,
``act:2``, ``actor:a3``), the span of text it came from, its confidence and its
review state. A decision (accept, reject, correct) changes the value's review
state and, for a correction, the value itself; adding a victim the extractor
missed makes a new actor and involvement. Every decision also yields a
:class:`Correction`, kept apart from the record as training and evaluation data.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from whodid.model import (
    Actor,
    DatePrecision,
    DateValue,
    Extracted,
    Involvement,
    Provenance,
    Record,
    ReviewState,
    Role,
)
from whodid.model.vocab import PERPETRATOR_TYPES, VICTIM_TYPES

ACTIONS = ("accept", "reject", "correct")


class ReviewError(ValueError):
    """A decision that cannot be applied; the message says why."""


@dataclass(frozen=True, slots=True)
class FieldView:
    """One field as the review page shows it."""

    id: str
    label: str
    value: str
    confidence: float
    review: str
    start: int | None
    end: int | None
    kind: str  # "date", "place", "act", "actor"


@dataclass(frozen=True, slots=True)
class Correction:
    """A person's decision on one field: what it was, what it became."""

    document_id: str
    field: str
    action: str  # accept, reject, correct, add, reviewed
    before: Any
    after: Any


def fields(record: Record) -> list[FieldView]:
    """The main event's fields, least confident first, then in text order."""
    event = record.main_event
    if event is None:
        return []
    out: list[FieldView] = []
    if event.start is not None:
        value = event.start.start.isoformat() if event.start.start else "unknown"
        out.append(_view("date", "Date", f"{value} ({event.start.precision})", event.start, "date"))
    for i, place in enumerate(event.places):
        name = ", ".join(p for p in (place.name, place.admin1, place.country) if p)
        out.append(_view(f"place:{i}", "Place", name or "unknown", place, "place"))
    for i, act in enumerate(event.acts):
        out.append(_view(f"act:{i}", "Act", act.type.replace("_", " "), act, "act"))
    seen: set[str] = set()
    for involvement in event.involvements:
        if involvement.actor_id in seen or involvement.role not in (Role.VICTIM, Role.PERPETRATOR):
            continue
        seen.add(involvement.actor_id)
        actor = record.actor(involvement.actor_id)
        label = "Victim" if involvement.role == Role.VICTIM else "Perpetrator"
        count = f", {actor.count}" if actor.count and actor.count > 1 else ""
        out.append(
            _view(
                f"actor:{actor.id}",
                label,
                f"{actor.label} ({actor.type or 'type unknown'}{count})",
                actor,
                "actor",
            )
        )
    return sorted(out, key=lambda f: (f.review != ReviewState.SUGGESTED, f.confidence, f.start or 0))


def _view(field_id: str, label: str, value: str, extracted: Extracted, kind: str) -> FieldView:
    span = extracted.provenance
    return FieldView(
        id=field_id,
        label=label,
        value=value,
        confidence=extracted.confidence,
        review=str(extracted.review),
        start=span.start if span else None,
        end=span.end if span else None,
        kind=kind,
    )


def _target(record: Record, field_id: str) -> Extracted:
    event = record.main_event
    if event is None:
        raise ReviewError("the record has no event to review")
    kind, _, key = field_id.partition(":")
    try:
        if field_id == "date" and event.start is not None:
            return event.start
        if kind == "place":
            return event.places[int(key)]
        if kind == "act":
            return event.acts[int(key)]
        if kind == "actor":
            return record.actor(key)
    except (ValueError, IndexError, KeyError):
        pass
    raise ReviewError(f"the record has no field {field_id!r}")


def _snapshot(value: Extracted) -> dict[str, Any]:
    data: dict[str, Any] = json_ready(dataclasses.asdict(value))
    return data


def json_ready(value: Any) -> Any:
    """A value with dates and enums as strings, for the corrections table."""
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, ReviewState | DatePrecision | Role):
        return value.value
    return value


def decide(
    record: Record,
    field_id: str,
    action: str,
    *,
    value: str | None = None,
    kind: str | None = None,
    span: tuple[int, int] | None = None,
    text: str = "",
) -> Correction:
    """Apply a person's decision on one field to ``record`` (in place).

    A correction of the date takes ``value`` as YYYY-MM-DD; of an actor, ``value``
    as the name and ``kind`` as the type. ``span`` (start, end in ``text``) is
    the text the person selected for the corrected value.
    """
    if action not in ACTIONS:
        raise ReviewError(f"unknown decision {action!r}; one of {', '.join(ACTIONS)}")
    target = _target(record, field_id)
    before = _snapshot(target)
    if action == "accept":
        target.review = ReviewState.ACCEPTED
    elif action == "reject":
        target.review = ReviewState.REJECTED
    else:
        _correct(record, field_id, target, value, kind)
        target.review = ReviewState.CORRECTED
        target.confidence = 1.0
        if span is not None:
            target.provenance = _span(record.document_id, span, text)
    return Correction(record.document_id, field_id, action, before, _snapshot(target))


def _correct(record: Record, field_id: str, target: Extracted, value: str | None, kind: str | None) -> None:
    if isinstance(target, DateValue):
        try:
            day = date.fromisoformat((value or "").strip())
        except ValueError:
            raise ReviewError(f"{value!r} is not a date: write it as YYYY-MM-DD") from None
        target.start = day
        target.precision = DatePrecision.DAY
        event = record.main_event
        assert event is not None
        for act in event.acts:  # the acts dated by the old value follow the correction
            if act.date is target:
                act.date = target
        return
    if isinstance(target, Actor):
        name = (value or "").strip()
        if name:
            target.name, target.description = name, None
        if kind:
            if kind not in VICTIM_TYPES and kind not in PERPETRATOR_TYPES:
                raise ReviewError(f"{kind!r} is not an actor type")
            target.type = kind
        return
    raise ReviewError(
        f"{field_id} can be accepted or rejected; correct it by rejecting it and adding the right value"
    )


def add_victim(record: Record, name: str, kind: str, span: tuple[int, int] | None, text: str) -> Correction:
    """A victim the extractor missed, as a new actor in the main event."""
    event = record.main_event
    if event is None:
        raise ReviewError("the record has no event to add a victim to")
    name = name.strip()
    if not name:
        raise ReviewError("a victim needs a name or a description")
    if kind not in VICTIM_TYPES:
        raise ReviewError(f"{kind!r} is not a victim type")
    n = 1 + sum(1 for a in record.actors if a.id.startswith("h"))
    actor = Actor(
        id=f"h{n}",
        name=name,
        type=kind,
        count=1,
        confidence=1.0,
        review=ReviewState.CORRECTED,
        provenance=_span(record.document_id, span, text) if span else None,
    )
    record.actors.append(actor)
    event.involvements.append(
        Involvement(actor_id=actor.id, role=Role.VICTIM, confidence=1.0, review=ReviewState.CORRECTED)
    )
    return Correction(record.document_id, f"actor:{actor.id}", "add", None, _snapshot(actor))


def add_act(record: Record, act_type: str, span: tuple[int, int] | None, text: str) -> Correction:
    """An act the extractor missed, done by the event's perpetrators to its victims."""
    from whodid.model import Act
    from whodid.model.vocab import ACT_TYPES

    event = record.main_event
    if event is None:
        raise ReviewError("the record has no event to add an act to")
    if act_type not in ACT_TYPES:
        raise ReviewError(f"{act_type!r} is not an act type")
    roles: dict[Role, list[str]] = {Role.PERPETRATOR: [], Role.VICTIM: []}
    for involvement in event.involvements:
        if involvement.role in roles and involvement.actor_id not in roles[involvement.role]:
            roles[involvement.role].append(involvement.actor_id)
    act = Act(
        type=act_type,
        perpetrator_ids=roles[Role.PERPETRATOR],
        victim_ids=roles[Role.VICTIM],
        confidence=1.0,
        review=ReviewState.CORRECTED,
        provenance=_span(record.document_id, span, text) if span else None,
    )
    event.acts.append(act)
    return Correction(record.document_id, f"act:{len(event.acts) - 1}", "add", None, _snapshot(act))


def set_date(record: Record, value: str, span: tuple[int, int] | None, text: str) -> Correction:
    """The event's date when the extractor found none (to change a found date, correct it)."""
    event = record.main_event
    if event is None:
        raise ReviewError("the record has no event to date")
    if event.start is not None:
        raise ReviewError("the event has a date already: correct it instead")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ReviewError(f"{value!r} is not a date: write it as YYYY-MM-DD") from None
    event.start = DateValue(
        start=day,
        precision=DatePrecision.DAY,
        confidence=1.0,
        review=ReviewState.CORRECTED,
        provenance=_span(record.document_id, span, text) if span else None,
    )
    return Correction(record.document_id, "date", "add", None, _snapshot(event.start))


def _span(document_id: str, span: tuple[int, int], text: str) -> Provenance:
    start, end = span
    if not (0 <= start < end <= len(text)):
        raise ReviewError(f"the selected span {start}-{end} is outside the text")
    return Provenance(document_id, start, end, text[start:end])


def min_confidence(record: Record) -> float:
    """The lowest confidence among the main event's fields still to review (1.0 if none)."""
    pending = [f.confidence for f in fields(record) if f.review == ReviewState.SUGGESTED]
    return min(pending, default=1.0)
