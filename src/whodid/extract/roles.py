"""The ``roles`` stage: fill in who did it and to whom where the clause itself does not say.

The acts stage reads agents and patients off each clause. Reports often leave
them to context instead:

* an act in the passive without an agent ("they were detained") was done by
  the armed actor that acts elsewhere in the text, else one the text names,
  else by someone the text leaves unidentified;
* a victim group is followed or preceded by the names of its members ("six
  bloggers were detained ... among them Ann Lee and Bo Chen"): named people in
  the act's sentence, or the next, who are not its perpetrators nor merely
  speaking, are its victims too;
* "the two activists" after two named activists are those two people.

The coding conventions that add or drop whole acts live in the next stage,
:mod:`whodid.extract.conventions`.
"""

from __future__ import annotations

import re

from whodid.extract.attribution import attribute
from whodid.extract.pipeline import ActorTypes, Analysis, stage
from whodid.extract.vocab_actors import GENERIC_PERSON_HEADS
from whodid.extract.vocab_acts import ACTS_ON_PEOPLE
from whodid.model import Act, Actor

ARMED_TYPES = ("state_forces", "non_state_armed_group", "unidentified")
# Acts only a state does: arrests, interrogation, charges, expulsion, bans.
AIR_ATTACK = re.compile(
    r"\b(air ?strikes?|air raids?|aerial|warplanes?|aircraft|helicopter|bombers?|jets?)\b", re.I
)
COMMUNAL_CLASH = re.compile(
    r"\b(inter-?communal|communal|inter-?community|tribal|clan|inter-?clan|ethnic|inter-?ethnic)\s+"
    r"(clash\w*|fighting|violence|conflict|feud\w*)",
    re.I,
)
STATE_OPERATION = re.compile(
    r"\b(police|sheriff'?s?|deputies'?|officers'?|military|army)\s+(chase|pursuit|custody|raid|operation)\b",
    re.I,
)
STATE_ACTS = frozenset(
    {
        "arbitrary_detention",
        "interrogation",
        "judicial_harassment",
        "forced_displacement",
        "movement_restriction",
        "expression_restriction",
        "assembly_interference",
    }
)
SPEECH_VERBS = frozenset(
    {"say", "tell", "report", "announce", "state", "add", "confirm", "write", "claim", "allege"}
)


def implied_perpetrators(analysis: Analysis) -> None:
    """Give agentless acts ("she was beaten") the perpetrator the text implies.

    An armed actor that does something elsewhere in the text is the likely agent:
    the nearest earlier one, else the first. With none, an armed actor the text
    names ("police said she was beaten"), a state one for arrests, charges,
    expulsions and bans, which only a state does; with no armed actor named at
    all, someone the text does not name: an unidentified perpetrator.
    """
    if analysis.doc is None:
        return
    agents = {p for a in analysis.acts for p in a.perpetrator_ids}
    armed = sorted(
        (i, actor_id)
        for i, ids in analysis.actor_at.items()
        for actor_id in ids
        if analysis.types_of(actor_id).perpetrator in ARMED_TYPES and not _generic(analysis, i)
    )
    # "police said she was beaten by the attacker": speakers are agents only as a last resort
    speaking = {
        i
        for i, _ in armed
        if analysis.doc[i].dep_ == "nsubj" and analysis.doc[i].head.lemma_.lower() in SPEECH_VERBS
    }
    armed = [m for m in armed if m[0] not in speaking] + [m for m in armed if m[0] in speaking]
    acting = [(i, a) for i, a in armed if a in agents]
    state = [(i, a) for i, a in armed if analysis.types_of(a).perpetrator == "state_forces"]
    unknown: str | None = None
    air: str | None = None
    communal: str | None = None
    operation: str | None = None
    for act in analysis.acts:
        if act.perpetrator_ids or act.provenance is None or act.type == "failure_to_protect":
            continue
        candidates = acting or (state if act.type in STATE_ACTS else armed)
        chosen = _same_sentence_agent(analysis, act) or _nearest(analysis, act, candidates)
        groups = [(i, a) for i, a in armed if analysis.types_of(a).perpetrator == "non_state_armed_group"]
        if chosen is None and act.type == "arbitrary_detention" and groups:
            # held by an armed group ("detained at a rebel checkpoint"): not an arrest, an abduction
            chosen = _nearest(analysis, act, groups)
            act.type = "abduction"
        if chosen is None and act.type == "remote_violence" and AIR_ATTACK.search(act.provenance.text):
            air = air or _implicit(analysis, "air force", "state_forces")
            chosen = air  # only states fly warplanes: an air strike's unnamed author is a state
        if chosen is None and COMMUNAL_CLASH.search(act.provenance.text):
            # hurt "during clan clashes": the fighting sides are communal militias
            communal = communal or _implicit(analysis, "communal militias", "non_state_armed_group")
            chosen = communal
        if (
            chosen is None
            and act.type in ("killing", "physical_assault")
            and STATE_OPERATION.search(act.provenance.text)
        ):
            # died "during a police chase", "in police custody": the force whose operation it was
            operation = operation or _implicit(analysis, "police", "state_forces")
            chosen = operation
        if chosen is None and act.type not in STATE_ACTS:
            unknown = unknown or _implicit(analysis, "unidentified perpetrators", "unidentified")
            chosen = unknown
        if chosen is not None:
            act.perpetrator_ids = [chosen]
            act.confidence = round(max(0.3, act.confidence - 0.2), 2)


