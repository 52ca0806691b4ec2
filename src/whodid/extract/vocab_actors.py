"""Lexicon of actor nouns: which words name security forces, armed groups, victims.

The actor stage looks up the *head noun* of a noun phrase (and its modifiers)
here, never keywords over the whole text. Words are lemmas, lower-case. This is
domain vocabulary (the world's forces, ranks, agencies and civilian roles), not
knowledge of any particular report.
"""

from typing import Final

# Head nouns that name a perpetrator-capable actor, with the type they imply
# when nothing else qualifies them.
PERPETRATOR_HEADS: Final[dict[str, str]] = {
    # state forces: police, military, security services, prison staff, officials
    **dict.fromkeys(
        (
            "police",
            "policeman",
            "policewoman",
            "officer",
            "cop",
            "constable",
            "gendarme",
            "gendarmerie",
            "soldier",
            "troop",
            "army",
            "military",
            "marine",
            "commando",
            "paratrooper",
            "serviceman",
            "force",
            "agent",
            "authority",
            "official",
            "deputy",
            "sheriff",
            "trooper",
            "guard",
            "warden",
            "jailer",
            "patrol",
            "ranger",
            "investigator",
            "detective",
            "inspector",
            "prosecutor",
            "judge",
            "court",
            "ministry",
            "government",
            "regime",
            "junta",
            "intelligence",
            "paramilitary",
            "militiaman",
            "personnel",
            "unit",
            "battalion",
            "brigade",
            "regiment",
            "squad",
            "department",
            "service",
            "administration",
            "governor",
            "mayor",
            "commander",
            "general",
            "colonel",
            "captain",
            "lieutenant",
            "sergeant",
            "corporal",
            "major",
            "chief",
        ),
        "state_forces",
    ),
    # non-state armed groups
    **dict.fromkeys(
        (
            "rebel",
            "insurgent",
            "militant",
            "jihadist",
            "fighter",
            # men of a tribe or clan who attack, abduct or kill: ACLED's communal militias
            "tribesman",
            "clansman",
            "militia",
            "gang",
            "gangster",
            "bandit",
            "terrorist",
            "extremist",
            "guerrilla",
            "guerilla",
            "separatist",
            "cartel",
            "warlord",
            "pirate",
        ),
        "non_state_armed_group",
    ),
    # unidentified: the text does not say who
    **dict.fromkeys(
        (
            "gunman",
            "sniper",
            "element",
            "assailant",
            "attacker",
            "abductor",
            "kidnapper",
            "captor",
            "perpetrator",
            "thug",
            "culprit",
            "miscreant",
            "stranger",
            "intruder",
            "hitman",
            "suspect",
            "robber",
            "thief",
        ),
        "unidentified",
    ),
    # civilians: private individuals, mobs, family members
    **dict.fromkeys(
        (
            "mob",
            "crowd",
            "villager",
            "resident",
            "youth",
            "relative",
            "husband",
            "wife",
            "spouse",
            "boyfriend",
            "ex-husband",
            "ex-boyfriend",
            "stepfather",
            "landlord",
            "recipient",
            "beneficiary",
            "refugee",
            "idp",
            "passenger",
            "customer",
            "neighbour",
            "neighbor",
            "supporter",
            "vigilante",
            "settler",
            "civilian",
            "driver",
            "motorist",
            "member",
            "worker",
            "man",
            "woman",
            "men",
            "women",
            "people",
            "person",
            "individual",
            "group",
        ),
        "civilians",
    ),
    **dict.fromkeys(("rioter", "looter"), "rioters"),
    **dict.fromkeys(("protester", "protestor", "demonstrator", "marcher"), "protesters"),
    **dict.fromkeys(("company", "firm", "contractor", "employer"), "company"),
}

# People named by their relation to someone: private individuals when a statement
# says one of them was the attacker ("the attacker was her brother"). Not actor heads
# of their own: "his uncle said" names a source, not a party.
RELATION_HEADS: Final[frozenset[str]] = frozenset(
    {
        "father",
        "mother",
        "brother",
        "sister",
        "son",
        "daughter",
        "uncle",
        "aunt",
        "cousin",
        "nephew",
        "partner",
        "girlfriend",
        "in-law",
        "tenant",
        "colleague",
        "co-worker",
        "coworker",
        "acquaintance",
        "friend",
        "employee",
        "client",
        "patient",
        "shopkeeper",
        "trader",
        "vendor",
        "student",
        "classmate",
    }
)

