"""Documented counts (whodid.store.statistics) on SQLite and PostgreSQL: exact counts on a
small hand-built store, every breakdown, the filters, and what each viewer may count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from whodid.model import Act, Actor, DateValue, Document, Event, Involvement, Place, Record, ReviewState, Role
from whodid.store import Repository
from whodid.store.access import Access
from whodid.store.statistics import UNKNOWN, Estimate, EventFilter, EventKey, Statistics, Tally

DocumentFactory = Callable[..., Document]


@dataclass
class Who:
    """An actor in a hand-built incident: role, type, stated count."""

    role: Role
    type: str | None
    count: int | None = None
    name: str | None = None
    rejected: bool = False


@dataclass
class Incident:
    day: date | None
    country: str
    admin1: str | None
    acts: list[str]
    who: list[Who] = field(default_factory=list)
    fatalities: int | None = None


def _record(doc: Document, incidents: list[Incident]) -> Record:
    """A record of ``incidents``; each actor is its own (ids unique in the record)."""
    actors: list[Actor] = []
    events: list[Event] = []
    for i, inc in enumerate(incidents):
        ids = []
        for j, w in enumerate(inc.who):
            actor_id = f"e{i}a{j}"
            ids.append(actor_id)
            actors.append(
                Actor(id=actor_id, name=w.name, description=w.type, type=w.type, count=w.count, is_group=True)
            )
        place = Place(name=inc.admin1 or inc.country, country=inc.country, admin1=inc.admin1)
        perpetrators = [a for a, w in zip(ids, inc.who, strict=True) if w.role is Role.PERPETRATOR]
        victims = [a for a, w in zip(ids, inc.who, strict=True) if w.role is Role.VICTIM]
        events.append(
            Event(
                title=f"incident {i}",
                start=DateValue(start=inc.day) if inc.day else None,
                places=[place],
                acts=[Act(type=t, perpetrator_ids=perpetrators, victim_ids=victims) for t in inc.acts],
                involvements=[
                    Involvement(
                        actor_id=a,
                        role=w.role,
                        review=ReviewState.REJECTED if w.rejected else ReviewState.SUGGESTED,
                    )
                    for a, w in zip(ids, inc.who, strict=True)
                ],
                fatalities=inc.fatalities,
            )
        )
    return Record(document_id=doc.id, events=events, actors=actors, extractor="hand-built")


V, P = Role.VICTIM, Role.PERPETRATOR
STORE = {
    # arbitrary detention twice (one act type) and an assault; a journalist and five protesters
    "aleppo": [
        Incident(
            date(2024, 3, 1),
            "SYR",
            "Aleppo Governorate",
            ["arbitrary_detention", "physical_assault", "arbitrary_detention"],
            [Who(P, "state_forces", 3), Who(V, "journalists", None, "Rana Qabbani"), Who(V, "protesters", 5)],
            fatalities=0,
        )
    ],
    # two incidents in one report; a rejected victim involvement counts nothing
    "border": [
        Incident(
            date(2024, 3, 20),
            "SYR",
            "Idlib Governorate",
            ["killing"],
            [Who(P, "non_state_armed_group"), Who(V, "civilians", 3)],
            fatalities=3,
        ),
        Incident(
            date(2024, 4, 2),
            "TUR",
            None,
            ["abduction"],
            [
                Who(P, "state_forces"),
                Who(P, "unidentified"),
                Who(V, "aid_workers", 2),
                Who(V, "children", 10, rejected=True),
            ],
        ),
    ],
    # undated, and a stated count of 0 still stands for one victim
    "tbilisi": [
        Incident(None, "GEO", "Tbilisi", ["harassment"], [Who(P, "state_forces"), Who(V, "journalists", 0)])
    ],
}


@pytest.fixture
def stored(repo: Repository, document_factory: DocumentFactory) -> dict[str, str]:
    """The hand-built store (and a document with no record); name -> document id."""
    ids = {}
    for name, incidents in STORE.items():
        doc = document_factory(f"Report {name}.")
        repo.add(doc, _record(doc, incidents))
        ids[name] = doc.id
    repo.add(document_factory("A report nobody has coded yet."), None)
    repo.set_level(ids["tbilisi"], "confidential")
    repo.set_level(ids["aleppo"], "public")
    return ids


def _table(tallies: list[Tally]) -> list[tuple[str, int, int, int]]:
    return [(t.key, t.events, t.acts, t.victims) for t in tallies]


def test_totals_are_documented_counts(repo: Repository, stored: dict[str, str]) -> None:
    stats = repo.statistics.counts()
    d = stats.documented
    assert (d.documents, d.events, d.acts, d.victims, d.fatalities) == (3, 4, 5, 12, 3)
    assert (d.first, d.last) == (date(2024, 3, 1), date(2024, 4, 2))
    assert stats.estimates == [] and stats.filter == EventFilter()


def test_breakdowns_by_month_and_place(repo: Repository, stored: dict[str, str]) -> None:
    stats = repo.statistics.counts()
    assert _table(stats.by_month) == [("2024-03", 2, 3, 9), ("2024-04", 1, 1, 2), (UNKNOWN, 1, 1, 1)]
    assert _table(stats.by_country) == [("SYR", 2, 3, 9), ("GEO", 1, 1, 1), ("TUR", 1, 1, 2)]
    assert _table(stats.by_admin1) == [
        ("Aleppo Governorate, SYR", 1, 2, 6),
        ("Idlib Governorate, SYR", 1, 1, 3),
        ("Tbilisi, GEO", 1, 1, 1),
        (UNKNOWN, 1, 1, 2),
    ]
    # single-valued dimensions add up to the totals
    for rows in (stats.by_month, stats.by_country, stats.by_admin1):
        assert sum(t.events for t in rows) == 4 and sum(t.victims for t in rows) == 12


def test_breakdowns_by_act_and_actor_type(repo: Repository, stored: dict[str, str]) -> None:
    stats = repo.statistics.counts()
    assert _table(stats.by_act_type) == [
        ("abduction", 1, 1, 2),
        ("arbitrary_detention", 1, 2, 6),
        ("harassment", 1, 1, 1),
        ("killing", 1, 1, 3),
        ("physical_assault", 1, 2, 6),
    ]
    assert _table(stats.by_perpetrator_type) == [
        ("state_forces", 3, 4, 9),
        ("non_state_armed_group", 1, 1, 3),
        ("unidentified", 1, 1, 2),
    ]
    # victims of that type only; the rejected "children" are nowhere
    assert _table(stats.by_victim_type) == [
        ("journalists", 2, 3, 2),
        ("aid_workers", 1, 1, 2),
        ("civilians", 1, 1, 3),
        ("protesters", 1, 2, 5),
    ]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (EventFilter(country="syr"), (2, 2, 3, 9, 3)),
        (EventFilter(act_type="killing"), (1, 1, 1, 3, 3)),
        (EventFilter(perpetrator_type="state_forces"), (3, 3, 4, 9, 0)),
        (EventFilter(victim_type="journalists"), (2, 2, 3, 7, 0)),
        (EventFilter(date_from=date(2024, 3, 15), date_to=date(2024, 4, 30)), (1, 2, 2, 5, 3)),
        (EventFilter(country="SYR", act_type="abduction"), (0, 0, 0, 0, 0)),
    ],
)
def test_filters_select_events_as_list_records_does(
    repo: Repository, stored: dict[str, str], where: EventFilter, expected: tuple[int, ...]
) -> None:
    d = repo.statistics.counts(where).documented
    assert (d.documents, d.events, d.acts, d.victims, d.fatalities) == expected
    listed = {r.document_id for r in repo.list_records(**_list_args(where))}
    assert len(listed) == d.documents


def _list_args(where: EventFilter) -> dict[str, Any]:
    names = ("country", "act_type", "perpetrator_type", "victim_type", "date_from", "date_to", "reviewed")
    return {name: getattr(where, name) for name in names}


def test_an_act_filter_keeps_the_other_acts_of_its_events(repo: Repository, stored: dict[str, str]) -> None:
    stats = repo.statistics.counts(EventFilter(act_type="physical_assault"))
    assert [t.key for t in stats.by_act_type] == ["arbitrary_detention", "physical_assault"]


def test_counts_only_what_the_viewer_may_see(repo: Repository, stored: dict[str, str]) -> None:
    reviewer = Access("rev", "reviewer")  # public and internal: not the confidential Tbilisi report
    d = repo.statistics.counts(access=reviewer).documented
    assert (d.documents, d.events, d.victims) == (2, 3, 11)
    assert UNKNOWN not in {t.key for t in repo.statistics.counts(access=reviewer).by_month}
    partner = Access("ngo", "partner")  # public only
    stats = repo.statistics.counts(access=partner)
    assert (stats.documented.events, stats.documented.victims) == (1, 6)
    assert [t.key for t in stats.by_country] == ["SYR"]
    repo.grant(stored["tbilisi"], "ngo")
    assert repo.statistics.counts(access=partner).documented.events == 2
    assert repo.statistics.counts(access=Access("x", "no-such-role")).documented.events == 0


def test_events_lists_what_is_counted(repo: Repository, stored: dict[str, str]) -> None:
    keys = repo.statistics.events()
    assert keys == [
        EventKey(stored["aleppo"], 0, date(2024, 3, 1)),
        EventKey(stored["border"], 0, date(2024, 3, 20)),
        EventKey(stored["border"], 1, date(2024, 4, 2)),
        EventKey(stored["tbilisi"], 0, None),
    ]
    assert repo.statistics.events(EventFilter(country="TUR")) == [keys[2]]
    assert repo.statistics.events(access=Access("ngo", "partner")) == [keys[0]]
    assert repo.statistics.events(limit=1) == keys[:1]


def test_an_empty_store_counts_zero(repo: Repository) -> None:
    stats = repo.statistics.counts()
    assert stats.documented.events == 0 and stats.documented.first is None
    assert stats.by_month == [] and stats.by_act_type == []


def test_estimates_are_attached_beside_the_documented_counts(
    repo: Repository, stored: dict[str, str]
) -> None:
    stats = repo.statistics.counts()
    guess = Estimate(what="victims", value=30.0, lower=18.0, upper=55.0, level=0.95, method="test")
    with_guess = stats.with_estimates([guess])
    assert isinstance(with_guess, Statistics)
    assert with_guess.estimates == [guess] and stats.estimates == []
    assert with_guess.documented == stats.documented


def test_filter_describes_itself(repo: Repository) -> None:
    assert EventFilter(country="SYR", date_from=date(2024, 1, 1), reviewed=True).describe() == {
        "country": "SYR",
        "date_from": "2024-01-01",
        "reviewed": "true",
    }
