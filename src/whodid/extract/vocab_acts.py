"""Lexicon of act triggers: verbs (lemmas) and nouns that report an act, and their act type.

The acts stage reads these off the dependency parse, with the trigger's agent
and patient; it never scans the whole text for keywords. Entries are domain
vocabulary of human-rights reporting, not phrases from any particular report.
"""

from typing import Final

VERB_ACTS: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("kill", "murder", "execute", "assassinate", "slaughter", "massacre", "behead", "lynch", "slay"),
        "killing",
    ),
    **dict.fromkeys(
        (
            "beat",
            "punch",
            "kick",
            "assault",
            "attack",
            "injure",
            "wound",
            "stab",
            "whip",
            "flog",
            "club",
            "manhandle",
            "ambush",
            "shock",
            "stun",
            "drag",
            "shove",
            "slap",
            "hit",
            "tase",
            "taser",
            "pepper-spray",
            "tackle",
            "choke",
            "strangle",
            "bludgeon",
            "batter",
            "brutalise",
            "brutalize",
            "maul",
            "lash",
            "shoot",
            "maim",
            "hurt",
        ),
        "physical_assault",
    ),
    **dict.fromkeys(("torture", "electrocute", "waterboard", "mutilate"), "torture"),
    **dict.fromkeys(("rape", "molest", "grope"), "sexual_violence"),
    **dict.fromkeys(
        ("arrest", "detain", "jail", "imprison", "incarcerate", "apprehend"), "arbitrary_detention"
    ),
    **dict.fromkeys(("abduct", "kidnap", "snatch"), "abduction"),
    **dict.fromkeys(
        ("threaten", "intimidate", "harass", "insult", "stalk", "menace", "surveil", "film", "photograph"),
        "harassment",
    ),
    **dict.fromkeys(("interrogate", "question"), "interrogation"),
    **dict.fromkeys(
        ("charge", "prosecute", "indict", "sentence", "convict", "fine", "sue"), "judicial_harassment"
    ),
    **dict.fromkeys(("expel", "deport", "evict", "banish", "exile", "displace"), "forced_displacement"),
    **dict.fromkeys(("escort",), "movement_restriction"),
    **dict.fromkeys(("disperse",), "assembly_interference"),
    **dict.fromkeys(("shell", "bomb", "bombard", "airstrike", "detonate"), "remote_violence"),
    **dict.fromkeys(
        (
            "loot",
            "rob",
            "steal",
            "burn",
            "torch",
            "ransack",
            "vandalise",
            "vandalize",
            "demolish",
            "raze",
            "plunder",
        ),
        "property_destruction",
    ),
    **dict.fromkeys(("censor",), "expression_restriction"),
}

# Verbs whose act depends on what they govern.
# Wounding verbs with other senses ("cut the power", "hack an account"): an act only on a person.
PERSON_ONLY_HARM: Final[frozenset[str]] = frozenset({"cut", "slash", "hack", "scald", "bite", "strike"})
PERSON_SEIZING_VERBS: Final[frozenset[str]] = frozenset({"seize", "grab", "nab", "take", "pick", "round"})
HOLDING_VERBS: Final[frozenset[str]] = frozenset({"hold", "keep", "lock"})
CUSTODY_NOUNS: Final[frozenset[str]] = frozenset(
    {
        "station",
        "custody",
        "jail",
        "prison",
        "cell",
        "detention",
        "precinct",
        "headquarters",
        "lockup",
        "barracks",
    }
)
FORCING_VERBS: Final[frozenset[str]] = frozenset(
    {"insist", "order", "force", "tell", "demand", "compel", "make"}
)
LEAVING_VERBS: Final[frozenset[str]] = frozenset({"leave", "depart", "go", "quit"})
GATHERING_NOUNS: Final[frozenset[str]] = frozenset(
    {
        "gathering",
        "meeting",
        "event",
        "protest",
        "demonstration",
        "rally",
        "march",
        "parade",
        "assembly",
        "sit-in",
        "vigil",
        "conference",
        "workshop",
        "celebration",
        "ceremony",
        "crowd",
        "strike",
    }
)
BREAKING_VERBS: Final[frozenset[str]] = frozenset(
    {"break", "disrupt", "ban", "storm", "raid", "block", "stop", "prevent"}
)
JUDICIAL_NOUNS: Final[frozenset[str]] = frozenset(
    {"charge", "prosecution", "case", "lawsuit", "trial", "indictment", "fine", "sentence", "summons"}
)
JUDICIAL_VERBS: Final[frozenset[str]] = frozenset(
    {"press", "file", "bring", "lay", "plan", "face", "level", "open"}
)
WEAPON_OBJECTS: Final[frozenset[str]] = frozenset(
    {
        "knife",
        "gun",
        "weapon",
        "machete",
        "bat",
        "stick",
        "rock",
        "car",
        "vehicle",
        "sword",
        "axe",
        "pipe",
        "hammer",
    }
)
# Seizing these silences someone (expression_restriction) ...
CONFISCATION_OBJECTS: Final[frozenset[str]] = frozenset(
    {
        "footage",
        "material",
        "leaflet",
        "banner",
        "newspaper",
        "publication",
        "book",
        "film",
        "recording",
        "notebook",
    }
)
# ... seizing these takes their property (property_destruction), as coders code a
# journalist's phone or camera taken by police.
BELONGINGS: Final[frozenset[str]] = frozenset(
    {
        "phone",
        "camera",
        "laptop",
        "computer",
        "passport",
        "money",
        "wallet",
        "belonging",
        "equipment",
        "car",
        "vehicle",
        "document",
        "card",
        "bag",
        "property",
        "device",
        "truck",
        "motorcycle",
        "goods",
    }
)
TAKING_VERBS: Final[frozenset[str]] = frozenset(
    {"seize", "confiscate", "take", "steal", "snatch", "grab", "loot"}
)
PROTECTIVE_VERBS: Final[frozenset[str]] = frozenset(
    {"protect", "intervene", "stop", "help", "prevent", "defend", "rescue"}
)
ATTACK_NOUNS: Final[frozenset[str]] = frozenset(
    {"attack", "assault", "beating", "violence", "attacker", "assailant"}
)

