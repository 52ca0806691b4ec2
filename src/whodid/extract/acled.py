"""Choose the ACLED sub-event type of an event by the codebook's priorities.

ACLED codes an event by what it centres on, with a fixed precedence: remote
violence and sexual violence first; then mob violence; abductions by
non-state or unidentified actors; crowds met with force or arrests; arrests by
state forces; then attacks. Only the headline and the sentences that report
force against people count as protest evidence: a protest mentioned in
background ("protests planned for next week") does not make an arrest a
protest event.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from whodid.model import Act

PROTEST_WORDS = re.compile(
    r"\b(protest\w*|demonstrat\w*|rall(y|ies)|march(ed|es|ers)?|sit-in|picket\w*|parade|pride)\b", re.I
)
MOB_WORDS = re.compile(r"\b(mobs?|lynch\w*|angry crowds?|vigilantes?|thugs?|rioters?|stormed|storm)\b", re.I)
REMOTE_KINDS = (
    (
        re.compile(r"\b(air ?strikes?|air raids?|drones?|warplanes?|aircraft|bombers?|jets?)\b", re.I),
        "Air/drone strike",
    ),
    (re.compile(r"\bsuicide\b", re.I), "Suicide bomb"),
    (re.compile(r"\bgrenades?\b", re.I), "Grenade"),
    (
        re.compile(r"\b(ieds?|landmines?|mines?|roadside bombs?|improvised|explosive devices?)\b", re.I),
        "Remote explosive/landmine/IED",
    ),
    (
        re.compile(r"\b(shell\w*|artillery|mortars?|rockets?|missiles?)\b", re.I),
        "Shelling/artillery/missile attack",
    ),
)
CROWD_FORCE = frozenset({"arbitrary_detention", "physical_assault", "killing", "assembly_interference"})
NON_STATE = frozenset({"unidentified", "non_state_armed_group", "civilians", "rioters", "company", "other"})


def acled_sub_event_type(
    acts: list[Act],
    headline: str,
    perpetrator_type: Callable[[str], str | None],
    victim_type: Callable[[str], str | None],
) -> str | None:
    """The sub-event type, or None when the text reports no act."""
    if not acts:
        return None
    kinds = Counter(a.type for a in acts)
    evidence = headline + "\n" + "\n".join(a.provenance.text for a in acts if a.provenance)
    perps = {t for a in acts for p in a.perpetrator_ids if (t := perpetrator_type(p))}
    victims = {t for a in acts for v in a.victim_ids if (t := victim_type(v))}
    crowd_force = (
        headline + "\n" + "\n".join(a.provenance.text for a in acts if a.provenance and a.type in CROWD_FORCE)
    )
    protest = bool(PROTEST_WORDS.search(crowd_force)) or "protesters" in victims
    violent = kinds["killing"] + kinds["physical_assault"] + kinds["torture"]

    def done_by(kind: str, types: frozenset[str]) -> bool:
        return any(
            a.type == kind and any(perpetrator_type(p) in types for p in a.perpetrator_ids) for a in acts
        )

    if kinds["remote_violence"]:
        for pattern, sub in REMOTE_KINDS:
            if pattern.search(evidence):
                return sub
        return "Remote explosive/landmine/IED"
    if kinds["sexual_violence"]:
        return "Sexual violence"
    if violent and MOB_WORDS.search(evidence) and perps & {"civilians", "rioters", "unidentified"}:
        return "Mob violence"
    if done_by("abduction", NON_STATE) or (kinds["abduction"] and not kinds["arbitrary_detention"]):
        return "Abduction/forced disappearance"
    if protest and "state_forces" in perps:
        if kinds["killing"] or (kinds["physical_assault"] and "protesters" in victims):
            return "Excessive force against protesters"
        if kinds["arbitrary_detention"] or kinds["assembly_interference"]:
            return "Protest with intervention"
    if kinds["arbitrary_detention"] and "state_forces" in perps and not kinds["killing"]:
        return "Arrests"
    if violent:
        return "Attack"
    if kinds["property_destruction"]:
        return "Looting/property destruction"
    if protest:
        return "Peaceful protest"
    return "Other"
