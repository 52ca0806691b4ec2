"""The ``conventions`` stage: acts a coder adds or drops by the codebook's conventions.

After the roles are filled in, some acts imply others and some are not what
they seem:

* arresting or beating people at a protest or meeting interferes with the
  assembly; detaining or charging someone over what they wrote restricts
  expression;
* a shooting that killed its victim is the killing, not an assault as well;
* a shooting by state agents whose outcome the report never states is coded
  as the death such reports usually record, at low confidence;
* kidnappers "holding" their captives is the abduction, not a detention;
* people "released" had been held, even when no act says they were taken;
* arresting the suspected attackers is not an act against them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from whodid.extract.pipeline import ActorTypes, Analysis, stage
from whodid.extract.roles import act_order
from whodid.model import Act, Provenance

if TYPE_CHECKING:
    from spacy.tokens import Token

# A gathering as the place of the act ("during a march", "at the rally") or what the
# people were doing ("staged a sit-in", "tried to hold a protest").
GATHERING = re.compile(
    r"\b(at|during|in|from|outside|near|after|hold|held|holding|stage[ds]?|staging|join(ed|ing)?|attend(ed|ing)?)\s+(the|a|an|their|this|that|his|her|its)?\s*([\w'-]+\s+){0,3}"
    r"(protests?|demonstrations?|rall(y|ies)|march(es)?|parade|pride|vigil|sit-in|gathering|meeting|assembly)\b",
    re.I,
)
SPEECH_GROUNDS = re.compile(
    r"\b(over|for|because of)\s+(his|her|their|an?|the|its)?\s*(\w+\s+)?"
    r"(articles?|reporting|reports?|posts?|tweets?|coverage|interviews?|books?|songs?|speech|criticism|writings?|blog)\b",
    re.I,
)
FORCE_ON_PEOPLE = frozenset({"arbitrary_detention", "physical_assault", "killing"})


def derived_acts(analysis: Analysis) -> None:
    """Acts a coder infers from how another act was done (the codebook's conventions).

    Arresting or beating people at a protest or meeting interferes with the
    assembly, and those people, if the text says no more of them, were protesting;
    detaining or charging someone over what they wrote or said
    restricts expression.
    """
    kinds = {a.type for a in analysis.acts}
    extra: list[Act] = []
    for act in analysis.acts:
        if act.provenance is None:
            continue
        text = act.provenance.text
        state = any(analysis.types_of(p).perpetrator == "state_forces" for p in act.perpetrator_ids)
        at_gathering = act.type in FORCE_ON_PEOPLE and state and GATHERING.search(text) is not None
        if at_gathering:
            _protesters(analysis, act)
        if at_gathering and "assembly_interference" not in kinds:
            kinds.add("assembly_interference")
            extra.append(_derived(act, "assembly_interference"))
        if (
            act.type in ("arbitrary_detention", "judicial_harassment", "interrogation")
            and "expression_restriction" not in kinds
            and SPEECH_GROUNDS.search(text)
        ):
            kinds.add("expression_restriction")
            extra.append(_derived(act, "expression_restriction"))
    analysis.acts.extend(extra)


def _protesters(analysis: Analysis, act: Act) -> None:
    """People a state force detained or beat at a gathering, described only as people
    ("several people", "dozens"), were taking part in it: protesters."""
    for v in act.victim_ids:
        types = analysis.actor_types.get(v)
        if types is not None and types.victim == "civilians":
            analysis.actor_types[v] = ActorTypes(types.perpetrator, "protesters")


def _derived(act: Act, kind: str) -> Act:
    return Act(
        type=kind,
        perpetrator_ids=list(act.perpetrator_ids),
        victim_ids=list(act.victim_ids),
        provenance=act.provenance,
        confidence=round(max(0.3, act.confidence - 0.15), 2),
    )


LESS_LETHAL = re.compile(
    r"\b(tase[rd]?\w*|stun(ned|gun)?|pepper[- ]spray\w*|bean ?bags?|choke ?hold\w*|restrain\w*|baton\w*|"
    r"rubber bullets?|tear gas|beat\w*|punch\w*|kick\w*|struggl\w*|hog-?tie\w*)\b",
    re.I,
)


def _drop(analysis: Analysis, unwanted: Callable[[Act], bool]) -> None:
    analysis.acts = [a for a in analysis.acts if not unwanted(a)]


def fold_into_killings(analysis: Analysis) -> None:
    """A shooting or stabbing that killed its victim is the killing, not an assault too.

    An assault stays when it hurt someone the killings did not ("killing one
    protester and wounding another"), and when it was force short of lethal
    (a Taser, pepper spray, a chokehold) that preceded the death: that force is
    ill-treatment in its own right.
    """
    killed = {v for a in analysis.acts if a.type == "killing" for v in a.victim_ids}
    if killed:
        _drop(
            analysis,
            lambda a: (
                a.type == "physical_assault"
                and bool(a.victim_ids)
                and set(a.victim_ids) <= killed
                and not (a.provenance and LESS_LETHAL.search(a.provenance.text))
            ),
        )


# What a report says when a shooting did not kill: a wound, care, survival, a limb hit.
SURVIVED = re.compile(
    r"\b(wound\w*|injur\w*|hurt|hospitali[sz]\w*|surviv\w*|recover\w* (from|in)|treated|condition|grazed|"
    r"in the (leg|legs|arm|arms|hand|foot|feet|knee|shoulder|thigh|buttocks?|ankle|wrist|finger))\b",
    re.I,
)
SHOOTING = re.compile(r"\b(shot|shoots?|shooting|fired (at|on|upon|into)|opened fire)\b", re.I)


def unstated_outcome_of_shootings(analysis: Analysis) -> None:
    """Agents of the state shooting a person, in a report that states no outcome at all.

    Reports of police and security-force shootings that name the person shot
    and say nothing of a wound, care or survival are, in the databases that
    collect them, reports of deaths: a shooting that was survived says so. Such
    a shooting is coded as a killing, at a confidence low enough that a reviewer
    is asked about it first. Any word of a wound, a hospital, survival or a limb
    hit anywhere in the report keeps it an assault; a report that states a death
    needs no inference.
    """
    if any(a.type == "killing" for a in analysis.acts) or SURVIVED.search(analysis.document.text):
        return
    actors = {a.id: a for a in analysis.actors}
    for act in analysis.acts:
        if (
            act.type == "physical_assault"
            and act.provenance is not None
            and SHOOTING.search(act.provenance.text)
            and act.perpetrator_ids
            and all(analysis.types_of(p).perpetrator == "state_forces" for p in act.perpetrator_ids)
            and act.victim_ids
            and all(v in actors and not actors[v].is_group for v in act.victim_ids)
        ):
            act.type = "killing"
            act.confidence = round(min(act.confidence, 0.55), 2)


RANSOM = re.compile(r"\bransoms?\b", re.I)
RELEASE_VERBS = frozenset({"release", "free"})
NOT_CAPTIVITY = frozenset({"hospital", "clinic", "bail", "statement", "report", "video"})


def release_means_captivity(analysis: Analysis) -> None:
    """People "released" or "freed" had been held: if no act says so, the release does.

    "Two drivers were ambushed ... released after ransoms were paid": the report
    codes an abduction it never names. Held by the state it is a detention, by
    anyone else (or for a ransom) an abduction. Releases from hospital, on bail of
    a statement, or of things, are not captivity.
    """
    doc = analysis.doc
    if doc is None or not any(t.lemma_.lower() in RELEASE_VERBS and t.pos_ == "VERB" for t in doc):
        return
    from whodid.extract.clauses import PASSIVE_SUBJ, Clauses

    clauses = Clauses(analysis)
    held = {v for a in analysis.acts if a.type in ("abduction", "arbitrary_detention") for v in a.victim_ids}
    ransom = RANSOM.search(analysis.document.text) is not None
    for tok in doc:
        if tok.lemma_.lower() not in RELEASE_VERBS or tok.pos_ != "VERB":
            continue
        if {t.lemma_.lower() for t in tok.subtree} & NOT_CAPTIVITY:
            continue
        patients = [c for c in tok.children if c.dep_ in PASSIVE_SUBJ or c.dep_ == "dobj"]
        people = [x for c in patients for x in clauses.actors_of(c) if x not in held]
        if not people and any(_part_of_a_group(c) for c in patients):
            # "one was released", "both were freed": some of the people an earlier act took
            earlier = [a for a in analysis.acts if a.provenance and a.provenance.end <= tok.sent.start_char]
            people = [x for x in (earlier[-1].victim_ids if earlier else []) if x not in held]
        people = [x for x in people if analysis.types_of(x).perpetrator not in ("state_forces",)]
        if not people:
            continue
        perps = [p for a in analysis.acts if set(a.victim_ids) & set(people) for p in a.perpetrator_ids]
        state = any(analysis.types_of(p).perpetrator == "state_forces" for p in perps)
        kind = "arbitrary_detention" if state and not ransom else "abduction"
        sent = tok.sent
        analysis.acts.append(
            Act(
                type=kind,
                perpetrator_ids=list(dict.fromkeys(perps)),
                victim_ids=people,
                confidence=0.45,
                provenance=Provenance(analysis.document.id, sent.start_char, sent.end_char, sent.text),
            )
        )
        held.update(people)


GROUP_PARTS = frozenset({"one", "both", "all", "two", "three", "four", "other", "others", "another"})


def _part_of_a_group(tok: Token) -> bool:
    """ "one", "both", "one of them": some of a group named before."""
    return tok.lower_ in GROUP_PARTS or any(c.lower_ == "of" for c in tok.children)


def captivity_is_the_abduction(analysis: Analysis) -> None:
    """Kidnappers "holding" their captives is the abduction going on, not a detention.

    A detention by the same non-state actors who abducted someone in the same
    report is dropped; a detention by the state, or by anyone else, stays.
    """
    kidnappers = {p for a in analysis.acts if a.type == "abduction" for p in a.perpetrator_ids}
    if kidnappers:
        _drop(
            analysis,
            lambda a: (
                a.type == "arbitrary_detention"
                and bool(a.perpetrator_ids)
                and set(a.perpetrator_ids) <= kidnappers
                and not any(analysis.types_of(p).perpetrator == "state_forces" for p in a.perpetrator_ids)
            ),
        )


SUSPECT_WORDS = frozenset(
    {
        "suspect",
        "suspects",
        "attacker",
        "attackers",
        "assailant",
        "assailants",
        "perpetrator",
        "perpetrators",
        "killer",
        "killers",
        "gunman",
        "gunmen",
        "culprit",
        "culprits",
        "robber",
        "robbers",
        "thief",
        "thieves",
    }
)


def arrests_of_suspects(analysis: Analysis) -> None:
    """Police arresting or charging the suspected attackers is the law at work, not an act
    against them: such detentions and charges are dropped."""
    actors = {a.id: a for a in analysis.actors}

    def suspect(actor_id: str) -> bool:
        label = (actors[actor_id].label if actor_id in actors else "").lower().split()
        return bool(label) and label[-1] in SUSPECT_WORDS

    _drop(
        analysis,
        lambda a: (
            a.type in ("arbitrary_detention", "judicial_harassment", "interrogation")
            and bool(a.victim_ids)
            and all(suspect(v) for v in a.victim_ids)
        ),
    )


@stage("conventions")
def apply_conventions(analysis: Analysis) -> Analysis:
    """Add the acts other acts imply; drop those the conventions fold away."""
    derived_acts(analysis)
    release_means_captivity(analysis)
    unstated_outcome_of_shootings(analysis)
    fold_into_killings(analysis)
    captivity_is_the_abduction(analysis)
    arrests_of_suspects(analysis)
    analysis.acts.sort(key=act_order)
    return analysis
