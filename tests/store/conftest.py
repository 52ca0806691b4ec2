"""Fixtures for the store tests: a repository on SQLite and on a real PostgreSQL
(the PostgreSQL fixtures live in tests/conftest.py, shared with the CLI tests)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

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
    Page,
    Place,
    Provenance,
    Record,
    ReviewState,
    Role,
    Segment,
    Source,
)
from whodid.store import Repository


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for a fresh store: a temporary home, SQLite in it or a fresh PG schema."""
    home = tmp_path / "home"
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
    else:
        url = f"sqlite:///{home}/whodid.db"
    return Settings(home=home, database_url=url)


@pytest.fixture
def repo(settings: Settings) -> Iterator[Repository]:
    with Repository.open(settings) as repository:
        yield repository


# --- factories ------------------------------------------------------------------------

RECEIVED = datetime(2024, 3, 5, 14, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))


def make_document(text: str = "Soldiers detained a journalist.", **kw: Any) -> Document:
    """A document whose raw bytes are a small HTML page around ``text``."""
    raw: bytes = kw.pop("raw", None) or f"<html><body><p>{text}</p></body></html>".encode()
    fields: dict[str, Any] = {
        "id": hashlib.sha256(raw).hexdigest(),
        "media_type": "text/html",
        "origin": "https://example.org/report",
        "received_at": RECEIVED,
        "title": "A report",
        "published": date(2024, 3, 4),
        "language": "en",
        "segments": [Segment(text_start=0, text_end=len(text), raw_start=15, raw_end=15 + len(text))],
        "pages": [Page(number=1, text_start=0, text_end=len(text))],
        "boilerplate": ["Subscribe to our newsletter"],
        "metadata": {"author": "Field team", "tags": ["a", "b"], "nested": {"n": 1}},
    }
    fields.update(kw)
    return Document(raw=raw, text=text, **fields)


def make_record(
    document: Document,
    *,
    country: str = "SYR",
    location: str = "Aleppo",
    act_type: str = "arbitrary_detention",
    perpetrator_type: str = "state_forces",
    victim_name: str = "Mazen Darwish",
    day: date = date(2024, 3, 1),
) -> Record:
    """A one-event record: a perpetrator did ``act_type`` to a named victim."""
    doc = document.id
    prov = Provenance(document_id=doc, start=0, end=8, text=document.text[:8])
    victim = Actor(id="a1", name=victim_name, type="journalists", count=1, provenance=prov, confidence=0.9)
    perpetrator = Actor(
        id="a2",
        name=None,
        description="soldiers",
        is_group=True,
        type=perpetrator_type,
        count=3,
        count_max=5,
        count_approximate=True,
        review=ReviewState.CORRECTED,
    )
    when = DateValue(start=day, precision=DatePrecision.DAY, provenance=prov, review=ReviewState.ACCEPTED)
    place = Place(name=location, country=country, admin1="Aleppo Governorate", lat=36.2, lon=37.16)
    act = Act(
        type=act_type,
        perpetrator_ids=["a2"],
        victim_ids=["a1"],
        date=when,
        place=place,
        duration_hours=4.5,
        provenance=prov,
        confidence=0.8,
    )
    event = Event(
        title=f"{act_type} in {location}",
        start=when,
        end=DateValue(start=day + timedelta(days=2), precision=DatePrecision.DAY),
        places=[place],
        acts=[act],
        involvements=[
            Involvement(actor_id="a2", role=Role.PERPETRATOR),
            Involvement(actor_id="a1", role=Role.VICTIM),
        ],
        acled_event_type="Violence against civilians",
        acled_sub_event_type="Attack",
        fatalities=0,
    )
    return Record(
        document_id=doc,
        events=[event],
        actors=[victim, perpetrator],
        sources=[Source(kind="interview", by="Field team", informant_id="a1")],
        extractor="test-extractor 1.0",
    )


DocumentFactory = Callable[..., Document]
RecordFactory = Callable[..., Record]


@pytest.fixture
def document_factory() -> DocumentFactory:
    return make_document


@pytest.fixture
def record_factory() -> RecordFactory:
    return make_record
