"""``acled-csv``: one row per event in ACLED's columns and codes.

Conventions (ACLED codebook): ``event_date`` ISO (YYYY-MM-DD, as ACLED's API
gives it; ``09 June 2023`` is read too); ``time_precision`` 1 the day, 2 the
week, 3 the month (whodid's year precision is written 3, ACLED's coarsest);
``inter1``/``inter2`` the actor type codes (1 state forces, 2 rebel groups,
3 political militias, 4 identity militias, 5 rioters, 6 protesters, 7
civilians, 8 external/other forces); ``interaction`` the two codes in
ascending order, run together (a side with no actor counts 0: ``60``);
``disorder_type`` and ``civilian_targeting`` from the event type and the
target; ``iso`` the ISO 3166 numeric code; ``geo_precision`` 1-3;
``timestamp`` a Unix time (when the report was received).

whodid's side of it: ``actor1``/``assoc_actor_1`` are the event's
perpetrators (the first, then the others joined by ``; ``), ``actor2``/
``assoc_actor_2`` its victims; ``notes`` the event's title; ``source`` the
record's sources; ``tags`` the act types (``act=killing``). Rejected values
are left out. ``event_id_cnty`` is the country's ISO alpha-3 code and a
number made from the document id and the event's number, so it is stable.

An imported row becomes one document (the row, canonically serialised) with
a one-event record; cells the record cannot say (another system's ids,
``admin2``/``admin3``, ``source_scale``, an inter code whodid reads otherwise)
are kept in the document's lineage and written back on export.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import BinaryIO

import pycountry

from whodid.model import (
    ACLED_SUB_EVENT_TYPES,
    ACT_TYPES,
    Act,
    Actor,
    DatePrecision,
    DateValue,
    Event,
    Involvement,
    Place,
    Record,
    Role,
    Source,
)
from whodid.protect.redact import PROFILES
from whodid.share.formats.common import (
    LINEAGE,
    BadImport,
    Incoming,
    Item,
    Options,
    iso,
    kept,
    number_text,
    parse_date,
    parse_float,
    parse_int,
    row_document,
)
from whodid.share.formats.common import Source as File
from whodid.share.formats.tabular import choose, read_table, write_rows

NAME = "acled-csv"
MEDIA_TYPE = "application/vnd.whodid.row+json; format=acled-csv"
COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
REQUIRED = ("event_id_cnty", "event_date", "event_type")
# columns of ACLED's own downloads that whodid has no use for: read, kept in the raw row
IGNORED = (
    "data_id",
    "event_id_no_cnty",
    "iso3",
    "population_1km",
    "population_2km",
    "population_5km",
    "population_best",
)
ID_COLUMNS = ("event_id_cnty", "timestamp")
ID_HEX = 10  # hex digits of the document id in a whodid-made event_id_cnty
SEPARATOR = "; "

PRECISION_CODE = {
    DatePrecision.DAY: "1",
    DatePrecision.WEEK: "2",
    DatePrecision.MONTH: "3",
    DatePrecision.YEAR: "3",
}
CODE_PRECISION = {"1": DatePrecision.DAY, "2": DatePrecision.WEEK, "3": DatePrecision.MONTH}

# whodid actor type -> ACLED inter code, per side. The first type listed for a code
# on a side is what an import reads that code as.
INTER: tuple[tuple[Role, str, int, str], ...] = (
    (
        Role.PERPETRATOR,
        "state_forces",
        1,
        "army, police, officials acting for a government: ACLED's state forces",
    ),
    (Role.PERPETRATOR, "non_state_armed_group", 2, "organised armed groups fighting a state: ACLED's rebels"),
    (Role.PERPETRATOR, "unidentified", 3, "ACLED codes an unidentified armed group as a political militia"),
    (Role.PERPETRATOR, "rioters", 5, "violent crowds"),
    (
        Role.PERPETRATOR,
        "civilians",
        5,
        "ACLED's civilians are never agents; unarmed people who attack are rioters",
    ),
    (Role.PERPETRATOR, "protesters", 6, "demonstrators"),
    (Role.PERPETRATOR, "company", 8, "private security and firms: ACLED's 'other' forces"),
    (Role.PERPETRATOR, "other", 8, "anyone else: external/other forces"),
    (Role.VICTIM, "state_forces", 1, "soldiers or police attacked"),
    (Role.VICTIM, "protesters", 6, "ACLED keeps protesters met with force as protesters"),
    (Role.VICTIM, "civilians", 7, "unarmed people targeted: ACLED's civilians"),
    (Role.VICTIM, "activists", 7, "unarmed, so civilians; the group is the associated actor"),
    (Role.VICTIM, "journalists", 7, "civilians"),
    (Role.VICTIM, "aid_workers", 7, "civilians"),
    (Role.VICTIM, "health_workers", 7, "civilians"),
    (Role.VICTIM, "lawyers", 7, "civilians"),
    (Role.VICTIM, "political_opposition", 7, "unarmed party members are civilians"),
    (Role.VICTIM, "detainees", 7, "civilians in custody"),
    (Role.VICTIM, "students", 7, "civilians"),
    (Role.VICTIM, "children", 7, "civilians"),
    (Role.VICTIM, "religious_group", 7, "civilians (an armed one would be an identity militia, 4)"),
    (Role.VICTIM, "ethnic_group", 7, "civilians (an armed one would be an identity militia, 4)"),
    (Role.VICTIM, "lgbt", 7, "civilians"),
    (Role.VICTIM, "other", 7, "a victim whodid cannot place is coded a civilian"),
)
_CODE = {(side, t): code for side, t, code, _ in INTER}
_TYPE: dict[tuple[Role, int], str] = {}
for _role, _kind, _number, _ in INTER:
    _TYPE.setdefault((_role, _number), _kind)

POLITICAL_VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")
DISORDERS = (
    "Political violence",
    "Demonstrations",
    "Strategic developments",
    "Political violence; Demonstrations",
)
SOURCE_KINDS = ("interview", "video", "photo", "statement", "report", "social_media", "document")

# ACLED's region of each country (ISO alpha-3)
REGIONS = {
    "Western Africa": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SLE TGO SHN",
    "Middle Africa": "AGO CMR CAF TCD COG COD GNQ GAB STP",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MDG MWI MUS MYT MOZ REU RWA SYC SOM SSD TZA UGA ZMB ZWE IOT ATF",
    "Southern Africa": "BWA SWZ LSO NAM ZAF",
    "Northern Africa": "DZA EGY LBY MAR SDN TUN ESH",
    "Middle East": "BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM",
    "South Asia": "AFG BGD BTN IND MDV NPL PAK LKA",
    "Southeast Asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    "East Asia": "CHN HKG MAC JPN MNG PRK KOR TWN",
    "Caucasus and Central Asia": "ARM AZE GEO KAZ KGZ TJK TKM UZB",
    "Europe": "ALB AND AUT BLR BEL BIH BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ITA XKX LVA LIE "
    "LTU LUX MLT MDA MCO MNE NLD MKD NOR POL PRT ROU RUS SMR SRB SVK SVN ESP SWE CHE UKR GBR VAT FRO GIB "
    "GGY JEY IMN ALA SJM",
    "North America": "USA CAN GRL BMU SPM",
    "Central America": "BLZ CRI SLV GTM HND MEX NIC PAN",
    "South America": "ARG BOL BRA CHL COL ECU GUY PRY PER SUR URY VEN FLK GUF SGS",
    "Caribbean": "AIA ATG ABW BHS BRB BES VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR PRI BLM KNA LCA "
    "MAF VCT SXM TTO TCA VIR",
    "Oceania": "AUS FJI KIR MHL FSM NRU NZL PLW PNG WSM SLB TON TUV VUT ASM COK PYF GUM NCL NIU NFK MNP PCN "
    "TKL WLF CCK CXR UMI",
    "Antarctica": "ATA BVT HMD",
}
REGION = {code: region for region, codes in REGIONS.items() for code in codes.split()}
# ACLED's spelling where it differs from ISO 3166's short name
COUNTRY_NAMES = {
    "BOL": "Bolivia",
    "BRN": "Brunei",
    "CIV": "Ivory Coast",
    "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo",
    "CPV": "Cape Verde",
    "CZE": "Czech Republic",
    "FSM": "Micronesia",
    "GBR": "United Kingdom",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MDA": "Moldova",
    "PRK": "North Korea",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SWZ": "eSwatini",
    "SYR": "Syria",
    "TUR": "Turkey",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "USA": "United States",
    "VEN": "Venezuela",
    "VNM": "Vietnam",
    "XKX": "Kosovo",
}
_BY_NAME = {name.casefold(): code for code, name in COUNTRY_NAMES.items()}


def country_name(alpha3: str | None) -> str:
    if not alpha3:
        return ""
    if alpha3 in COUNTRY_NAMES:
        return COUNTRY_NAMES[alpha3]
    found = pycountry.countries.get(alpha_3=alpha3)
    return str(getattr(found, "common_name", None) or found.name) if found else alpha3


def country_code(name: str) -> str | None:
    """ISO alpha-3 of a country name as ACLED or ISO spells it (None when unknown)."""
    if not name:
        return None
    if name.casefold() in _BY_NAME:
        return _BY_NAME[name.casefold()]
    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        return None


def _iso_numeric(alpha3: str | None) -> str:
    found = pycountry.countries.get(alpha_3=alpha3) if alpha3 else None
    return str(int(found.numeric)) if found else ""


def inter_code(actor: Actor, side: Role) -> str:
    if actor.type is None:
        return ""
    other = Role.VICTIM if side == Role.PERPETRATOR else Role.PERPETRATOR
    code = _CODE.get((side, actor.type), _CODE.get((other, actor.type)))
    return str(code) if code else ""


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type in POLITICAL_VIOLENCE:
        return "Political violence"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments" if event_type == "Strategic developments" else ""


def _side(record: Record, event: Event, role: Role) -> list[Actor]:
    found: list[Actor] = []
    for inv in event.involvements:
        if inv.role != role or not kept(inv) or any(a.id == inv.actor_id for a in found):
            continue
        try:
            actor = record.actor(inv.actor_id)
        except KeyError:
            continue
        if kept(actor):
            found.append(actor)
    return found


def source_label(source: Source) -> str:
    return source.by or source.kind


def event_row(item: Item, index: int, event: Event) -> dict[str, str]:
    """The ACLED row of one event, derived from the record alone (lineage aside)."""
    record = item.record
    assert record is not None
    start = event.start if kept(event.start) else None
    place = next((p for p in event.places if kept(p)), None)
    alpha3 = place.country if place else None
    perpetrators = _side(record, event, Role.PERPETRATOR)
    victims = _side(record, event, Role.VICTIM)
    inter1 = inter_code(perpetrators[0], Role.PERPETRATOR) if perpetrators else ""
    inter2 = inter_code(victims[0], Role.VICTIM) if victims else ""
    codes = sorted(c for c in (inter1, inter2) if c)
    interaction = "".join(codes) if len(codes) == 2 else (codes[0] + "0" if codes else "")
    sub = event.acled_sub_event_type
    event_type = event.acled_event_type or _event_type_of(sub)
    disorder = disorder_type(event_type, sub)
    acts: list[str] = []
    for act in event.acts:
        if kept(act) and act.type not in acts:
            acts.append(act.type)
    number = int(item.key[:ID_HEX], 16) * 1000 + item.number(index)
    return {
        "event_id_cnty": f"{alpha3 or 'XXX'}{number}",
        "event_date": iso(start.start) if start else "",
        "year": str(start.start.year) if start else "",
        "time_precision": PRECISION_CODE[start.precision] if start else "",
        "disorder_type": disorder,
        "event_type": event_type or "",
        "sub_event_type": sub or "",
        "actor1": perpetrators[0].label if perpetrators else "",
        "assoc_actor_1": SEPARATOR.join(a.label for a in perpetrators[1:]),
        "inter1": inter1,
        "actor2": victims[0].label if victims else "",
        "assoc_actor_2": SEPARATOR.join(a.label for a in victims[1:]),
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting"
        if "Political violence" in disorder and inter2 == "7"
        else "",
        "iso": _iso_numeric(alpha3),
        "region": REGION.get(alpha3 or "", ""),
        "country": country_name(alpha3),
        "admin1": (place.admin1 or "") if place else "",
        "admin2": "",
        "admin3": "",
        "location": (place.name or "") if place else "",
        "latitude": number_text(place.lat) if place else "",
        "longitude": number_text(place.lon) if place else "",
        "geo_precision": str(place.geo_precision) if place else "",
        "source": SEPARATOR.join(source_label(s) for s in record.sources if kept(s)),
        "source_scale": "",
        "notes": event.title,
        "fatalities": number_text(event.fatalities),
        "tags": SEPARATOR.join(f"act={t}" for t in acts),
        "timestamp": str(int(item.received_at.timestamp())),
    }


def _event_type_of(sub: str | None) -> str | None:
    return next((t for t, subs in ACLED_SUB_EVENT_TYPES.items() if sub in subs), None)


def rows(item: Item) -> Iterator[dict[str, str]]:
    if item.record is None:
        return
    kept_cells = item.kept(NAME, ID_COLUMNS)
    for index, event in enumerate(item.record.events):
        if kept(event):
            yield {**event_row(item, index, event), **kept_cells}


def write(items: Iterable[Item], out: BinaryIO, options: Options, profile: str) -> list[str]:
    return write_rows(out, choose(COLUMNS, options.columns, NAME), items, rows)


# --- import -----------------------------------------------------------------------------


def read(source: File, options: Options) -> list[Incoming]:
    _, table = read_table(source.data, source.name, COLUMNS, required=REQUIRED, ignored=IGNORED)
    return [_incoming(source, n, row, options) for n, row in enumerate(table, 1)]


def _split(text: str) -> list[str]:
    return [p for p in text.split(SEPARATOR) if p] if text else []


def _incoming(source: File, n: int, row: dict[str, str], options: Options) -> Incoming:
    where = f"{source.name}: row {n}"
    document = row_document(
        source,
        NAME,
        n,
        {"format": NAME, "row": row},
        anchor="row",
        options=options,
        title=row.get("notes") or None,
        media_type=MEDIA_TYPE,
    )
    record = record_of(row, document.id, where)
    # cells the record does not reproduce are kept, so an export gives them back
    probe = Item(document, document, record, PROFILES["full"])
    derived = event_row(probe, 0, record.events[0])
    keep = {k: v for k, v in row.items() if derived.get(k, "") != v}
    lineage = {**document.metadata[LINEAGE], "columns": keep}
    return Incoming(
        f"row {n}",
        dataclasses.replace(document, metadata={LINEAGE: lineage}),
        record,
        original_prefix=exported_from(row.get("event_id_cnty", "")),
    )


def exported_from(event_id: str) -> str | None:
    """The start of the document id a whodid-made ``event_id_cnty`` was made from
    (see :func:`event_row`), so re-importing an export into its own store adds nothing."""
    found = re.fullmatch(r"[A-Z]{3}(\d{4,})", event_id)
    if found is None or int(found.group(1)) // 1000 >= 16**ID_HEX:
        return None
    return f"{int(found.group(1)) // 1000:0{ID_HEX}x}"


def record_of(row: dict[str, str], document_id: str, where: str) -> Record:
    """The one-event record an ACLED row says."""
    get = row.get
    when = _date(get("event_date", ""), where)
    code = get("time_precision", "")
    if code and code not in CODE_PRECISION:
        raise BadImport(f"{where}, time_precision: {code!r} is not 1, 2 or 3")
    start = DateValue(start=when, precision=CODE_PRECISION.get(code, DatePrecision.DAY)) if when else None
    event_type, sub = get("event_type", ""), get("sub_event_type", "")
    if sub == "Excessive force against protestors":
        sub = "Excessive force against protesters"  # the codebook's older spelling
    if event_type and event_type not in ACLED_SUB_EVENT_TYPES:
        raise BadImport(
            f"{where}, event_type: {event_type[:40]!r} is not an ACLED event type "
            f"({', '.join(ACLED_SUB_EVENT_TYPES)})"
        )
    if sub and sub not in ACLED_SUB_EVENT_TYPES.get(event_type or _event_type_of(sub) or "", ()):
        raise BadImport(f"{where}, sub_event_type: {sub[:40]!r} is not a sub-event type of {event_type!r}")
    if get("disorder_type") and get("disorder_type") not in DISORDERS:
        raise BadImport(
            f"{where}, disorder_type: {get('disorder_type', '')[:40]!r} is not an ACLED disorder type"
        )
    for column in ("inter1", "inter2"):
        parse_int(get(column, ""), f"{where}, {column}", low=0, high=8)
    parse_int(get("interaction", ""), f"{where}, interaction", low=0, high=88)
    parse_int(get("year", ""), f"{where}, year", low=1, high=9999)
    parse_int(get("timestamp", ""), f"{where}, timestamp", low=0)
    actors: list[Actor] = []
    involvements: list[Involvement] = []
    sides: dict[Role, list[str]] = {}
    for role, main, assoc, inter in (
        (Role.PERPETRATOR, "actor1", "assoc_actor_1", "inter1"),
        (Role.VICTIM, "actor2", "assoc_actor_2", "inter2"),
    ):
        code_value = parse_int(get(inter, ""), f"{where}, {inter}", low=0, high=8)
        names = ([get(main, "")] if get(main) else []) + _split(get(assoc, ""))
        sides[role] = []
        for i, label in enumerate(names):
            actor_id = f"a{len(actors) + 1}"
            # an associated actor names who the main one is; only the main one has ACLED's code
            kind = (_TYPE.get((role, code_value)) or "other") if i == 0 and code_value else None
            actors.append(Actor(id=actor_id, name=label, type=kind))
            involvements.append(Involvement(actor_id=actor_id, role=role))
            sides[role].append(actor_id)
    place = _place(row, where)
    acts: list[Act] = []
    for tag in _split(get("tags", "")):
        kind = tag.removeprefix("act=")
        if tag.startswith("act=") and kind in ACT_TYPES and all(a.type != kind for a in acts):
            acts.append(
                Act(
                    type=kind,
                    perpetrator_ids=list(sides[Role.PERPETRATOR]),
                    victim_ids=list(sides[Role.VICTIM]),
                    date=DateValue(start=start.start, precision=start.precision) if start else None,
                    place=dataclasses.replace(place) if place else None,
                )
            )
    event = Event(
        title=get("notes", ""),
        start=start,
        places=[place] if place else [],
        acts=acts,
        involvements=involvements,
        acled_event_type=event_type or None,
        acled_sub_event_type=sub or None,
        fatalities=parse_int(get("fatalities", ""), f"{where}, fatalities"),
    )
    sources = [
        Source(kind=p) if p in SOURCE_KINDS else Source(kind="report", by=p)
        for p in _split(get("source", ""))
    ]
    return Record(
        document_id=document_id, events=[event], actors=actors, sources=sources, extractor=f"import:{NAME}"
    )


def _date(text: str, where: str) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%d %B %Y").date()  # ACLED's download spelling
    except ValueError:
        return parse_date(text, f"{where}, event_date")


def _place(row: dict[str, str], where: str) -> Place | None:
    get = row.get
    if not any(get(c) for c in ("iso", "country", "admin1", "location", "latitude", "longitude")):
        return None
    alpha3 = None
    number = parse_int(get("iso", ""), f"{where}, iso", low=0, high=999)
    if number:
        found = pycountry.countries.get(numeric=f"{number:03d}")
        alpha3 = str(found.alpha_3) if found else None
    if alpha3 is None:
        alpha3 = country_code(get("country", ""))
    return Place(
        name=get("location") or None,
        country=alpha3,
        admin1=get("admin1") or None,
        lat=parse_float(get("latitude", ""), f"{where}, latitude", bound=90),
        lon=parse_float(get("longitude", ""), f"{where}, longitude", bound=180),
        geo_precision=parse_int(get("geo_precision", ""), f"{where}, geo_precision", low=1, high=3) or 3,
    )