# Nouns that report an act when they are tied to a victim ("the arrest of X")
# or to a harm verb ("killed in an airstrike").
NOUN_ACTS: Final[dict[str, str]] = {
    **dict.fromkeys(("killing", "murder", "execution", "assassination", "massacre"), "killing"),
    **dict.fromkeys(("beating", "assault", "attack", "stabbing", "shooting"), "physical_assault"),
    **dict.fromkeys(("torture",), "torture"),
    **dict.fromkeys(("rape",), "sexual_violence"),
    **dict.fromkeys(("arrest", "detention", "imprisonment"), "arbitrary_detention"),
    **dict.fromkeys(("abduction", "kidnapping", "disappearance"), "abduction"),
    **dict.fromkeys(("interrogation",), "interrogation"),
    **dict.fromkeys(("expulsion", "deportation", "eviction"), "forced_displacement"),
    **dict.fromkeys(
        (
            "airstrike",
            "strike",
            "shelling",
            "bombing",
            "bombardment",
            "explosion",
            "blast",
            "ied",
            "landmine",
            "mine",
            "grenade",
            "mortar",
            "rocket",
            "missile",
            "bomb",
            "shell",
            "drone",
            "explosive",
            "shrapnel",
            "vbied",
            "bomber",
            "airstrikes",
        ),
        "remote_violence",
    ),
    **dict.fromkeys(("looting", "arson", "robbery", "theft"), "property_destruction"),
}
REMOTE_NOUNS: Final[frozenset[str]] = frozenset(k for k, v in NOUN_ACTS.items() if v == "remote_violence")
HARM_VERBS: Final[frozenset[str]] = frozenset(
    {
        "kill",
        "injure",
        "wound",
        "hit",
        "strike",
        "die",
        "destroy",
        "damage",
        "target",
        "explode",
        "detonate",
        "land",
    }
)
DEATH_VERBS: Final[frozenset[str]] = frozenset({"die", "succumb", "perish"})
# "was pronounced dead", "declared dead": a death, with these verbs only beside "dead"
DEATH_RECORD_VERBS: Final[frozenset[str]] = frozenset({"pronounce", "declare"})
DEATH_WORDS: Final[frozenset[str]] = frozenset({"dead", "death", "fatally", "killed", "lifeless", "deceased"})
ATTEMPT_VERBS: Final[frozenset[str]] = frozenset({"try", "attempt", "seek"})
HYPOTHETICAL_AUX: Final[frozenset[str]] = frozenset(
    {"would", "could", "might", "may", "should", "must", "will", "shall", "ought"}
)

# Acts whose patient is a person whatever noun names it ("beat a shopkeeper").
VIOLENT_ACTS: Final[frozenset[str]] = frozenset(
    {
        "killing",
        "physical_assault",
        "torture",
        "sexual_violence",
        "abduction",
        "arbitrary_detention",
        "interrogation",
    }
)
# Acts done to people (not to meetings, property or speech): a named person
# beside one of these may be among its victims.
ACTS_ON_PEOPLE: Final[frozenset[str]] = VIOLENT_ACTS | {
    "harassment",
    "judicial_harassment",
    "forced_displacement",
    "movement_restriction",
}