# Generic person nouns: as a perpetrator with no other qualifier they are
# "unidentified" ("another man", "two men"), as a victim "civilians".
GENERIC_PERSON_HEADS: Final[frozenset[str]] = frozenset(
    {"man", "men", "woman", "women", "people", "person", "individual", "group", "member"}
)

# Modifiers that settle a head noun's type whatever the head says.
STATE_MODIFIERS: Final[frozenset[str]] = frozenset(
    {
        "police",
        "security",
        "army",
        "military",
        "government",
        "state",
        "riot",
        "traffic",
        "border",
        "prison",
        "intelligence",
        "plainclothes",
        "plain-clothes",
        "uniformed",
        "federal",
        "municipal",
        "naval",
        "navy",
        "presidential",
        "secret",
        "special",
        "counter-terrorism",
        "sheriff",
        "customs",
        "immigration",
        "national",
        "republican",
        "law",
        "enforcement",
    }
)
UNIDENTIFIED_MODIFIERS: Final[frozenset[str]] = frozenset(
    {"unidentified", "unknown", "masked", "hooded", "armed", "anonymous", "plainclothed", "unnamed"}
)
ARMED_GROUP_MODIFIERS: Final[frozenset[str]] = frozenset(
    {
        "rebel",
        "insurgent",
        "militant",
        "jihadist",
        "jihadi",
        "separatist",
        "islamist",
        "armed-group",
        "anti-government",
        "antigovernment",
        "terrorist",
        "extremist",
        "militia",
    }
)
COMPANY_MODIFIERS: Final[frozenset[str]] = frozenset({"private", "company", "corporate"})

# Head nouns that name a victim group, with the victim type they imply.
VICTIM_HEADS: Final[dict[str, str]] = {
    **dict.fromkeys(
        (
            "journalist",
            "reporter",
            "editor",
            "correspondent",
            "photographer",
            "photojournalist",
            "cameraman",
            "broadcaster",
            "blogger",
            "presenter",
            "newsreader",
            "anchor",
            "columnist",
            "publisher",
            "media",
        ),
        "journalists",
    ),
    **dict.fromkeys(
        (
            "activist",
            "defender",
            "campaigner",
            "co-leader",
            "co-founder",
            "founder",
            "advocate",
            "organiser",
            "organizer",
            "feminist",
            "unionist",
            "environmentalist",
            "dissident",
            "researcher",
        ),
        "activists",
    ),
    **dict.fromkeys(("lawyer", "attorney", "advocate", "barrister", "solicitor", "jurist"), "lawyers"),
    **dict.fromkeys(
        ("aid", "humanitarian", "staff", "staffer", "volunteer", "ngo", "deminer", "contractor"),
        "aid_workers",
    ),
    **dict.fromkeys(
        ("doctor", "nurse", "paramedic", "medic", "physician", "surgeon", "midwife", "health"),
        "health_workers",
    ),
    **dict.fromkeys(("protester", "protestor", "demonstrator", "marcher"), "protesters"),
    **dict.fromkeys(
        ("politician", "lawmaker", "legislator", "parliamentarian", "mp", "opposition", "candidate"),
        "political_opposition",
    ),
    **dict.fromkeys(("detainee", "prisoner", "inmate"), "detainees"),
    **dict.fromkeys(("student", "pupil", "schoolchild"), "students"),
    **dict.fromkeys(("child", "children", "boy", "girl", "minor", "teenager", "infant", "baby"), "children"),
    **dict.fromkeys(("priest", "pastor", "imam", "monk", "nun", "worshipper", "cleric"), "religious_group"),
    **dict.fromkeys(("refugee", "migrant", "idp", "villager", "farmer", "resident"), "civilians"),
    **dict.fromkeys(
        (
            "gay",
            "lesbian",
            "lgbt",
            "lgbtq",
            "lgbti",
            "lgbtqi",
            "lgbt+",
            "transgender",
            "queer",
            "homosexual",
            "bisexual",
        ),
        "lgbt",
    ),
}

# Words that, in the same noun phrase or apposition, make a named person LGBT or
# an activist when no occupation is stated.
GROUP_ACTIVIST_WORDS: Final[frozenset[str]] = frozenset(
    {"group", "organisation", "organization", "movement", "association", "coalition", "union", "ngo"}
)

APPROXIMATORS: Final[frozenset[str]] = frozenset(
    {"about", "around", "some", "approximately", "roughly", "nearly", "almost", "over", "more", "least", "up"}
)

# --- noun-phrase reading (see whodid.extract.phrases) ---------------------------------

