"""Documented counts: events, acts and victims by month, place, act and actor type.

Everything here counts what the stored reports *say* (documented counts), never
what happened: a killing no report mentions is in no count, and two reports of
one killing count twice until records are linked. Estimates of what was not
documented (multiple systems estimation, :mod:`whodid.analyse`) are a different
kind of number; :class:`Statistics` has a place for them (``estimates``) so a
report can show both side by side without ever mixing them up.

The counts come from the denormalised index tables (:mod:`whodid.store.tables`),
aggregated in SQL (SQLAlchemy Core, the same on SQLite and PostgreSQL), over
the events that match an :class:`EventFilter` (the filters of
``Repository.list_records``, one definition) and that ``access`` may see.

What is counted, exactly:

- **events**: matching events (incidents); a report of two incidents gives two.
- **acts**: (event, act type) pairs, as the index keeps them: an event in which
  people were detained and beaten counts two acts; three detentions in one
  event count one.
- **victims**: victim involvements, one per (event, actor), each weighted by the
  actor's stated ``count`` when it has one of at least 1 (a group of five
  victims counts 5, "protesters" with no number count 1), so the same person
  in two events counts once in each. Values a reviewer rejected are not in the
  index and so count nothing.
- **fatalities**: the sum of the events' stated fatalities.

Filters select whole events, and every breakdown counts within the selected
events: with ``act_type="killing"``, the act-type table also shows what else
happened in those events. In the act-type and perpetrator-type breakdowns,
victims are all victims of the counted events; in the victim-type breakdown
they are the victims of that type. Rows of single-valued dimensions (month,
country, admin1) add up to the totals, with :data:`UNKNOWN` for events lacking
the value; an event with two act types is in two act-type rows.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from whodid.model import Role
from whodid.store.access import Access, visible
from whodid.store.tables import actors, event_acts, events, involvements

UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to count or list: all conditions hold for the same event, and a date
    range matches when it overlaps ``[date_from, date_to]`` (as ``list_records``)."""

    country: str | None = None
    act_type: str | None = None
    perpetrator_type: str | None = None
    victim_type: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    reviewed: bool | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        """The SQL conditions on ``events``: the repository's own, so lists and counts agree."""
        from whodid.store.repository import _event_filters

        return _event_filters(
            self.country,
            self.act_type,
            self.perpetrator_type,
            self.date_from,
            self.date_to,
            self.victim_type,
            self.reviewed,
        )

    def describe(self) -> dict[str, str]:
        """The filters that are set, as text (for report headers and the custody log)."""
        return {
            f.name: str(v).lower() if isinstance(v, bool) else str(v)
            for f in dataclasses.fields(self)
            if (v := getattr(self, f.name)) is not None
        }


@dataclass(frozen=True, slots=True)
class Tally:
    """Documented events, acts and victims under one key of a breakdown."""

    key: str
    events: int
    acts: int
    victims: int


@dataclass(frozen=True, slots=True)
class Documented:
    """Totals of what the reports say over the selected events."""

    documents: int
    events: int
    acts: int
    victims: int
    fatalities: int
    first: date | None  # the earliest event start, None when no event is dated
    last: date | None


@dataclass(frozen=True, slots=True)
class Estimate:
    """An estimate attached by an analysis (not a count): a value with its interval.

    ``what`` says what is estimated ("victims of killing, SYR, 2024"); ``method``
    how ("multiple systems estimation, 3 lists"); ``level`` the interval's
    coverage (0.95).
    """

    what: str
    value: float
    lower: float | None = None
    upper: float | None = None
    level: float | None = None
    method: str = ""
    note: str = ""
    # printed next to the estimate: an estimate without its assumptions misleads
    assumptions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Statistics:
    """Documented counts for a filter, and room for estimates attached later."""

    filter: EventFilter
    documented: Documented
    by_month: list[Tally]  # "YYYY-MM", oldest first, UNKNOWN last
    by_country: list[Tally]  # ISO 3166-1 alpha-3; the rest by events, most first
    by_admin1: list[Tally]  # "admin1, COUNTRY"
    by_act_type: list[Tally]
    by_perpetrator_type: list[Tally]
    by_victim_type: list[Tally]
    estimates: list[Estimate] = field(default_factory=list)

    def with_estimates(self, estimates: list[Estimate]) -> Statistics:
        """A copy with ``estimates`` attached (the documented counts stay as they are)."""
        return dataclasses.replace(self, estimates=[*self.estimates, *estimates])


@dataclass(frozen=True, slots=True)
class EventKey:
    """One selected event: its document and its index in ``Record.events``."""

    document_id: str
    ordinal: int
    date: date | None


class StatisticsQueries:
    """Counts and event selections over one engine (``Repository.statistics``)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def counts(self, where: EventFilter | None = None, access: Access | None = None) -> Statistics:
        """The documented counts of the events matching ``where`` that ``access`` may see."""
        where = where or EventFilter()
        with self._engine.connect() as conn:
            return _counts(conn, where, access)

    def events(
        self, where: EventFilter | None = None, access: Access | None = None, limit: int | None = None
    ) -> list[EventKey]:
        """The events ``counts`` counts, oldest first (undated last), for listing them."""
        where = where or EventFilter()
        query = (
            sa.select(events.c.document_id, events.c.ordinal, events.c.date_start)
            .where(visible(access, events.c.document_id), *where.conditions())
            .order_by(
                events.c.date_start.is_(None), events.c.date_start, events.c.document_id, events.c.ordinal
            )
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [EventKey(str(d), int(o), s) for d, o, s in conn.execute(query)]


# --- the SQL ------------------------------------------------------------------------------


def _victim_weight() -> sa.ColumnElement[int]:
    """How many people one victim involvement stands for: the actor's count, at least 1."""
    return sa.case((actors.c.count >= 1, actors.c.count), else_=1)


