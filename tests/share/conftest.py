"""A store for the report tests: four hand-written records like the example reports, and a
generator of a few hundred varied incidents (countries, two years of dates, every act,
perpetrator and victim type, coordinates, people and groups).

Every name here is invented. Built once per module on SQLite (the counts themselves
are tested on both databases in tests/store/test_statistics.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from whodid.config import Settings
from whodid.model import (
    Act,
    Actor,
    DatePrecision,
    DateValue,
    Document,
    Event,
    Involvement,
    Place,
    Record,
    Role,
    Source,
)
from whodid.model.vocab import ACT_TYPES, PERPETRATOR_TYPES, VICTIM_TYPES
from whodid.store import Repository

# (ISO code, admin1, centre latitude, centre longitude): real places, so maps look right
REGIONS = [
    ("SYR", "Aleppo Governorate", 36.20, 37.16),
    ("SYR", "Idlib Governorate", 35.93, 36.63),
    ("MLI", "Gao", 16.27, -0.04),
    ("MLI", "Mopti", 14.49, -4.20),
    ("COL", "Cauca", 2.44, -76.61),
    ("COL", "Antioquia", 6.25, -75.56),
    ("MMR", "Sagaing", 21.88, 95.98),
    ("GEO", "Tbilisi", 41.72, 44.79),
    ("COD", "Ituri", 1.56, 30.25),
    ("BLR", "Minsk", 53.90, 27.56),
]
GIVEN = ["Ilvar", "Sotena", "Marek", "Quilla", "Darun", "Yesmin", "Toral", "Everin", "Noska", "Lavret"]
FAMILY = ["Oskarvey", "Penthuli", "Drazmont", "Kelvaro", "Ambrisk", "Teolani", "Vostrel", "Marquenti"]
UNITS = ["the 4th Rapid Brigade", "the Coastal Guard", "Falcon Column", "the Night Patrol"]
ORIGIN = "https://dispatches.invalid/"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@dataclass
class Built:
    """What a store holds, for assertions."""

    ids: list[str] = field(default_factory=list)
    public: list[str] = field(default_factory=list)
    victim_names: set[str] = field(default_factory=set)
    perpetrator_names: set[str] = field(default_factory=set)
    origins: set[str] = field(default_factory=set)
    incidents: int = 0


def document(n: int, text: str, title: str, published: date | None) -> Document:
    raw = f"<html><body><h1>{title}</h1><p>{text}</p><!-- {n} --></body></html>".encode()
    return Document(
        id=hashlib.sha256(raw).hexdigest(),
        raw=raw,
        media_type="text/html",
        origin=f"{ORIGIN}{n:04d}-dispatch.html",
        received_at=datetime(2025, 1, 2, tzinfo=UTC) + timedelta(minutes=n),
        text=text,
        title=title,
        published=published,
        language="en",
    )


def _incident(rng: random.Random, number: int, actors: list[Actor], names: list[str]) -> Event:
    """One random incident; its actors are appended to ``actors``, its victims' names to ``names``."""
    country, admin1, lat, lon = rng.choice(REGIONS)
    day = date(2023, 1, 1) + timedelta(days=rng.randrange(730))
    kinds = rng.sample(ACT_TYPES, k=rng.choice([1, 1, 1, 2, 3]))
    perpetrator = Actor(
        id=f"p{number}",
        name=rng.choice(UNITS) if rng.random() < 0.4 else None,
        description="armed men",
        is_group=True,
        type=rng.choice(PERPETRATOR_TYPES),
        count=rng.choice([None, 3, 12]),
    )
    victims = []
    for j in range(rng.choice([1, 1, 2])):
        if rng.random() < 0.5:
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            names.append(name)
            victims.append(Actor(id=f"v{number}_{j}", name=name, type=rng.choice(VICTIM_TYPES), count=1))
        else:
            victims.append(
                Actor(
                    id=f"v{number}_{j}",
                    name=None,
                    description="villagers",
                    is_group=True,
                    type=rng.choice(VICTIM_TYPES),
                    count=rng.choice([None, 2, 5, 40]),
                )
            )
    actors += [perpetrator, *victims]
    located = rng.random() < 0.9
    place = Place(
        name=f"{admin1} town",
        country=country,
        admin1=admin1,
        lat=round(lat + rng.uniform(-1, 1), 4) if located else None,
        lon=round(lon + rng.uniform(-1, 1), 4) if located else None,
        geo_precision=1,
    )
    dated = rng.random() < 0.95
    when = DateValue(start=day, precision=DatePrecision.DAY) if dated else None
    who = ", ".join(v.label for v in victims)
    return Event(
        title=f"{kinds[0].replace('_', ' ')} of {who} in {admin1}",
        start=when,
        places=[place],
        acts=[
            Act(type=k, perpetrator_ids=[perpetrator.id], victim_ids=[v.id for v in victims], date=when)
            for k in kinds
        ],
        involvements=[
            Involvement(actor_id=perpetrator.id, role=Role.PERPETRATOR),
            *(Involvement(actor_id=v.id, role=Role.VICTIM) for v in victims),
        ],
        fatalities=rng.choice([1, 2, 7]) if "killing" in kinds else None,
    )


