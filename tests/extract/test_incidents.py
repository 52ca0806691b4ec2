"""Several incidents in one report: the main one first, the others as their own events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from whodid.extract.pipeline import Pipeline
from whodid.model import Document, Record


@pytest.fixture(scope="module")
def full() -> Pipeline:
    return Pipeline()


def record(full: Pipeline, make_document: Callable[..., Document], text: str) -> Record:
    analysis = full(make_document(text, date(2023, 5, 10)))
    assert analysis.record is not None
    return analysis.record


def test_an_earlier_incident_is_its_own_event(full: Pipeline, make_document: Callable[..., Document]) -> None:
    rec = record(
        full,
        make_document,
        "On 3 May 2023, police arrested the blogger Arjun Mehta in Pune, India. "
        "In 2019, soldiers had beaten Mehta during a protest.",
    )
    main, *others = rec.events
    assert {a.type for a in main.acts} == {"arbitrary_detention"}
    assert main.start is not None and main.start.start == date(2023, 5, 3)
    assert any(a.type == "physical_assault" for e in others for a in e.acts)


def test_undated_acts_stay_with_the_main_incident(
    full: Pipeline, make_document: Callable[..., Document]
) -> None:
    rec = record(
        full,
        make_document,
        "On 3 May 2023, police arrested the blogger Arjun Mehta in Pune, India. Officers beat him in the van.",
    )
    assert len(rec.events) == 1
    assert {a.type for a in rec.events[0].acts} >= {"arbitrary_detention", "physical_assault"}
