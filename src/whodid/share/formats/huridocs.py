"""``huridocs``: the HURIDOCS Events Standard Formats as related tables, a ZIP of CSVs.

Tables (one CSV each) and what relates them:

- ``documents.csv``: one row per report (``document_id``; the text, title, dates);
- ``events.csv``: ``event_id``, its ``document_id``; title, initial and final dates;
- ``acts.csv``: ``act_id``, its ``event_id``; type, date, ``perpetrator_ids`` and
  ``victim_ids`` (``person_id`` values joined by ``;``), ``place_id``;
- ``persons.csv``: the actors, ``person_id``, their ``document_id`` (a person in two
  events of a report is one row), individuals and groups with their counts;
- ``involvements.csv``: a person's role in an event (``event_id``, ``person_id``);
- ``places.csv``: an event's places (``event_id``) or an act's place (``act_id``);
- ``sources.csv``: ``source_id``, ``document_id``, kind, by whom, ``informant_id``;
- ``interventions.csv``: ``intervention_id``, ``document_id``, party, kind, content.

Ids are the document id (where it was first received) and a path under it
(``<doc>:e1``, ``<doc>:e1:act2``, ``<doc>:actor3``), so they are stable from
store to store. Every value keeps its confidence and review state; the spans
of text each value was read from are not in the tables (``json`` keeps
them). With ``--attachments`` the evidence bytes ride along as
``raw/<sha256>`` (``documents.raw_file``), and an import restores each
document under its own id; without them an import makes a new document of
the report's rows, whose lineage names the original.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, BinaryIO

from whodid.model import (
    Act,
    Actor,
    DatePrecision,
    DateValue,
    Document,
    Event,
    Intervention,
    Involvement,
    Place,
    Record,
    Role,
    Source,
)
from whodid.model.domain import Extracted
from whodid.share.formats import archive
from whodid.share.formats.common import (
    SHA256_HEX,
    BadImport,
    Incoming,
    Item,
    Options,
    iso,
    number_text,
    parse_bool,
    parse_confidence,
    parse_date,
    parse_float,
    parse_int,
    parse_review,
    row_document,
)
from whodid.share.formats.common import Source as File
from whodid.share.formats.tabular import read_table, write_table

NAME = "huridocs"
MEDIA_TYPE = "application/vnd.whodid.huridocs+json"
LIST = ";"
MAX_TEXT = 64 * 1024 * 1024
STATE = ("confidence", "review")
# the cells of a date: start, end (of a range), precision, confidence, review
INITIAL = ("initial_date", "initial_date_end", "initial_precision", "initial_confidence", "initial_review")
FINAL = ("final_date", "final_date_end", "final_precision", "final_confidence", "final_review")
ACT_DATE = ("date_start", "date_end", "date_precision", "date_confidence", "date_review")
TABLES: dict[str, tuple[str, ...]] = {
    "documents": (
        "document_id",
        "media_type",
        "origin",
        "received_at",
        "title",
        "published",
        "language",
        "text",
        "extractor",
        "has_record",
        "raw_file",
    ),
    "events": (
        "event_id",
        "document_id",
        "event_number",
        "title",
        *INITIAL,
        *FINAL,
        "acled_event_type",
        "acled_sub_event_type",
        "fatalities",
        *STATE,
    ),
    "acts": (
        "act_id",
        "event_id",
        "type",
        "perpetrator_ids",
        "victim_ids",
        *ACT_DATE,
        "place_id",
        "duration_hours",
        "attempted",
        *STATE,
    ),
    "persons": (
        "person_id",
        "document_id",
        "local_id",
        "name",
        "description",
        "is_group",
        "type",
        "count",
        "count_max",
        "count_approximate",
        "sex",
        "occupation",
        "affiliation",
        "nationality",
        *STATE,
    ),
    "involvements": ("event_id", "person_id", "role", *STATE),
    "places": (
        "place_id",
        "event_id",
        "act_id",
        "name",
        "country",
        "admin1",
        "latitude",
        "longitude",
        "geo_precision",
        "site",
        "feature",
        "gazetteer_id",
        *STATE,
    ),
    "sources": ("source_id", "document_id", "kind", "by", "informant_id", "where", *STATE),
    "interventions": ("intervention_id", "document_id", "party", "kind", "content", *STATE),
}
REQUIRED_TABLES = ("documents", "events")


def _state(value: Extracted | None) -> dict[str, str]:
    if value is None:
        return {"confidence": "", "review": ""}
    return {"confidence": number_text(value.confidence), "review": value.review.value}


def _date(names: tuple[str, ...], value: DateValue | None) -> dict[str, str]:
    """A date's cells under ``names`` (start, end, precision, confidence, review)."""
    if value is None:
        return dict.fromkeys(names, "")
    state = _state(value)
    cells = (iso(value.start), iso(value.end), value.precision.value, state["confidence"], state["review"])
    return dict(zip(names, cells, strict=True))


