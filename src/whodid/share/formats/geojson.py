"""``geojson``: a FeatureCollection (RFC 7946), one Point feature per event, for maps.

A feature's coordinates are its first place that has them, ``[lon, lat]`` as
GeoJSON orders them (coarsened by the partner profile); its properties are
the event as the flat view has it (ids, title, dates, place, ACLED types, act
types, perpetrators and victims with type and count, fatalities). Events
without coordinates are not dropped silently: they are listed, with the same
properties, in the foreign member ``unlocated`` (RFC 7946 section 6.1), which
map software ignores. Rejected values are left out. Export only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from whodid.model import Event, Record, Role
from whodid.share.formats.common import Item, Options, iso, kept

NAME = "geojson"


def _people(record: Record, event: Event, role: Role) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for inv in event.involvements:
        if inv.role != role or not kept(inv) or inv.actor_id in seen:
            continue
        seen.add(inv.actor_id)
        actor = next((a for a in record.actors if a.id == inv.actor_id), None)
        if actor is not None and kept(actor):
            found.append({"name": actor.label, "type": actor.type, "count": actor.count})
    return found


def properties(item: Item, index: int, event: Event) -> dict[str, Any]:
    record = item.record
    assert record is not None
    start = event.start if kept(event.start) else None
    end = event.end if event.end is not None and kept(event.end) else None
    place = next((p for p in event.places if kept(p)), None)
    acts: list[str] = []
    for act in event.acts:
        if kept(act) and act.type not in acts:
            acts.append(act.type)
    return {
        "id": f"{item.key}:{item.number(index)}",
        "document_id": item.key,
        "event_number": item.number(index),
        "title": event.title,
        "date": iso(start.start) if start else None,
        "date_end": iso(end.start) if end else (iso(start.end) or None if start else None),
        "date_precision": start.precision.value if start else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "location": place.name if place else None,
        "geo_precision": place.geo_precision if place else None,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "act_types": acts,
        "perpetrators": _people(record, event, Role.PERPETRATOR),
        "victims": _people(record, event, Role.VICTIM),
        "fatalities": event.fatalities,
    }


def write(items: Iterable[Item], out: BinaryIO, options: Options, profile: str) -> list[str]:
    features: list[str] = []
    unlocated: list[str] = []
    ids: list[str] = []
    for item in items:
        if item.record is None:
            continue
        written = False
        for index, event in enumerate(item.record.events):
            if not kept(event):
                continue
            written = True
            props = properties(item, index, event)
            point = next(
                (p for p in event.places if kept(p) and p.lat is not None and p.lon is not None), None
            )
            if point is None:
                unlocated.append(json.dumps(props, ensure_ascii=False))
                continue
            feature = {
                "type": "Feature",
                "id": props["id"],
                "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
                "properties": props,
            }
            features.append(json.dumps(feature, ensure_ascii=False))
        if written:
            ids.append(item.stored.id)
    head = {"type": "FeatureCollection", "whodid": {"format": NAME, "version": 1, "profile": profile}}
    text = json.dumps(head, ensure_ascii=False)[:-1]
    text += ', "features": [' + ",\n".join(features) + '],\n "unlocated": [' + ",\n".join(unlocated) + "]}\n"
    out.write(text.encode("utf-8"))
    return ids
