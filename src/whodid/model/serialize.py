"""Rebuild a :class:`~whodid.model.domain.Record` from its JSON form.

The store keeps records as JSON documents next to indexed columns; this is the
one place that knows how the JSON maps back onto the dataclasses.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from whodid.model.domain import (
    Act,
    Actor,
    DatePrecision,
    DateValue,
    Event,
    Intervention,
    Involvement,
    Place,
    Provenance,
    Record,
    ReviewState,
    Role,
    Source,
)


def _common(d: dict[str, Any]) -> dict[str, Any]:
    prov = d.get("provenance")
    return {
        "provenance": Provenance(**prov) if prov else None,
        "confidence": float(d.get("confidence", 0.5)),
        "review": ReviewState(d.get("review", "suggested")),
    }


def _rest(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in ("provenance", "confidence", "review")}


def date_value(d: dict[str, Any] | None) -> DateValue | None:
    if not d:
        return None
    rest = _rest(d)
    return DateValue(
        **_common(d),
        start=date.fromisoformat(rest["start"]),
        end=date.fromisoformat(rest["end"]) if rest.get("end") else None,
        precision=DatePrecision(rest.get("precision", "day")),
    )


def place(d: dict[str, Any] | None) -> Place | None:
    return Place(**_common(d), **_rest(d)) if d else None


def act(d: dict[str, Any]) -> Act:
    rest = _rest(d)
    rest["date"] = date_value(rest.get("date"))
    rest["place"] = place(rest.get("place"))
    return Act(**_common(d), **rest)


def event(d: dict[str, Any]) -> Event:
    rest = _rest(d)
    rest["start"] = date_value(rest.get("start"))
    rest["end"] = date_value(rest.get("end"))
    rest["places"] = [p for p in (place(x) for x in rest.get("places", [])) if p]
    rest["acts"] = [act(x) for x in rest.get("acts", [])]
    rest["involvements"] = [
        Involvement(**_common(x), actor_id=x["actor_id"], role=Role(x["role"]))
        for x in rest.get("involvements", [])
    ]
    return Event(**_common(d), **rest)


def record_from_dict(d: dict[str, Any]) -> Record:
    return Record(
        document_id=d["document_id"],
        events=[event(x) for x in d.get("events", [])],
        actors=[Actor(**_common(x), **_rest(x)) for x in d.get("actors", [])],
        sources=[Source(**_common(x), **_rest(x)) for x in d.get("sources", [])],
        interventions=[Intervention(**_common(x), **_rest(x)) for x in d.get("interventions", [])],
        extractor=d.get("extractor", ""),
    )
