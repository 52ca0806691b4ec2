"""The domain model: spans back to raw bytes, the flat view, JSON round trips."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from whodid.ingest import ingest_bytes
from whodid.model import (
    Act,
    Actor,
    DateValue,
    Document,
    Event,
    Involvement,
    Place,
    Provenance,
    Record,
    ReviewState,
    Role,
    to_flat,
)


def test_raw_span_counts_bytes_after_non_ascii_text() -> None:
    text = "Задержан журналист Иван Петров в Алматы.\n"
    doc = ingest_bytes(text.encode("utf-8"), "t.txt", media_type="text/plain")
    start = doc.text.index("Иван")
    span = doc.raw_span(start, start + len("Иван Петров"))
    assert span is not None
    assert doc.raw[span[0] : span[1]].decode("utf-8") == "Иван Петров"


def test_confidence_outside_unit_interval_is_refused() -> None:
    with pytest.raises(ValueError):
        Actor(id="a", name="x", confidence=1.5)


def _record() -> Record:
    prov = Provenance("d" * 64, 0, 5, "Alice")
    alice = Actor(id="a1", name="Alice Moreau", type="journalists", count=1, provenance=prov, confidence=0.8)
    police = Actor(id="a2", name=None, description="police officers", type="state_forces", count=3)
    event = Event(
        title="t",
        start=DateValue(start=date(2024, 2, 1), confidence=0.9),
        places=[
            Place(
                name="Lyon",
                country="FRA",
                admin1="Auvergne-Rhône-Alpes",
                lat=45.76,
                lon=4.83,
                geo_precision=1,
            )
        ],
        acts=[Act(type="arbitrary_detention", perpetrator_ids=["a2"], victim_ids=["a1"])],
        involvements=[
            Involvement(actor_id="a2", role=Role.PERPETRATOR),
            Involvement(actor_id="a1", role=Role.VICTIM),
        ],
        acled_event_type="Strategic developments",
        acled_sub_event_type="Arrests",
        fatalities=0,
    )
    return Record(document_id="d" * 64, events=[event], actors=[alice, police])


def test_flat_view_has_exactly_the_gold_fields() -> None:
    flat = to_flat(_record(), "case-1")
    assert flat == {
        "id": "case-1",
        "date": "2024-02-01",
        "date_precision": "day",
        "country": "FRA",
        "admin1": "Auvergne-Rhône-Alpes",
        "location": "Lyon",
        "lat": 45.76,
        "lon": 4.83,
        "geo_precision": 1,
        "acled_event_type": "Strategic developments",
        "acled_sub_event_type": "Arrests",
        "acts": ["arbitrary_detention"],
        "perpetrators": [{"name": "police officers", "type": "state_forces", "count": 3}],
        "victims": [{"name": "Alice Moreau", "type": "journalists", "count": 1}],
        "fatalities": 0,
    }


def test_rejected_values_leave_the_flat_view() -> None:
    record = _record()
    record.events[0].start.review = ReviewState.REJECTED  # type: ignore[union-attr]
    record.actors[0].review = ReviewState.REJECTED
    flat = to_flat(record, "c")
    assert flat["date"] is None and flat["victims"] == []


def test_record_json_round_trip() -> None:
    record = _record()
    assert Record.from_dict(record.to_dict()) == record


def test_no_record_is_a_row_of_nulls() -> None:
    flat = to_flat(None, "c")
    assert flat["acts"] == [] and flat["date"] is None and flat["id"] == "c"


def test_document_page_lookup(make_document: Callable[..., Document]) -> None:
    from whodid.model import Page

    doc = make_document("one\n\ntwo")
    doc.pages = [Page(number=1, text_start=0, text_end=3), Page(number=2, text_start=5, text_end=8)]
    assert (doc.page_of(1), doc.page_of(6), doc.page_of(4)) == (1, 2, None)
