"""The ``incidents`` stage: split a report's acts into the incidents they belong to.

Reports describe one incident and mention others: an arrest "in 2014", a
protest "on Wednesday" that preceded "Thursday's" killings. An act whose own
sentence dates it away from the incident date (outside it by more than a day)
belongs to another incident; an act whose sentence gives no date belongs to
the main one, and so does a death dated after the incident (its outcome). The
main incident comes first; the others follow by date. With
no incident date there is nothing to split by, and all acts stay together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from whodid.extract.pipeline import Analysis, stage
from whodid.model import Act, DateValue

NOT_INCIDENT_DATES = ("publication", "caption")


@dataclass
class Incident:
    """Acts that happened together, and their date (None when the text gives none)."""

    acts: list[Act] = field(default_factory=list)
    date: DateValue | None = None
    main: bool = False


def _span(value: DateValue) -> tuple[date, date]:
    return value.start, value.end or value.start


def _own_date(analysis: Analysis, act: Act) -> DateValue | None:
    """The first date written in the act's own sentence, if any."""
    if act.provenance is None:
        return None
    start, end = act.provenance.start, act.provenance.end
    for mention in analysis.dates:
        p = mention.value.provenance
        if mention.role not in NOT_INCIDENT_DATES and p is not None and start <= p.start < end:
            return mention.value
    return None


def _apart(value: DateValue, incident: DateValue) -> bool:
    """True when ``value`` cannot be the incident's date (more than a day outside it)."""
    a_start, a_end = _span(value)
    i_start, i_end = _span(incident)
    return a_end < i_start - timedelta(days=1) or a_start > i_end + timedelta(days=1)


def _died_later(act: Act, own: DateValue, incident: DateValue) -> bool:
    """A death dated after the incident is its outcome ("died of his wounds three
    months later"), not another incident."""
    return act.type == "killing" and own.start > _span(incident)[1]


def split(analysis: Analysis) -> list[Incident]:
    """The incidents of ``analysis.acts``, the main one first."""
    main = Incident(date=analysis.incident_date, main=True)
    if analysis.incident_date is None:
        main.acts = list(analysis.acts)
        return [main]
    others: dict[tuple[date, date], Incident] = {}
    for act in analysis.acts:
        own = _own_date(analysis, act)
        if (
            own is not None
            and _apart(own, analysis.incident_date)
            and not _died_later(act, own, analysis.incident_date)
        ):
            others.setdefault(_span(own), Incident(date=own)).acts.append(act)
        else:
            main.acts.append(act)
    return [main, *(others[k] for k in sorted(others))]


@stage("incidents")
def split_incidents(analysis: Analysis) -> Analysis:
    """Fill ``analysis.incidents``."""
    analysis.incidents = split(analysis)
    return analysis