def _place(place_id: str, event_id: str, act_id: str, place: Place) -> dict[str, str]:
    return {
        "place_id": place_id,
        "event_id": event_id,
        "act_id": act_id,
        "name": place.name or "",
        "country": place.country or "",
        "admin1": place.admin1 or "",
        "latitude": number_text(place.lat),
        "longitude": number_text(place.lon),
        "geo_precision": str(place.geo_precision),
        "site": place.site or "",
        "feature": place.feature,
        "gazetteer_id": place.gazetteer_id or "",
        **_state(place),
    }


def tables(item: Item, raw_file: str) -> dict[str, list[dict[str, str]]]:
    """The rows one report adds to each table."""
    key, record, shown = item.key, item.record, item.document
    origin = shown.origin if item.profile.withhold_origins else (item.described("origin") or "")
    out: dict[str, list[dict[str, str]]] = {name: [] for name in TABLES}
    out["documents"].append(
        {
            "document_id": key,
            "media_type": item.described("media_type") or "",
            "origin": origin,
            "received_at": item.received_at.isoformat(),
            "title": shown.title or "",
            "published": iso(shown.published),
            "language": shown.language or "",
            "text": shown.text,
            "extractor": record.extractor if record else "",
            "has_record": "true" if record else "false",
            "raw_file": raw_file,
        }
    )
    if record is None:
        return out
    person = {a.id: f"{key}:actor{i}" for i, a in enumerate(record.actors, 1)}

    def ids(actor_ids: list[str]) -> str:
        return LIST.join(person.get(a, a) for a in actor_ids)

    for i, actor in enumerate(record.actors, 1):
        out["persons"].append(
            {
                "person_id": f"{key}:actor{i}",
                "document_id": key,
                "local_id": actor.id,
                "name": actor.name or "",
                "description": actor.description or "",
                "is_group": number_text(actor.is_group),
                "type": actor.type or "",
                "count": number_text(actor.count),
                "count_max": number_text(actor.count_max),
                "count_approximate": number_text(actor.count_approximate),
                "sex": actor.sex or "",
                "occupation": actor.occupation or "",
                "affiliation": actor.affiliation or "",
                "nationality": actor.nationality or "",
                **_state(actor),
            }
        )
    for index, event in enumerate(record.events):
        event_id = f"{key}:e{item.number(index)}"
        out["events"].append(
            {
                "event_id": event_id,
                "document_id": key,
                "event_number": str(item.number(index)),
                "title": event.title,
                **_date(INITIAL, event.start),
                **_date(FINAL, event.end),
                "acled_event_type": event.acled_event_type or "",
                "acled_sub_event_type": event.acled_sub_event_type or "",
                "fatalities": number_text(event.fatalities),
                **_state(event),
            }
        )
        for k, place in enumerate(event.places, 1):
            out["places"].append(_place(f"{event_id}:place{k}", event_id, "", place))
        for j, act in enumerate(event.acts, 1):
            act_id = f"{event_id}:act{j}"
            place_id = f"{act_id}:place" if act.place else ""
            if act.place:
                out["places"].append(_place(place_id, "", act_id, act.place))
            out["acts"].append(
                {
                    "act_id": act_id,
                    "event_id": event_id,
                    "type": act.type,
                    "perpetrator_ids": ids(act.perpetrator_ids),
                    "victim_ids": ids(act.victim_ids),
                    **_date(ACT_DATE, act.date),
                    "place_id": place_id,
                    "duration_hours": number_text(act.duration_hours),
                    "attempted": number_text(act.attempted),
                    **_state(act),
                }
            )
        for inv in event.involvements:
            out["involvements"].append(
                {
                    "event_id": event_id,
                    "person_id": person.get(inv.actor_id, inv.actor_id),
                    "role": inv.role.value,
                    **_state(inv),
                }
            )
    for i, source in enumerate(record.sources, 1):
        out["sources"].append(
            {
                "source_id": f"{key}:source{i}",
                "document_id": key,
                "kind": source.kind,
                "by": source.by or "",
                "informant_id": person.get(source.informant_id, source.informant_id)
                if source.informant_id
                else "",
                "where": source.where or "",
                **_state(source),
            }
        )
    for i, intervention in enumerate(record.interventions, 1):
        out["interventions"].append(
            {
                "intervention_id": f"{key}:intervention{i}",
                "document_id": key,
                "party": intervention.party,
                "kind": intervention.kind,
                "content": intervention.content or "",
                **_state(intervention),
            }
        )
    return out