def _actor_join() -> sa.ColumnElement[bool]:
    return sa.and_(actors.c.document_id == involvements.c.document_id, actors.c.id == involvements.c.actor_id)


def _selected(where: EventFilter, access: Access | None) -> sa.CTE:
    """The matching events with their acts and (weighted) victims, one row each."""
    acts = (
        sa.select(sa.func.count())
        .select_from(event_acts)
        .where(event_acts.c.event_id == events.c.id)
        .scalar_subquery()
    )
    victims = (
        sa.select(sa.func.coalesce(sa.func.sum(_victim_weight()), 0))
        .select_from(involvements)
        .join(actors, _actor_join())
        .where(involvements.c.event_id == events.c.id, involvements.c.role == Role.VICTIM.value)
        .scalar_subquery()
    )
    return (
        sa.select(
            events.c.id,
            events.c.document_id,
            events.c.date_start,
            events.c.country,
            events.c.admin1,
            events.c.fatalities,
            acts.label("acts"),
            victims.label("victims"),
        )
        .where(visible(access, events.c.document_id), *where.conditions())
        .cte("selected")
    )


def _tallies(conn: Connection, stmt: sa.Executable) -> list[Tally]:
    """Rows of (key, events, acts, victims) as tallies, most events first."""
    found = [Tally(str(k), int(e), int(a or 0), int(v or 0)) for k, e, a, v in conn.execute(stmt)]
    return sorted(found, key=lambda t: (t.key == UNKNOWN, -t.events, t.key))


def _counts(conn: Connection, where: EventFilter, access: Access | None) -> Statistics:
    sel = _selected(where, access)
    n, acts, victims = sa.func.count(), sa.func.sum(sel.c.acts), sa.func.sum(sel.c.victims)

    def by(key: sa.ColumnElement[Any]) -> sa.Executable:
        labelled = sa.func.coalesce(key, UNKNOWN).label("key")
        return sa.select(labelled, n, acts, victims).group_by(labelled)

    total = conn.execute(
        sa.select(
            sa.func.count(sa.distinct(sel.c.document_id)),
            n,
            acts,
            victims,
            sa.func.sum(sel.c.fatalities),
            sa.func.min(sel.c.date_start),
            sa.func.max(sel.c.date_start),
        )
    ).one()
    year, month = sa.extract("year", sel.c.date_start), sa.extract("month", sel.c.date_start)
    months = [
        Tally(UNKNOWN if y is None else f"{int(y):04d}-{int(m):02d}", int(e), int(a or 0), int(v or 0))
        for y, m, e, a, v in conn.execute(
            sa.select(year, month, n, acts, victims).group_by(year, month).order_by(year, month)
        )
    ]
    months.sort(key=lambda t: t.key == UNKNOWN)  # stable: chronological, the undated last
    admin1 = sa.case(
        (sel.c.admin1.is_(None), None),
        else_=sel.c.admin1 + ", " + sa.func.coalesce(sel.c.country, UNKNOWN),
    )
    perpetrator_types = (
        sa.select(involvements.c.event_id, actors.c.type)
        .join(actors, _actor_join())
        .where(involvements.c.role == Role.PERPETRATOR.value, actors.c.type.is_not(None))
        .distinct()
        .subquery()
    )
    victim_types = (
        sa.select(involvements.c.event_id, actors.c.type, sa.func.sum(_victim_weight()).label("people"))
        .join(actors, _actor_join())
        .where(involvements.c.role == Role.VICTIM.value, actors.c.type.is_not(None))
        .group_by(involvements.c.event_id, actors.c.type)
        .subquery()
    )
    return Statistics(
        filter=where,
        documented=Documented(
            documents=int(total[0]),
            events=int(total[1]),
            acts=int(total[2] or 0),
            victims=int(total[3] or 0),
            fatalities=int(total[4] or 0),
            first=total[5],
            last=total[6],
        ),
        by_month=months,
        by_country=_tallies(conn, by(sel.c.country)),
        by_admin1=_tallies(conn, by(admin1)),
        by_act_type=_tallies(
            conn,
            sa.select(event_acts.c.act_type, n, acts, victims)
            .join(sel, sel.c.id == event_acts.c.event_id)
            .group_by(event_acts.c.act_type),
        ),
        by_perpetrator_type=_tallies(
            conn,
            sa.select(perpetrator_types.c.type, n, acts, victims)
            .join(sel, sel.c.id == perpetrator_types.c.event_id)
            .group_by(perpetrator_types.c.type),
        ),
        by_victim_type=_tallies(
            conn,
            sa.select(victim_types.c.type, n, acts, sa.func.sum(victim_types.c.people))
            .join(sel, sel.c.id == victim_types.c.event_id)
            .group_by(victim_types.c.type),
        ),
    )
