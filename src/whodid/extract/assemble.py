"""The ``assemble`` stage: turn what the stages found into one :class:`~whodid.model.Record`.

It decides roles (an actor is a perpetrator of the acts it did and a victim of
the acts done to it), sets each actor's type for its role, counts fatalities,
chooses the ACLED event and sub-event type by the codebook's priorities, and
titles the event.
"""

from __future__ import annotations

from collections import Counter

from whodid.extract.acled import acled_sub_event_type
from whodid.extract.incidents import Incident
from whodid.extract.pipeline import Analysis, stage
from whodid.model import Act, Actor, Event, Involvement, Record, Role
from whodid.model.vocab import acled_event_type_of

EXTRACTOR = "whodid-rules/0.1"


def _fatalities(analysis: Analysis, acts: list[Act], actors: dict[str, Actor]) -> int | None:
    """People killed as the text states it: 0 when an incident is described and nobody died.

    A report often names a victim twice, once described ("a radio presenter") and
    once by name: per victim type, single named and single described victims are
    taken to be the same people, so the larger of the two counts.
    """
    killings = [a for a in acts if a.type == "killing"]
    if not killings:
        return 0 if acts else None
    killed = {vid for act in killings for vid in act.victim_ids}
    if not killed:
        return None
    named: Counter[str] = Counter()
    described: Counter[str] = Counter()
    total = 0
    for vid in killed:
        actor = actors[vid]
        kind = analysis.types_of(vid).victim
        if actor.count is None:
            return None
        if actor.count == 1 and not actor.is_group:
            (named if actor.name else described)[kind] += 1
        else:
            total += actor.count
    total += sum(max(named[k], described[k]) for k in set(named) | set(described))
    return total


def _title(analysis: Analysis) -> str:
    if analysis.document.title:
        return analysis.document.title
    text = analysis.document.text.strip()
    first = text.split("\n", 1)[0]
    return first[:120] + ("…" if len(first) > 120 else "")


def _set_actor_types(analysis: Analysis, actors: dict[str, Actor]) -> None:
    """An actor's type is its perpetrator type if it only ever acts, else its victim type."""
    roles: dict[str, set[Role]] = {}
    for act in analysis.acts:
        for pid in act.perpetrator_ids:
            roles.setdefault(pid, set()).add(Role.PERPETRATOR)
        for vid in act.victim_ids:
            roles.setdefault(vid, set()).add(Role.VICTIM)
    for actor_id, actor_roles in roles.items():
        types = analysis.types_of(actor_id)
        actor = actors[actor_id]
        if Role.VICTIM not in actor_roles:
            actor.type = types.perpetrator
        else:
            actor.type = types.victim


def _event(analysis: Analysis, incident: Incident, actors: dict[str, Actor]) -> Event:
    """One event of the record: its acts, the roles in them, date, place, ACLED type, deaths."""
    involvements: list[Involvement] = []
    seen: set[tuple[str, Role]] = set()

    def involve(actor_id: str, role: Role, confidence: float) -> None:
        if (actor_id, role) not in seen:
            seen.add((actor_id, role))
            involvements.append(Involvement(actor_id=actor_id, role=role, confidence=confidence))

    place = analysis.main_place if incident.main else None
    for act in incident.acts:
        act.date = incident.date
        act.place = place
        for pid in act.perpetrator_ids:
            involve(pid, Role.PERPETRATOR, act.confidence)
        for vid in act.victim_ids:
            involve(vid, Role.VICTIM, act.confidence)
    if incident.main:
        for source in analysis.sources:
            if source.informant_id:
                involve(source.informant_id, Role.SOURCE, source.confidence)
    sub = acled_sub_event_type(
        incident.acts,
        analysis.document.title or "" if incident.main else "",
        lambda a: analysis.types_of(a).perpetrator,
        lambda a: analysis.types_of(a).victim,
    )
    first = incident.acts[0].provenance if incident.acts and incident.acts[0].provenance else None
    title = _title(analysis) if incident.main or first is None else " ".join(first.text.split())[:120]
    return Event(
        title=title,
        start=incident.date,
        places=[place] if place else [],
        acts=incident.acts,
        involvements=involvements,
        acled_sub_event_type=sub,
        acled_event_type=acled_event_type_of(sub) if sub else None,
        fatalities=_fatalities(analysis, incident.acts, actors),
        confidence=0.6 if incident.acts else 0.2,
    )


@stage("assemble")
def assemble(analysis: Analysis) -> Analysis:
    """Build ``analysis.record``: one event per incident, the main one first."""
    actors = {a.id: a for a in analysis.actors}
    _set_actor_types(analysis, actors)
    incidents = analysis.incidents or [Incident(acts=analysis.acts, date=analysis.incident_date, main=True)]
    events = []
    for incident in incidents:
        if incident.main and not (incident.acts or incident.date or analysis.main_place):
            continue
        if incident.acts or incident.main:
            events.append(_event(analysis, incident, actors))
    used = {i.actor_id for e in events for i in e.involvements}
    analysis.record = Record(
        document_id=analysis.document.id,
        events=events,
        actors=[a for a in analysis.actors if a.id in used],
        sources=analysis.sources,
        interventions=analysis.interventions,
        extractor=EXTRACTOR,
    )
    return analysis