def hurt_are_not_attackers(analysis: Analysis) -> None:
    """Nobody killed or hurt in a sentence fired the sentence's shells or bombs: "an
    aid worker was killed due to shelling while on duty" makes no aid worker a
    shelling perpetrator (a person who hurt someone and was then shot, in one
    sentence, stays both). Acts left without one get the implied perpetrator next."""
    hurt: dict[int, set[str]] = {}
    for act in analysis.acts:
        if act.type in ("killing", "physical_assault") and act.provenance is not None:
            hurt.setdefault(act.provenance.start, set()).update(act.victim_ids)
    for act in analysis.acts:
        if act.type == "remote_violence" and act.provenance is not None:
            victims = hurt.get(act.provenance.start, set())
            act.perpetrator_ids = [p for p in act.perpetrator_ids if p not in victims]


def _same_sentence_agent(analysis: Analysis, act: Act) -> str | None:
    """ "she was injured when a refugee cut her": the agent of the other violent acts
    in the same sentence, when they have exactly one and it is not this act's victim.
    Not for deaths: "killed after crashing during a police chase" is not the crash's doing."""
    if act.type not in ACTS_ON_PEOPLE or act.type == "killing" or act.provenance is None:
        return None
    agents = {
        p
        for other in analysis.acts
        if other is not act
        and other.provenance is not None
        and other.type in ACTS_ON_PEOPLE
        and other.provenance.start == act.provenance.start
        for p in other.perpetrator_ids
        if p not in act.victim_ids
    }
    return agents.pop() if len(agents) == 1 else None


def _nearest(analysis: Analysis, act: Act, mentions: list[tuple[int, str]]) -> str | None:
    """The mention nearest before the act's sentence, else the first within it, else the first."""
    assert analysis.doc is not None and act.provenance is not None
    sentence = analysis.doc.char_span(act.provenance.start, act.provenance.end, alignment_mode="expand")
    start = sentence.start if sentence is not None else 0
    end = sentence.end if sentence is not None else len(analysis.doc)
    # nobody hurt in the same sentence did the hurting ("a guard was wounded when a bomb exploded")
    hurt = {
        v
        for other in analysis.acts
        if other.provenance is not None and other.provenance.start == act.provenance.start
        for v in other.victim_ids
    }
    free = [(i, a) for i, a in mentions if a not in act.victim_ids and a not in hurt]
    before = [a for i, a in free if i < start]
    within = [a for i, a in free if start <= i < end]
    return before[-1] if before else within[0] if within else free[0][1] if free else None


def _implicit(analysis: Analysis, description: str, kind: str) -> str:
    """An actor the text implies but never names (no span: the text has none)."""
    actor = Actor(
        id=f"a-implicit-{kind}",
        name=None,
        description=description,
        is_group=True,
        type=kind,
        confidence=0.4,
    )
    analysis.actors.append(actor)
    analysis.actor_spans[actor.id] = []
    analysis.actor_types[actor.id] = ActorTypes(kind, "civilians")
    return actor.id


