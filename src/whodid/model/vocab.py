"""Controlled vocabularies of the flat record (shared/gold-format.md) and ACLED.

Kept as data so the extractor, the store and the review UI agree on one spelling.
"""

from typing import Final

ACT_TYPES: Final[tuple[str, ...]] = (
    "killing",
    "physical_assault",
    "torture",
    "sexual_violence",
    "arbitrary_detention",
    "abduction",
    "harassment",
    "interrogation",
    "judicial_harassment",
    "forced_displacement",
    "movement_restriction",
    "assembly_interference",
    "remote_violence",
    "property_destruction",
    "expression_restriction",
    "failure_to_protect",
)

PERPETRATOR_TYPES: Final[tuple[str, ...]] = (
    "state_forces",
    "non_state_armed_group",
    "unidentified",
    "rioters",
    "protesters",
    "civilians",
    "company",
    "other",
)

VICTIM_TYPES: Final[tuple[str, ...]] = (
    "civilians",
    "protesters",
    "activists",
    "journalists",
    "aid_workers",
    "health_workers",
    "lawyers",
    "political_opposition",
    "detainees",
    "students",
    "children",
    "religious_group",
    "ethnic_group",
    "lgbt",
    "state_forces",
    "other",
)

# ACLED event type -> its sub-event types, spelled as in ACLED's codebook.
ACLED_SUB_EVENT_TYPES: Final[dict[str, tuple[str, ...]]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}


def acled_event_type_of(sub_event_type: str) -> str:
    """The ACLED event type a sub-event type belongs to."""
    for event_type, subs in ACLED_SUB_EVENT_TYPES.items():
        if sub_event_type in subs:
            return event_type
    raise ValueError(f"unknown ACLED sub-event type: {sub_event_type!r}")
