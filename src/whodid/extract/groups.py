"""Named organisations: which kind of actor a force's or an armed group's name denotes.

Reports name perpetrators by organisation far more often than by person:
"Hayat Tahrir al-Sham", "the LRA", "SPLA-IO", "the Gendarmerie". Whether a
name is a state force or a non-state armed group is world knowledge, so it
lives in a lexicon; names the lexicon lacks are read by their form ("...
Liberation Army", "... Defence Forces", "... Brigades").

The longest matching name wins, so "Revolutionary Armed Forces of Colombia"
is the rebel group and not "armed forces", and "Arakan Army" is not "army".
Short acronyms are matched case-sensitively ("ELN", "LRA"), so "let" or "ira"
inside ordinary words never match.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

STATE = "state_forces"
ARMED = "non_state_armed_group"

# Names and name parts, lower case, matched on word boundaries.
NAMES: Final[dict[str, str]] = {
    # --- state forces (generic parts of official names) -----------------------------
    **dict.fromkeys(
        (
            "police",
            "policía",
            "polícia",
            "sheriff",
            "sheriff's department",
            "sheriff's office",
            "highway patrol",
            "swat",
            "gendarmerie",
            "army",
            "armed forces",
            "defense forces",
            "defence forces",
            "defense force",
            "defence force",
            "security forces",
            "security service",
            "security services",
            "national guard",
            "republican guard",
            "presidential guard",
            "coast guard",
            "border guard",
            "border police",
            "air force",
            "navy",
            "military",
            "ministry of",
            "tatmadaw",
            "carabinieri",
            "guardia civil",
            "national intelligence",
            "intelligence service",
            "wagner",
        ),
        STATE,
    ),
    # --- non-state armed groups: generic name parts ---------------------------------
    **dict.fromkeys(
        (
            "liberation army",
            "liberation front",
            "liberation movement",
            "resistance army",
            "resistance movement",
            "resistance front",
            "people's army",
            "revolutionary army",
            "revolutionary armed forces",
            "revolutionary front",
            "independence army",
            "people's defence force",
            "people's defense force",
            "people's defence forces",
            "people's defense forces",
            "self-defence forces",
            "self-defense forces",
            "self-defence group",
            "self-defense group",
            "army-in-opposition",
            "army in opposition",
            "in-opposition",
            "militia",
            "militias",
            "cartel",
            "brigades",
            "mujahideen",
            "mujahidin",
            "emirate",
            "jihad",
            "ethnic militia",
            "armed group",
            "gang",
            "gangs",
        ),
        ARMED,
    ),
}

# Organisations by name: also found in running text that the model did not tag.
KNOWN_GROUPS: Final[dict[str, str]] = {
    **dict.fromkeys(
        (
            # Middle East and North Africa
            "hayat tahrir al-sham",
            "tahrir al-sham",
            "jabhat al-nusra",
            "al-nusra",
            "nusra front",
            "ahrar al-sham",
            "jaysh al-islam",
            "free syrian army",
            "syrian national army",
            "syrian democratic forces",
            "hurras al-din",
            "islamic state",
            "daesh",
            "al-qaeda",
            "al qaeda",
            "al-qaida",
            "hamas",
            "qassam brigades",
            "al-aqsa martyrs",
            "hezbollah",
            "hizbollah",
            "kataib hezbollah",
            "kata'ib hezbollah",
            "asa'ib ahl al-haq",
            "houthi",
            "houthis",
            "ansar allah",
            "ansarallah",
            "kurdistan workers",
            "saraya",
            # Sub-Saharan Africa
            "boko haram",
            "al-shabaab",
            "al shabaab",
            "al-shabab",
            "al shabab",
            "shabaab",
            "jama'at nusrat al-islam",
            "ansar dine",
            "ansar al-islam",
            "ansaru",
            "katiba macina",
            "lord's resistance army",
            "rapid support forces",
            "janjaweed",
            "justice and equality movement",
            "sudan liberation army",
            "mai-mai",
            "mai mai",
            "raia mutomboki",
            "nyatura",
            "codeco",
            "anti-balaka",
            "seleka",
            "séléka",
            "ex-seleka",
            "ex-séléka",
            "amba boys",
            "tigray defense forces",
            "tigray defence forces",
            "fano",
            "ahlu sunna wal jamaa",
            # Asia
            "taliban",
            "tehrik-i-taliban",
            "tehreek-e-taliban",
            "islamic emirate",
            "haqqani network",
            "lashkar-e-taiba",
            "lashkar-e-toiba",
            "jaish-e-mohammed",
            "hizbul mujahideen",
            "new people's army",
            "abu sayyaf",
            "moro islamic liberation front",
            "bangsamoro islamic freedom fighters",
            "maute",
            "arakan army",
            "kachin independence army",
            "karen national liberation army",
            "ta'ang national liberation army",
            "maoist",
            "maoists",
            "naxal",
            "naxalite",
            "naxalites",
            "tamil tigers",
            # Americas and Europe
            "clan del golfo",
            "gulf clan",
            "autodefensas gaitanistas",
            "shining path",
            "sendero luminoso",
            "mara salvatrucha",
            "barrio 18",
            "400 mawozo",
            "mawozo",
            "tren de aragua",
            "comando vermelho",
        ),
        ARMED,
    ),
    **dict.fromkeys(("wagner group", "pmc wagner"), STATE),
}

# Acronyms: matched with their case as written, on word boundaries.
ACRONYMS: Final[dict[str, str]] = {
    **dict.fromkeys(("LAPD", "LASD", "NYPD", "CHP", "FBI", "ICE", "FSB", "IDF", "SWAT", "DEA", "ATF"), STATE),
    **dict.fromkeys(
        (
            "HTS",
            "SDF",
            "YPG",
            "YPJ",
            "PKK",
            "ISIS",
            "ISIL",
            "IS",
            "ISWAP",
            "ISGS",
            "ISKP",
            "AQIM",
            "AQAP",
            "JNIM",
            "MUJAO",
            "LRA",
            "RSF",
            "JEM",
            "SLA",
            "SPLA-IO",
            "SPLM-IO",
            "SPLA-N",
            "SPLM-N",
            "FDLR",
            "ADF",
            "M23",
            "CNDP",
            "FPRC",
            "FDPC",
            "MPC",
            "3R",
            "UPC",
            "TDF",
            "OLA",
            "TTP",
            "BLA",
            "NPA",
            "MILF",
            "BIFF",
            "KIA",
            "KNLA",
            "TNLA",
            "ULFA",
            "LTTE",
            "FARC",
            "FARC-EP",
            "ELN",
            "EPL",
            "AGC",
            "MS-13",
            "CJNG",
            "ETA",
        ),
        ARMED,
    ),
}


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    def words(table: dict[str, str], flags: re.RegexFlag = re.IGNORECASE) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-])(?:{alternation(list(table))})(?![\w-])", flags)

    return words(NAMES), words(KNOWN_GROUPS), words(ACRONYMS, re.NOFLAG)


def skeleton(name: str) -> str:
    """A name's spelling-independent form: transliterated to ASCII, lower case,
    punctuation as spaces, doubled letters single ("Al-Shabaab", "al Shabab" and
    "Al Shaabab" are one skeleton). Reports transliterate group names every which way."""
    from anyascii import anyascii

    flat = re.sub(r"[^a-z0-9]+", " ", anyascii(name).lower().replace("'", "").replace("’", ""))
    return " ".join(re.sub(r"([a-z])\1+", r"\1", flat).split())


@lru_cache(maxsize=1)
def _skeletons() -> dict[str, str]:
    # short names are left to exact matching: their skeletons collide with words
    return {k: kind for name, kind in KNOWN_GROUPS.items() if len(k := skeleton(name)) >= 7}


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(k.split(" ")[0] for k in _skeletons())


_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
MAX_NAME_WORDS = 6


def _variant_matches(text: str) -> list[tuple[int, int, str]]:
    """Known groups spelled otherwise than in the lexicon, starting at a capital."""
    table = _skeletons()
    firsts = _first_words()
    tokens = list(_TOKEN.finditer(text))
    found = []
    for i, first in enumerate(tokens):
        if not first.group(0)[:1].isupper() or skeleton(first.group(0)).split(" ")[0] not in firsts:
            continue
        for j in range(i, min(i + MAX_NAME_WORDS, len(tokens))):
            kind = table.get(skeleton(text[first.start() : tokens[j].end()]))
            if kind is not None:
                found.append((first.start(), tokens[j].end(), kind))
    return found


def _matches(text: str, names_too: bool) -> list[tuple[int, int, str]]:
    names, known, acronyms = _patterns()
    found = [(m.start(), m.end(), KNOWN_GROUPS[m.group(0).lower()]) for m in known.finditer(text)]
    found += _variant_matches(text)
    found += [(m.start(), m.end(), ACRONYMS[m.group(0)]) for m in acronyms.finditer(text)]
    if names_too:
        found += [(m.start(), m.end(), NAMES[m.group(0).lower()]) for m in names.finditer(text)]
    return found


def named_group_type(text: str) -> str | None:
    """The actor type a name denotes, from its longest known part; None if unknown.

    >>> named_group_type("Revolutionary Armed Forces of Colombia")
    'non_state_armed_group'
    >>> named_group_type("the Nigerian Armed Forces")
    'state_forces'
    """
    found = _matches(text, names_too=True)
    return max(found, key=lambda m: m[1] - m[0])[2] if found else None


def known_groups(text: str) -> list[tuple[int, int, str]]:
    """Character spans and types of the organisations the lexicon knows by name,
    longest first where they overlap, in text order."""
    spans: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(_matches(text, names_too=False), key=lambda m: m[0] - m[1]):
        if all(end <= s or start >= e for s, e, _ in spans):
            spans.append((start, end, kind))
    return sorted(spans)