def write(items: Iterable[Item], out: BinaryIO, options: Options, profile: str) -> list[str]:
    zipped = archive.Writer(out)
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in TABLES}
    ids: list[str] = []
    for item in items:
        raw_file = zipped.add_raw(item.stored.id, item.stored.raw) if options.attachments else ""
        for name, added in tables(item, raw_file).items():
            rows[name].extend(added)
        ids.append(item.stored.id)
    for name, columns in TABLES.items():
        zipped.add(f"{name}.csv", "".join(write_table(columns, rows[name])).encode("utf-8"))
    zipped.close()
    return ids


def is_package(package: archive.Package) -> bool:
    return package.has("documents.csv")


def allowed(member: str) -> bool:
    return (
        (member.removesuffix(".csv") in TABLES and member.endswith(".csv"))
        or member == "SHA256SUMS"
        or archive.RAW_NAME.fullmatch(member) is not None
    )


# --- import -----------------------------------------------------------------------------


def read(source: File, options: Options) -> list[Incoming]:
    package = archive.Package(source.data, source.name, allowed)
    data: dict[str, list[dict[str, str]]] = {}
    for name, columns in TABLES.items():
        member = f"{name}.csv"
        if not package.has(member):
            if name in REQUIRED_TABLES:
                raise BadImport(f"{source.name}: has no {member}; not a huridocs export")
            data[name] = []
            continue
        _, data[name] = read_table(
            package.read(member), f"{source.name}/{member}", columns, required=columns[:1], max_cell=MAX_TEXT
        )
    return list(_documents(source, package, data, options))


def _by(rows: list[dict[str, str]], column: str) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        grouped[row.get(column, "")].append(row)
    return grouped


def _documents(
    source: File, package: archive.Package, data: dict[str, list[dict[str, str]]], options: Options
) -> Iterator[Incoming]:
    name = source.name
    known_docs = [r.get("document_id", "") for r in data["documents"]]
    if len(set(known_docs)) != len(known_docs):
        raise BadImport(f"{name}/documents.csv: a document_id appears twice")
    events_of = _by(data["events"], "document_id")
    persons_of = _by(data["persons"], "document_id")
    sources_of = _by(data["sources"], "document_id")
    interventions_of = _by(data["interventions"], "document_id")
    event_ids = {r.get("event_id", "") for r in data["events"]}
    acts_of = _by(data["acts"], "event_id")
    involvements_of = _by(data["involvements"], "event_id")
    places_of_event = _by([r for r in data["places"] if not r.get("act_id")], "event_id")
    places_by_id = {r.get("place_id", ""): r for r in data["places"]}
    act_ids = {r.get("act_id", "") for r in data["acts"]}
    for table, column, known in (
        ("events", "document_id", set(known_docs)),
        ("persons", "document_id", set(known_docs)),
        ("sources", "document_id", set(known_docs)),
        ("interventions", "document_id", set(known_docs)),
        ("acts", "event_id", event_ids),
        ("involvements", "event_id", event_ids),
    ):
        for n, row in enumerate(data[table], 1):
            if row.get(column, "") not in known:
                raise BadImport(
                    f"{name}/{table}.csv: row {n}: {column} {row.get(column, '')[:80]!r} is in no table"
                )
    for n, row in enumerate(data["places"], 1):
        if (row.get("event_id") or "") not in event_ids | {""} or (row.get("act_id") or "") not in act_ids | {
            ""
        }:
            raise BadImport(f"{name}/places.csv: row {n}: names an event or act that is in no table")
    for n, doc in enumerate(data["documents"], 1):
        where = f"{name}/documents.csv: row {n}"
        original = doc.get("document_id", "")
        if not SHA256_HEX.fullmatch(original):
            raise BadImport(f"{where}: document_id {original[:70]!r} is not a SHA-256")
        received = _instant(doc.get("received_at", ""), f"{where}, received_at")
        events = events_of.get(original, [])
        related = {
            "documents": [doc],
            "events": events,
            "persons": persons_of.get(original, []),
            "sources": sources_of.get(original, []),
            "interventions": interventions_of.get(original, []),
            "acts": [a for e in events for a in acts_of.get(e.get("event_id", ""), [])],
            "involvements": [i for e in events for i in involvements_of.get(e.get("event_id", ""), [])],
        }
        related["places"] = [p for e in events for p in places_of_event.get(e.get("event_id", ""), [])] + [
            places_by_id[a["place_id"]] for a in related["acts"] if a.get("place_id") in places_by_id
        ]
        numbers = [parse_int(e.get("event_number", ""), f"{where}, event_number", low=1) or 0 for e in events]
        fields: dict[str, Any] = {
            "title": doc.get("title") or None,
            "published": parse_date(doc.get("published", ""), f"{where}, published"),
            "language": doc.get("language") or None,
        }
        if doc.get("raw_file"):
            raw = package.raw(doc["raw_file"], original)
            document = Document(
                id=original,
                raw=raw,
                media_type=doc.get("media_type") or "application/octet-stream",
                origin=doc.get("origin", ""),
                received_at=received,
                text=doc.get("text", ""),
                **fields,
            )
        else:
            made = row_document(
                source,
                NAME,
                n,
                {"format": NAME, "tables": related},
                anchor="document",
                options=options,
                text=doc.get("text", ""),
                title=fields["title"],
                media_type=MEDIA_TYPE,
                lineage={
                    "document_id": original,
                    "received_at": received.isoformat(),
                    "events": numbers,
                    "document": {"origin": doc.get("origin", ""), "media_type": doc.get("media_type", "")},
                },
            )
            document = Document(
                id=made.id,
                raw=made.raw,
                media_type=made.media_type,
                origin=made.origin,
                received_at=made.received_at,
                text=made.text,
                metadata=made.metadata,
                **fields,
            )
        record = None
        if parse_bool(doc.get("has_record", "true") or "true", f"{where}, has_record"):
            record = _record(
                document.id, doc.get("extractor", ""), related, places_by_id, f"{name}: document {n}"
            )
        elif events:
            raise BadImport(f"{where}: has_record is false but events.csv has its events")
        yield Incoming(f"document {n}", document, record, original)