def generated(count: int, seed: int = 7) -> Iterator[tuple[Document, Record]]:
    """About ``count`` incidents in reports of one or two incidents each."""
    rng = random.Random(seed)
    made = n = 0
    while made < count:
        n += 1
        actors: list[Actor] = []
        names: list[str] = []
        doc_text = f"Dispatch {n}: incidents reported by the monitoring network."
        events_count = 2 if rng.random() < 0.2 else 1
        events = [_incident(rng, made + i, actors, names) for i in range(events_count)]
        first_victim = names[0] if names else "residents"
        doc = document(
            n, doc_text + " " + first_victim + ".", f"Dispatch {n}: {first_victim}", date(2025, 1, 1)
        )
        yield (
            doc,
            Record(
                document_id=doc.id,
                events=events,
                actors=actors,
                sources=[Source(kind=rng.choice(["interview", "video", "statement"]), by="the monitors")],
                extractor="generated",
            ),
        )
        made += events_count


def examples() -> list[tuple[Document, Record]]:
    """Four records in the manner of the example reports (all invented)."""
    out = []
    cases = [
        (
            "activist beaten",
            "physical_assault",
            "MLI",
            "Gao",
            16.27,
            -0.04,
            "Ilvar Penthuli",
            "activists",
            None,
            0,
        ),
        ("aid convoy attacked", "killing", "COD", "Ituri", 1.56, 30.25, None, "aid_workers", 3, 1),
        (
            "journalists arrested",
            "arbitrary_detention",
            "GEO",
            "Tbilisi",
            41.72,
            44.79,
            "Sotena Drazmont",
            "journalists",
            None,
            0,
        ),
        (
            "protest dispersed",
            "assembly_interference",
            "BLR",
            "Minsk",
            53.90,
            27.56,
            None,
            "protesters",
            200,
            0,
        ),
    ]
    for n, (what, act, country, admin1, lat, lon, name, vtype, size, dead) in enumerate(cases, start=9000):
        title = f"Example: {what}" + (f" ({name})" if name else "")
        doc = document(n, f"{what.capitalize()} in {admin1}. {name or ''}", title, date(2024, 5, n - 8990))
        victim = Actor(
            id="v",
            name=name,
            description=None if name else vtype,
            is_group=name is None,
            type=vtype,
            count=size,
        )
        police = Actor(
            id="p", name="the Special Squad", description="police", is_group=True, type="state_forces"
        )
        when = DateValue(start=date(2024, 5, n - 8995))
        place = Place(name=admin1, country=country, admin1=admin1, lat=lat, lon=lon, geo_precision=1)
        event = Event(
            title=f"{what} in {admin1}",
            start=when,
            places=[place],
            acts=[Act(type=act, perpetrator_ids=["p"], victim_ids=["v"], date=when)],
            involvements=[
                Involvement(actor_id="p", role=Role.PERPETRATOR),
                Involvement(actor_id="v", role=Role.VICTIM),
            ],
            fatalities=dead,
        )
        out.append(
            (
                doc,
                Record(
                    document_id=doc.id,
                    events=[event],
                    actors=[victim, police],
                    sources=[Source(kind="interview", by="field staff")],
                    extractor="example",
                ),
            )
        )
    return out


def hostile() -> tuple[Document, Record]:
    """A report whose every string is an attack on the page it is shown in."""
    doc, record = examples()[0]
    doc = document(666, doc.text, HOSTILE, None)
    doc = dataclasses.replace(doc, origin=ORIGIN + HOSTILE)
    event = dataclasses.replace(
        record.events[0],
        title=HOSTILE,
        places=[Place(name=HOSTILE, country="MLI", admin1=HOSTILE, lat=16.3, lon=-0.05)],
    )
    actors = [dataclasses.replace(a, name=HOSTILE) if a.id == "p" else a for a in record.actors]
    return doc, Record(document_id=doc.id, events=[event], actors=actors, extractor="hostile")


def fill(repo: Repository, items: list[tuple[Document, Record]], public_every: int = 3) -> Built:
    """Store ``items``; every ``public_every``-th report is public, the rest internal."""
    built = Built()
    for k, (doc, record) in enumerate(items):
        repo.add(doc, record)
        built.ids.append(doc.id)
        built.origins.add(doc.origin)
        built.incidents += len(record.events)
        protected = {i.actor_id for e in record.events for i in e.involvements if i.role is Role.VICTIM}
        built.victim_names |= {a.name for a in record.actors if a.id in protected and a.name}
        built.perpetrator_names |= {a.name for a in record.actors if a.id not in protected and a.name}
        if k % public_every == 0:
            repo.set_level(doc.id, "public")
            built.public.append(doc.id)
    return built


@dataclass
class Store:
    repo: Repository
    built: Built


def _open(home: Path) -> Repository:
    return Repository.open(Settings(home=home, database_url=f"sqlite:///{home}/whodid.db"))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The four example-like records only."""
    with _open(tmp_path_factory.mktemp("small") / "home") as repo:
        yield Store(repo, fill(repo, examples(), public_every=2))


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A hostile report (public), the example-like records and about 300 generated incidents."""
    with _open(tmp_path_factory.mktemp("large") / "home") as repo:
        yield Store(repo, fill(repo, [hostile(), *examples(), *generated(300)]))
