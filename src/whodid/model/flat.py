"""The flat view: one record as the flat JSON object of shared/gold-format.md.

The full record stays richer; this view is what extraction is scored on and
what a spreadsheet-minded user exports.
"""

from __future__ import annotations

from typing import Any

from whodid.model.domain import Actor, Record, ReviewState, Role

FLAT_FIELDS = (
    "id",
    "date",
    "date_precision",
    "country",
    "admin1",
    "location",
    "lat",
    "lon",
    "geo_precision",
    "acled_event_type",
    "acled_sub_event_type",
    "acts",
    "perpetrators",
    "victims",
    "fatalities",
)


def _entry(actor: Actor) -> dict[str, Any]:
    return {"name": actor.label, "type": actor.type, "count": actor.count}


def to_flat(record: Record | None, case_id: str) -> dict[str, Any]:
    """Flatten the main event of ``record``; rejected values are left out.

    An absent record (nothing extracted) gives a row of nulls, so every input
    line still has its output line.
    """
    flat: dict[str, Any] = dict.fromkeys(FLAT_FIELDS)
    flat.update(id=case_id, acts=[], perpetrators=[], victims=[])
    event = record.main_event if record else None
    if record is None or event is None:
        return flat

    def kept(v: Any) -> bool:
        return v is not None and v.review != ReviewState.REJECTED

    if kept(event.start):
        assert event.start is not None
        flat["date"] = event.start.start.isoformat()
        flat["date_precision"] = event.start.precision.value
    place = next((p for p in event.places if kept(p)), None)
    if place is not None:
        flat.update(
            country=place.country,
            admin1=place.admin1,
            location=place.name,
            lat=place.lat,
            lon=place.lon,
            geo_precision=place.geo_precision,
        )
    flat["acled_event_type"] = event.acled_event_type
    flat["acled_sub_event_type"] = event.acled_sub_event_type
    acts: list[str] = []
    for act in event.acts:
        if kept(act) and act.type not in acts:
            acts.append(act.type)
    flat["acts"] = acts
    for role, key in ((Role.PERPETRATOR, "perpetrators"), (Role.VICTIM, "victims")):
        seen: set[str] = set()
        for inv in event.involvements:
            if inv.role == role and kept(inv) and inv.actor_id not in seen:
                seen.add(inv.actor_id)
                actor = record.actor(inv.actor_id)
                if kept(actor):
                    flat[key].append(_entry(actor))
    flat["fatalities"] = event.fatalities
    return flat