def _instant(text: str, where: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise BadImport(f"{where}: {text[:40]!r} is not an ISO date and time") from None
    if value.utcoffset() is None:
        raise BadImport(f"{where}: {text[:40]!r} has no time zone")
    return value


def _common(
    row: dict[str, str], where: str, names: tuple[str, str] = ("confidence", "review")
) -> dict[str, Any]:
    return {
        "confidence": parse_confidence(row.get(names[0], ""), f"{where}, {names[0]}"),
        "review": parse_review(row.get(names[1], ""), f"{where}, {names[1]}"),
    }


def _date_value(row: dict[str, str], where: str, names: tuple[str, ...]) -> DateValue | None:
    start = parse_date(row.get(names[0], ""), f"{where}, {names[0]}")
    if start is None:
        return None
    try:
        precision = DatePrecision(row.get(names[2]) or "day")
    except ValueError:
        raise BadImport(f"{where}, {names[2]}: {row.get(names[2], '')[:30]!r} is not a precision") from None
    return DateValue(
        start=start,
        end=parse_date(row.get(names[1], ""), f"{where}, {names[1]}"),
        precision=precision,
        **_common(row, where, (names[3], names[4])),
    )


def _place_of(row: dict[str, str], where: str) -> Place:
    return Place(
        name=row.get("name") or None,
        country=row.get("country") or None,
        admin1=row.get("admin1") or None,
        lat=parse_float(row.get("latitude", ""), f"{where}, latitude", bound=90),
        lon=parse_float(row.get("longitude", ""), f"{where}, longitude", bound=180),
        geo_precision=parse_int(row.get("geo_precision", ""), f"{where}, geo_precision", low=1, high=3) or 3,
        site=row.get("site") or None,
        feature=row.get("feature") or "city",
        gazetteer_id=row.get("gazetteer_id") or None,
        **_common(row, where),
    )


def _opt_int(row: dict[str, str], column: str, where: str) -> int | None:
    return parse_int(row.get(column, ""), f"{where}, {column}")


def _record(
    document_id: str,
    extractor: str,
    related: dict[str, list[dict[str, str]]],
    places_by_id: dict[str, dict[str, str]],
    where: str,
) -> Record:
    local: dict[str, str] = {}
    actors: list[Actor] = []
    for n, row in enumerate(related["persons"], 1):
        at = f"{where}, person {n}"
        actor_id = row.get("local_id") or f"a{n}"
        if actor_id in local.values():
            raise BadImport(f"{at}: local_id {actor_id!r} appears twice")
        local[row.get("person_id", "")] = actor_id
        actors.append(
            Actor(
                id=actor_id,
                name=row.get("name") or None,
                description=row.get("description") or None,
                is_group=parse_bool(row.get("is_group") or "false", f"{at}, is_group"),
                type=row.get("type") or None,
                count=_opt_int(row, "count", at),
                count_max=_opt_int(row, "count_max", at),
                count_approximate=parse_bool(
                    row.get("count_approximate") or "false", f"{at}, count_approximate"
                ),
                sex=row.get("sex") or None,
                occupation=row.get("occupation") or None,
                affiliation=row.get("affiliation") or None,
                nationality=row.get("nationality") or None,
                **_common(row, at),
            )
        )

    def person(person_id: str, at: str) -> str:
        if person_id not in local:
            raise BadImport(f"{at}: person {person_id[:80]!r} is not in persons.csv for this document")
        return local[person_id]

    acts_of = _by(related["acts"], "event_id")
    involvements_of = _by(related["involvements"], "event_id")
    places_of = _by([p for p in related["places"] if not p.get("act_id")], "event_id")
    events: list[Event] = []
    for n, row in enumerate(related["events"], 1):
        at = f"{where}, event {n}"
        event_id = row.get("event_id", "")
        acts = []
        for j, a in enumerate(acts_of.get(event_id, []), 1):
            act_at = f"{at}, act {j}"
            place_row = places_by_id.get(a.get("place_id", "")) if a.get("place_id") else None
            if a.get("place_id") and place_row is None:
                raise BadImport(f"{act_at}: place {a.get('place_id', '')[:80]!r} is not in places.csv")
            try:
                duration = parse_float(a.get("duration_hours", ""), f"{act_at}, duration_hours")
                acts.append(
                    Act(
                        type=a.get("type", ""),
                        perpetrator_ids=[
                            person(p, act_at) for p in a.get("perpetrator_ids", "").split(LIST) if p
                        ],
                        victim_ids=[person(p, act_at) for p in a.get("victim_ids", "").split(LIST) if p],
                        date=_date_value(a, act_at, ACT_DATE),
                        place=_place_of(place_row, act_at) if place_row else None,
                        duration_hours=duration,
                        attempted=parse_bool(a.get("attempted") or "false", f"{act_at}, attempted"),
                        **_common(a, act_at),
                    )
                )
            except ValueError as e:
                raise BadImport(f"{act_at}: {e}") from None
        involvements = []
        for j, inv in enumerate(involvements_of.get(event_id, []), 1):
            inv_at = f"{at}, involvement {j}"
            try:
                role = Role(inv.get("role", ""))
            except ValueError:
                raise BadImport(f"{inv_at}: role {inv.get('role', '')[:30]!r} is not a role") from None
            involvements.append(
                Involvement(
                    actor_id=person(inv.get("person_id", ""), inv_at), role=role, **_common(inv, inv_at)
                )
            )
        events.append(
            Event(
                title=row.get("title", ""),
                start=_date_value(row, at, INITIAL),
                end=_date_value(row, at, FINAL),
                places=[
                    _place_of(p, f"{at}, place {k}") for k, p in enumerate(places_of.get(event_id, []), 1)
                ],
                acts=acts,
                involvements=involvements,
                acled_event_type=row.get("acled_event_type") or None,
                acled_sub_event_type=row.get("acled_sub_event_type") or None,
                fatalities=_opt_int(row, "fatalities", at),
                **_common(row, at),
            )
        )
    sources = []
    for n, row in enumerate(related["sources"], 1):
        at = f"{where}, source {n}"
        sources.append(
            Source(
                kind=row.get("kind", ""),
                by=row.get("by") or None,
                informant_id=person(row["informant_id"], at) if row.get("informant_id") else None,
                where=row.get("where") or None,
                **_common(row, at),
            )
        )
    interventions = [
        Intervention(
            party=row.get("party", ""),
            kind=row.get("kind", ""),
            content=row.get("content") or None,
            **_common(row, f"{where}, intervention {n}"),
        )
        for n, row in enumerate(related["interventions"], 1)
    ]
    return Record(
        document_id=document_id,
        events=events,
        actors=actors,
        sources=sources,
        interventions=interventions,
        extractor=extractor,
    )


def read_tables(data: bytes) -> dict[str, list[list[str]]]:
    """Every table of a huridocs ZIP as lists of cells (for comparing two exports)."""
    import csv
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {
            n: list(csv.reader(io.StringIO(z.read(n).decode("utf-8"), newline="")))
            for n in z.namelist()
            if n.endswith(".csv")
        }
