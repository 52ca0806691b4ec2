"""The ``assemble`` stage: turn what the stages found into one :class:`~whodid.model.Record`.

It decides roles (an actor is a perpetrator of the acts it did and a victim of
the acts done to it), sets each actor's type for its role, counts fatalities,
chooses the ACLED event and sub-event type by the codebook's priorities, and
titles the event.
"""

from __future__ import annotations

from collections import Counter

from whodid.extract.acled import acled_sub_event_type
from whodid.extract.actors import ActorTypes
from whodid.extract.pipeline import Analysis, stage
from whodid.model import Act, Actor, Event, Involvement, Record, Role
from whodid.model.vocab import acled_event_type_of

EXTRACTOR = "whodid-rules/0.1"


def _types(analysis: Analysis, actor_id: str) -> ActorTypes:
    found = analysis.actor_types.get(actor_id)
    return found if isinstance(found, ActorTypes) else ActorTypes("other", "civilians")


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
        kind = _types(analysis, vid).victim
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


@stage("assemble")
def assemble(analysis: Analysis) -> Analysis:
    """Build ``analysis.record`` from the stages' findings."""
    actors = {a.id: a for a in analysis.actors}
    involvements: list[Involvement] = []
    seen: set[tuple[str, Role]] = set()

    def involve(actor_id: str, role: Role, confidence: float) -> None:
        if (actor_id, role) in seen:
            return
        seen.add((actor_id, role))
        involvements.append(Involvement(actor_id=actor_id, role=role, confidence=confidence))

    for act in analysis.acts:
        act.date = analysis.incident_date
        act.place = analysis.main_place
        for pid in act.perpetrator_ids:
            involve(pid, Role.PERPETRATOR, act.confidence)
        for vid in act.victim_ids:
            involve(vid, Role.VICTIM, act.confidence)
    roles: dict[str, set[Role]] = {}
    for inv in involvements:
        roles.setdefault(inv.actor_id, set()).add(inv.role)
    for actor_id, actor_roles in roles.items():
        types = _types(analysis, actor_id)
        actor = actors[actor_id]
        if Role.PERPETRATOR in actor_roles and Role.VICTIM not in actor_roles:
            actor.type = types.perpetrator
        elif actor.type is None or Role.VICTIM in actor_roles:
            actor.type = types.victim
    for source in analysis.sources:
        if source.informant_id:
            involve(source.informant_id, Role.SOURCE, source.confidence)
    sub = acled_sub_event_type(
        analysis.acts,
        analysis.document.title or "",
        lambda a: _types(analysis, a).perpetrator,
        lambda a: _types(analysis, a).victim,
    )
    event = Event(
        title=_title(analysis),
        start=analysis.incident_date,
        places=[analysis.main_place] if analysis.main_place else [],
        acts=analysis.acts,
        involvements=involvements,
        acled_sub_event_type=sub,
        acled_event_type=acled_event_type_of(sub) if sub else None,
        fatalities=_fatalities(analysis, analysis.acts, actors),
        confidence=0.6 if analysis.acts else 0.2,
    )
    used = {i.actor_id for i in involvements}
    analysis.record = Record(
        document_id=analysis.document.id,
        events=[event] if analysis.acts or analysis.incident_date or analysis.main_place else [],
        actors=[a for a in analysis.actors if a.id in used],
        sources=analysis.sources,
        interventions=analysis.interventions,
        extractor=EXTRACTOR,
    )
    return analysis
