"""``uwazi-csv``: one row per event in the layout Uwazi's CSV import reads.

Uwazi's conventions: a ``title`` column first (each row is one entity, an
event here), then one column per template property, named by the property's
name (lower case, ``_`` for spaces); several values in one cell (multi-select,
relationships) joined by ``|``; a date in the collection's date format
(``--date-format``, default YYYY/MM/DD), a date range as ``start:end``
(either side may be empty); a geolocation as ``lat|lon``. Build the template
with these properties: ``document_id`` and ``event_number`` (text, whodid's
ids), ``date`` (date range), ``date_precision``, ``country``, ``acled_event_type``,
``acled_sub_event_type`` (selects), ``admin1``, ``location`` (text),
``geolocation``, ``geo_precision`` and ``fatalities`` (numeric), ``act_types``
(multi-select), ``perpetrators``, ``victims`` (multi-select or relationship),
``perpetrator_types``, ``victim_types`` (one type per actor, in the same order;
``unknown`` where none) and ``sources``.

A ``|`` inside a name would split it, so it is written as ``/``. Rejected
values are left out. An import reads the same layout back (other columns are
refused); cells the record cannot say are kept in the document's lineage.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from datetime import date
from typing import BinaryIO

from whodid.model import Act, Actor, DatePrecision, DateValue, Event, Involvement, Place, Record, Role, Source
from whodid.protect.redact import PROFILES
from whodid.share.formats.acled_csv import SOURCE_KINDS, country_code, country_name, source_label
from whodid.share.formats.common import (
    DATE_FORMATS,
    LINEAGE,
    SHA256_HEX,
    BadImport,
    ExportError,
    Incoming,
    Item,
    Options,
    kept,
    number_text,
    parse_date,
    parse_float,
    parse_int,
    row_document,
)
from whodid.share.formats.common import Source as File
from whodid.share.formats.tabular import choose, read_table, write_rows

NAME = "uwazi-csv"
MEDIA_TYPE = "application/vnd.whodid.row+json; format=uwazi-csv"
COLUMNS = (
    "title",
    "document_id",
    "event_number",
    "date",
    "date_precision",
    "country",
    "admin1",
    "location",
    "geolocation",
    "geo_precision",
    "acled_event_type",
    "acled_sub_event_type",
    "act_types",
    "perpetrators",
    "perpetrator_types",
    "victims",
    "victim_types",
    "fatalities",
    "sources",
)
MULTI = "|"
NO_TYPE = "unknown"


def _pattern(date_format: str) -> str:
    if date_format not in DATE_FORMATS:
        raise ExportError(f"{date_format!r} is not a date format; one of {', '.join(DATE_FORMATS)}")
    return DATE_FORMATS[date_format]


def _one(text: str) -> str:
    return text.replace(MULTI, "/")


def _actors(record: Record, event: Event, role: Role) -> list[Actor]:
    found: list[Actor] = []
    for inv in event.involvements:
        if inv.role == role and kept(inv) and all(a.id != inv.actor_id for a in found):
            actor = next((a for a in record.actors if a.id == inv.actor_id), None)
            if actor is not None and kept(actor):
                found.append(actor)
    return found


def event_row(item: Item, index: int, event: Event, pattern: str) -> dict[str, str]:
    record = item.record
    assert record is not None
    start = event.start if kept(event.start) else None
    end_day = event.end.start if event.end is not None and kept(event.end) else (start.end if start else None)
    place = next((p for p in event.places if kept(p)), None)
    perpetrators = _actors(record, event, Role.PERPETRATOR)
    victims = _actors(record, event, Role.VICTIM)
    acts: list[str] = []
    for act in event.acts:
        if kept(act) and act.type not in acts:
            acts.append(act.type)

    def day(value: date | None) -> str:
        return value.strftime(pattern) if value else ""

    located = place is not None and place.lat is not None and place.lon is not None
    return {
        "title": event.title or "untitled event",
        "document_id": item.key,
        "event_number": str(item.number(index)),
        "date": f"{day(start.start if start else None)}:{day(end_day)}" if start or end_day else "",
        "date_precision": start.precision.value if start else "",
        "country": country_name(place.country) if place else "",
        "admin1": (place.admin1 or "") if place else "",
        "location": (place.name or "") if place else "",
        "geolocation": f"{number_text(place.lat)}{MULTI}{number_text(place.lon)}"
        if place and located
        else "",
        "geo_precision": str(place.geo_precision) if place else "",
        "acled_event_type": event.acled_event_type or "",
        "acled_sub_event_type": event.acled_sub_event_type or "",
        "act_types": MULTI.join(acts),
        "perpetrators": MULTI.join(_one(a.label) for a in perpetrators),
        "perpetrator_types": MULTI.join(_one(a.type or NO_TYPE) for a in perpetrators),
        "victims": MULTI.join(_one(a.label) for a in victims),
        "victim_types": MULTI.join(_one(a.type or NO_TYPE) for a in victims),
        "fatalities": number_text(event.fatalities),
        "sources": MULTI.join(_one(source_label(s)) for s in record.sources if kept(s)),
    }


def write(items: Iterable[Item], out: BinaryIO, options: Options, profile: str) -> list[str]:
    pattern = _pattern(options.date_format)
    chosen = choose(COLUMNS, options.columns, NAME)
    columns = ("title", *(c for c in chosen if c != "title"))  # Uwazi reads the title first

    def rows(item: Item) -> Iterator[dict[str, str]]:
        if item.record is None:
            return
        kept_cells = item.kept(NAME, ())
        for index, event in enumerate(item.record.events):
            if kept(event):
                yield {**event_row(item, index, event, pattern), **kept_cells}

    return write_rows(out, columns, items, rows)


# --- import -----------------------------------------------------------------------------


def read(source: File, options: Options) -> list[Incoming]:
    try:
        pattern = _pattern(options.date_format)
    except ExportError as e:
        raise BadImport(str(e)) from None
    _, table = read_table(source.data, source.name, COLUMNS, required=("title",))
    return [_incoming(source, n, row, options, pattern) for n, row in enumerate(table, 1)]


def _split(text: str) -> list[str]:
    return text.split(MULTI) if text else []


def _incoming(source: File, n: int, row: dict[str, str], options: Options, pattern: str) -> Incoming:
    where = f"{source.name}: row {n}"
    original = row.get("document_id", "")
    if original and not SHA256_HEX.fullmatch(original):
        original = ""  # another system's id: kept with the row's other cells
    number = parse_int(row.get("event_number", ""), f"{where}, event_number", low=1)
    lineage: dict[str, object] = {}
    if original:
        lineage["document_id"] = original
    if number:
        lineage["events"] = [number]
    document = row_document(
        source,
        NAME,
        n,
        {"format": NAME, "row": row},
        anchor="row",
        options=options,
        title=row.get("title") or None,
        media_type=MEDIA_TYPE,
        lineage=lineage,
    )
    record = record_of(row, document.id, where, pattern)
    probe = Item(document, document, record, PROFILES["full"])
    derived = event_row(probe, 0, record.events[0], pattern)
    keep = {k: v for k, v in row.items() if derived.get(k, "") != v}
    metadata = {LINEAGE: {**document.metadata[LINEAGE], "columns": keep}}
    return Incoming(f"row {n}", dataclasses.replace(document, metadata=metadata), record, original or None)


def record_of(row: dict[str, str], document_id: str, where: str, pattern: str) -> Record:
    """The one-event record an Uwazi row says."""
    get = row.get
    first, _, last = get("date", "").partition(":")
    begin = parse_date(first, f"{where}, date", pattern)
    finish = parse_date(last, f"{where}, date", pattern)
    precision_text = get("date_precision", "")
    try:
        precision = DatePrecision(precision_text or "day")
    except ValueError:
        raise BadImport(
            f"{where}, date_precision: {precision_text[:30]!r} is not day, week, month or year"
        ) from None
    start = DateValue(start=begin, precision=precision) if begin else None
    end = DateValue(start=finish) if finish else None
    actors: list[Actor] = []
    involvements: list[Involvement] = []
    sides: dict[Role, list[str]] = {}
    for role, names_column, types_column in (
        (Role.PERPETRATOR, "perpetrators", "perpetrator_types"),
        (Role.VICTIM, "victims", "victim_types"),
    ):
        types = _split(get(types_column, ""))
        sides[role] = []
        for i, label in enumerate(_split(get(names_column, ""))):
            kind = types[i] if i < len(types) and types[i] not in (NO_TYPE, "") else None
            actor_id = f"a{len(actors) + 1}"
            actors.append(Actor(id=actor_id, name=label, type=kind))
            involvements.append(Involvement(actor_id=actor_id, role=role))
            sides[role].append(actor_id)
    place = _place(row, where)
    acts = [
        Act(
            type=t,
            perpetrator_ids=list(sides[Role.PERPETRATOR]),
            victim_ids=list(sides[Role.VICTIM]),
            date=DateValue(start=begin, precision=precision) if begin else None,
            place=dataclasses.replace(place) if place else None,
        )
        for t in dict.fromkeys(_split(get("act_types", "")))
        if t
    ]
    event = Event(
        title=get("title", ""),
        start=start,
        end=end,
        places=[place] if place else [],
        acts=acts,
        involvements=involvements,
        acled_event_type=get("acled_event_type") or None,
        acled_sub_event_type=get("acled_sub_event_type") or None,
        fatalities=parse_int(get("fatalities", ""), f"{where}, fatalities"),
    )
    sources = [
        Source(kind=p) if p in SOURCE_KINDS else Source(kind="report", by=p)
        for p in _split(get("sources", ""))
        if p
    ]
    return Record(
        document_id=document_id, events=[event], actors=actors, sources=sources, extractor=f"import:{NAME}"
    )


def _place(row: dict[str, str], where: str) -> Place | None:
    get = row.get
    if not any(get(c) for c in ("country", "admin1", "location", "geolocation", "geo_precision")):
        return None
    lat = lon = None
    if get("geolocation"):
        parts = get("geolocation", "").split(MULTI)
        if len(parts) != 2:
            raise BadImport(f"{where}, geolocation: {get('geolocation', '')[:40]!r} is not lat|lon")
        lat = parse_float(parts[0], f"{where}, geolocation latitude", bound=90)
        lon = parse_float(parts[1], f"{where}, geolocation longitude", bound=180)
    return Place(
        name=get("location") or None,
        country=country_code(get("country", "")),
        admin1=get("admin1") or None,
        lat=lat,
        lon=lon,
        geo_precision=parse_int(get("geo_precision", ""), f"{where}, geo_precision", low=1, high=3) or 3,
    )