def _generic(analysis: Analysis, i: int) -> bool:
    """ "people", "men" with no word saying who they are: never an implied perpetrator."""
    assert analysis.doc is not None
    tok = analysis.doc[i]
    qualified = any(c.dep_ in ("amod", "compound") for c in tok.children)
    return tok.lemma_.lower() in GENERIC_PERSON_HEADS and not qualified


def _named_people_by_sentence(analysis: Analysis) -> dict[int, list[str]]:
    """Sentence index -> named, single people mentioned there (not as a speaker)."""
    doc = analysis.doc
    assert doc is not None
    sent_starts = [s.start for s in doc.sents]
    people = {a.id for a in analysis.actors if a.name and not a.is_group and a.count == 1}
    found: dict[int, list[str]] = {}
    for i, ids in sorted(analysis.actor_at.items()):
        tok = doc[i]
        if tok.dep_ in ("nsubj",) and tok.head.lemma_.lower() in SPEECH_VERBS:
            continue
        if tok.dep_ == "poss":
            continue
        sent = max(n for n, start in enumerate(sent_starts) if start <= i)
        for actor_id in ids:
            if actor_id in people and actor_id not in found.setdefault(sent, []):
                found[sent].append(actor_id)
    return found


def named_members(analysis: Analysis) -> None:
    """Named people around an act whose victims are only a group, or nobody, are its victims."""
    doc = analysis.doc
    if doc is None:
        return
    sents = list(doc.sents)
    by_sentence = _named_people_by_sentence(analysis)
    actors = {a.id: a for a in analysis.actors}
    perpetrators = {p for act in analysis.acts for p in act.perpetrator_ids}
    for act in analysis.acts:
        if act.type not in ACTS_ON_PEOPLE or act.provenance is None:
            continue
        victims = [actors[v] for v in act.victim_ids if v in actors]
        if any(v.name and not v.is_group for v in victims):
            continue  # the clause already names its victims
        group_types = {analysis.types_of(v.id).victim for v in victims}
        n = next((k for k, s in enumerate(sents) if s.start_char <= act.provenance.start < s.end_char), None)
        if n is None:
            continue
        for k in (n, n + 1):
            for person in by_sentence.get(k, []):
                if person in perpetrators or person in act.victim_ids:
                    continue
                if group_types and analysis.types_of(person).victim not in group_types | {"civilians"}:
                    continue
                act.victim_ids.append(person)


def groups_of_named_victims(analysis: Analysis) -> None:
    """ "the two activists" after two named activists are those two people.

    A definite group with a stated count that equals the number of named victims
    of its type mentioned before it stands for them: its acts get them as victims.
    """
    doc = analysis.doc
    if doc is None:
        return
    actors = {a.id: a for a in analysis.actors}
    first_mention = {
        a: min(s.start for s in spans) for a, spans in analysis.actor_spans.items() if spans and a in actors
    }
    victims = {v for act in analysis.acts for v in act.victim_ids}
    for group in analysis.actors:
        if not (group.is_group and group.count and group.count >= 2 and group.id in first_mention):
            continue
        head = analysis.actor_spans[group.id][0].root
        if not any(c.lower_ == "the" for c in head.children):
            continue
        kind = analysis.types_of(group.id).victim
        named = [
            a
            for a in sorted(victims, key=lambda v: first_mention.get(v, 10**9))
            if a in actors
            and actors[a].name
            and not actors[a].is_group
            and first_mention.get(a, 10**9) < first_mention[group.id]
            and analysis.types_of(a).victim == kind
        ]
        if len(named) != group.count:
            continue
        for act in analysis.acts:
            if group.id in act.victim_ids:
                act.victim_ids = [v for v in act.victim_ids if v != group.id] + [
                    n for n in named if n not in act.victim_ids
                ]


def act_order(act: Act) -> int:
    """Acts in text order (derived acts sit where the act they come from does)."""
    return act.provenance.start if act.provenance else 0


@stage("roles")
def fill_roles(analysis: Analysis) -> Analysis:
    """Complete the acts' perpetrators and victims from context."""
    named_members(analysis)
    groups_of_named_victims(analysis)
    hurt_are_not_attackers(analysis)
    implied_perpetrators(analysis)
    attribute(analysis)
    analysis.acts.sort(key=act_order)
    return analysis