DETERMINERS = frozenset(
    {"a", "an", "the", "another", "this", "that", "these", "those", "his", "her", "their", "its", "our"}
)
PERSON_TITLES = {
    "officer": "state_forces",
    "officers": "state_forces",
    "deputies": "state_forces",
    "agents": "state_forces",
    "troopers": "state_forces",
    "sgt": "state_forces",
    "sergeant": "state_forces",
    "deputy": "state_forces",
    "detective": "state_forces",
    "constable": "state_forces",
    "lt": "state_forces",
    "cpl": "state_forces",
    "corporal": "state_forces",
    "capt": "state_forces",
    "det": "state_forces",
    "ofc": "state_forces",
    "cmdr": "state_forces",
    "maj": "state_forces",
    "major": "state_forces",
    "col": "state_forces",
    "pvt": "state_forces",
    "private": "state_forces",
    "marshal": "state_forces",
    "ranger": "state_forces",
    "lieutenant": "state_forces",
    "captain": "state_forces",
    "colonel": "state_forces",
    "general": "state_forces",
    "commander": "state_forces",
    "inspector": "state_forces",
    "trooper": "state_forces",
    "minister": "state_forces",
    "governor": "state_forces",
    "president": "state_forces",
}
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir"})
MALE_HEADS = {
    "man": "male",
    "men": "male",
    "policeman": "male",
    "policemen": "male",
    "boy": "male",
    "husband": "male",
    "woman": "female",
    "women": "female",
    "policewoman": "female",
    "girl": "female",
    "wife": "female",
}
WEAK_STATE_HEADS = frozenset(
    {
        "service",
        "department",
        "unit",
        "administration",
        "personnel",
        "chief",
        "major",
        "general",
        "captain",
        "court",
        "judge",
        "ministry",
        "office",
        "official",
        "commander",
        "governor",
        "mayor",
        "inspector",
    }
)
WEAPON_HEADS = frozenset(
    {
        "mortar",
        "shell",
        "rocket",
        "missile",
        "bomb",
        "airstrike",
        "strike",
        "drone",
        "tank",
        "helicopter",
        "jet",
        "aircraft",
        "artillery",
        "bullet",
        "gunfire",
        "fire",
        "sniper",
        "shelling",
        "bombing",
        "bombardment",
        "warplane",
        "plane",
    }
)
ARMED_MEMBER_HEADS = frozenset({"element", "fighter", "member", "militant", "man", "men", "gunman", "unit"})
CIVILIAN_MODIFIERS = frozenset(
    {"community", "village", "local", "tribal", "family", "clan", "neighbourhood", "neighborhood"}
    # a private person described by their state: "an intoxicated man", "a disgruntled employee"
    | {"angry", "irate", "intoxicated", "drunk", "drunken", "disgruntled", "jealous", "enraged", "former"}
    # someone's employee: "a staff member" is a private person, never an unidentified attacker
    | {"staff"}
)
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})

# Humanitarian employers: their staff are aid workers whatever their job. Acronyms
# are matched case-sensitively ("UN", "WHO"), words in lower case.
AID_ACRONYMS: Final[frozenset[str]] = frozenset(
    {
        "NGO",
        "NGOs",
        "INGO",
        "INGOs",
        "NNGO",
        "UN",
        "UNICEF",
        "WFP",
        "UNHCR",
        "ICRC",
        "IFRC",
        "MSF",
        "UNRWA",
        "IOM",
        "WHO",
        "UNDP",
        "UNFPA",
        "OCHA",
        "UNOPS",
        "FAO",
        "NRC",
        "IRC",
        "DRC",
    }
)
# Organisations and their premises: never people, whoever runs them.
ORGANISATION_NOUNS: Final[frozenset[str]] = frozenset(
    {
        "agency",
        "organisation",
        "organization",
        "office",
        "compound",
        "facility",
        "clinic",
        "hospital",
        "mission",
        "programme",
        "program",
        "project",
        "charity",
        "foundation",
        "premises",
        "warehouse",
        "convoy",
        "vehicle",
        "truck",
        "car",
        "guesthouse",
    }
)
AID_WORDS: Final[frozenset[str]] = frozenset({"humanitarian", "aid", "relief", "ngo", "ingo"})

# Heads that are forces' ranks but also civilian jobs, told apart by their noun
# compounds ("police officer" vs "data officer").
JOB_TITLE_HEADS: Final[frozenset[str]] = frozenset(
    {"officer", "agent", "inspector", "guard", "official", "director"}
)
