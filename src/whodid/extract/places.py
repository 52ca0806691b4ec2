"""The ``places`` stage: where did it happen?

Finds place mentions in the parse (named entities, capitalised names after "in",
"at", "near"... that the gazetteer knows, names before "town", "district",
"province"..., datelines, US police agencies named after their city or county),
nationality adjectives as country evidence, and sites ("a police station", "the
hotel"); resolves them against :mod:`whodid.extract.gazetteer` with the country
and region the rest of the text implies; tells the incident's places from
residences, destinations and photo captions; and picks the most precise place of
the main incident as ``analysis.main_place``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from whodid.extract import gazetteer
from whodid.extract.gazetteer import Candidate, Gazetteer, norm
from whodid.extract.pipeline import Analysis, PlaceMention, stage
from whodid.model import Place, Provenance

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span

# words that follow a place name and say what kind of place it is
SUFFIXES: dict[str, str] = {
    "town": "city",
    "city": "city",
    "village": "city",
    "villages": "city",
    "township": "city",
    "municipality": "city",
    "commune": "city",
    "suburb": "city",
    "neighbourhood": "city",
    "neighborhood": "city",
    "quarter": "city",
    "area": "city",
    "district": "district",
    "tehsil": "district",
    "payam": "district",
    "county": "county",
    "division": "district",
    "territory": "district",
    "subdistrict": "district",
    "province": "admin1",
    "state": "admin1",
    "region": "admin1",
    "governorate": "admin1",
    "oblast": "admin1",
    "prefecture": "admin1",
    "department": "admin1",
    "camp": "site",
}
PLACE_PREPS = frozenset(
    [
        "in",
        "at",
        "near",
        "of",
        "from",
        "to",
        "outside",
        "around",
        "inside",
        "between",
        "and",
        "through",
        "across",
        "towards",
        "toward",
        "into",
        "within",
        "by",
        "via",
        "on",
    ]
)
# prepositions after which a capitalised word is very likely a place
STRONG_PREPS = frozenset(
    [
        "in",
        "at",
        "near",
        "outside",
        "around",
        "inside",
        "between",
        "through",
        "across",
        "towards",
        "toward",
        "into",
    ]
)
# capitalised words that are never places here, whatever the gazetteer says
NOT_PLACES = frozenset(
    [
        "police",
        "officer",
        "officers",
        "deputy",
        "deputies",
        "sheriff",
        "sergeant",
        "sgt",
        "lieutenant",
        "captain",
        "chief",
        "detective",
        "agent",
        "agents",
        "trooper",
        "army",
        "military",
        "court",
        "government",
        "ministry",
        "minister",
        "president",
        "prime",
        "governor",
        "mayor",
        "senator",
        "judge",
        "justice",
        "national",
        "international",
        "united",
        "nations",
        "union",
        "security",
        "forces",
        "force",
        "federal",
        "state",
        "republic",
        "democratic",
        "people",
        "peoples",
        "islamic",
        "red",
        "cross",
        "crescent",
        "society",
        "foundation",
        "centre",
        "center",
        "hospital",
        "university",
        "college",
        "school",
        "street",
        "avenue",
        "road",
        "highway",
        "freeway",
        "boulevard",
        "station",
        "airport",
        "church",
        "mosque",
        "hotel",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "christmas",
        "easter",
        "ramadan",
        "eid",
        "god",
        "allah",
        "christian",
        "muslim",
        "jewish",
        "catholic",
        "orthodox",
        "human",
        "rights",
        "watch",
        "amnesty",
        "reuters",
        "associated",
        "press",
        "afp",
        "telegraph",
        "post",
        "times",
        "guardian",
        "bbc",
        "cnn",
        "facebook",
        "twitter",
        "youtube",
        "whatsapp",
        "telegram",
        "instagram",
        "google",
        "apple",
        "internet",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "madam",
        "lord",
        "justice",
        "liberty",
        "freedom",
        "victory",
        "hope",
        "independence",
        "unity",
        "peace",
        "progress",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "target",
        "walmart",
        "mcdonalds",
    ]
)
ACT_LEMMAS = frozenset(
    [
        "kill",
        "shoot",
        "arrest",
        "detain",
        "abduct",
        "kidnap",
        "beat",
        "attack",
        "assault",
        "torture",
        "rape",
        "injure",
        "wound",
        "seize",
        "disperse",
        "expel",
        "deport",
        "hold",
        "ambush",
        "die",
        "harass",
        "threaten",
        "raid",
        "storm",
        "bomb",
        "shell",
        "explode",
        "stab",
        "punch",
        "stop",
        "rob",
        "loot",
        "burn",
        "disappear",
        "fire",
        "clash",
        "break",
        "protest",
        "strike",
        "hit",
        "capture",
        "execute",
        "behead",
        "murder",
        "slay",
        "massacre",
        "taser",
        "tase",
        "chase",
        "pursue",
        "crash",
        "confront",
        "interrogate",
        "question",
        "summon",
        "imprison",
        "jail",
        "sentence",
        "charge",
        "evict",
        "demolish",
        "destroy",
        "round",
        "snatch",
        "grab",
        "tear",
        "manhandle",
    ]
)
# heads that make a nationality adjective strong country evidence ("Kazakh authorities")
STATE_HEADS = frozenset(
    [
        "authorities",
        "authority",
        "police",
        "army",
        "military",
        "forces",
        "force",
        "soldiers",
        "soldier",
        "troops",
        "government",
        "officials",
        "official",
        "security",
        "regime",
        "gendarmerie",
        "court",
        "courts",
        "guard",
        "guards",
        "agents",
        "navy",
        "coastguard",
        "ministry",
        "state",
        "judiciary",
        "prosecutors",
        "prosecutor",
        "officers",
        "militia",
        "red",
        "cross",
        "crescent",
        "territory",
        "border",
        "capital",
        "parliament",
        "congress",
        "president",
    ]
)
SITE_WORDS: dict[str, str] = {
    "hotel": "hotel",
    "police station": "police station",
    "station": "station",
    "airport": "airport",
    "refugee camp": "refugee camp",
    "camp": "camp",
    "hospital": "hospital",
    "clinic": "clinic",
    "office": "office",
    "compound": "compound",
    "guest house": "guest house",
    "guesthouse": "guest house",
    "market": "market",
    "checkpoint": "checkpoint",
    "prison": "prison",
    "jail": "jail",
    "school": "school",
    "university": "university",
    "mosque": "mosque",
    "church": "church",
    "courthouse": "courthouse",
    "home": "home",
    "house": "house",
    "residence": "residence",
    "apartment": "apartment",
    "parliament": "parliament",
    "embassy": "embassy",
    "base": "base",
    "bazaar": "bazaar",
    "restaurant": "restaurant",
    "mall": "mall",
    "parking lot": "parking lot",
    "highway": "highway",
    "road": "road",
    "street": "street",
}
AGENCY_WORDS = frozenset(
    [
        "police",
        "sheriff",
        "sheriff's",
        "sheriffs",
        "pd",
        "department",
        "deputies",
        "deputy",
        "officers",
        "officer",
        "highway",
        "patrol",
        "marshal",
        "marshals",
        "constabulary",
    ]
)
CONTINENTS = frozenset(
    (
        "africa",
        "europe",
        "asia",
        "oceania",
        "antarctica",
        "australasia",
        "americas",
        "latin america",
        "south america",
        "north america",
        "central america",
        "middle east",
        "near east",
        "far east",
        "caucasus",
        "north caucasus",
        "balkans",
        "sahel",
        "maghreb",
        "levant",
        "gulf",
        "persian gulf",
        "horn of africa",
        "west africa",
        "east africa",
        "central africa",
        "southern africa",
        "north africa",
        "central asia",
        "south asia",
        "southeast asia",
        "east asia",
        "scandinavia",
        "eurasia",
        "sub saharan africa",
        "caribbean",
        "pacific",
        "atlantic",
        "mediterranean",
    )
)
STREET_WORDS = frozenset(
    [
        "street",
        "st",
        "avenue",
        "ave",
        "road",
        "rd",
        "boulevard",
        "blvd",
        "freeway",
        "highway",
        "hwy",
        "drive",
        "lane",
        "way",
        "parkway",
        "expressway",
        "bridge",
        "square",
        "plaza",
        "park",
        "mall",
    ]
)
_RESIDENCE_AFTER = re.compile(
    r"^\W{0,3}(?:where|in which)\s+(?:he|she|they|we|i|the \w+)\s+(?:live|lives|lived|reside|resides)\b"
)
_RESIDENCE_BEFORE = re.compile(
    r"\b(?:resident of|residents of|native of|lives? in|living in|lived in|born in|hometown(?: of)?|"
    r"home town(?: of)?|based in|headquartered in|moved to|relocated to|fled to|fled from|flew to|"
    r"travel(?:led|ed)? back to|back to|returned to|return to|deported to|expelled to|"
    r"border with|embassy in|studying in|studied in|exile in|went to|go to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_OTHER_AFTER = re.compile(
    r"^\s*(?:-|–)?\s*(?:resident|residents|native|born|based|headquartered)\b", re.IGNORECASE
)
_CAPTION = re.compile(
    r"©|\bGetty\b|\(Photo|\bphoto:|\bAFP via\b|\bfile photo\b|/AFP\b|/Reuters\b|\bREUTERS/", re.IGNORECASE
)
_DATELINE = re.compile(
    r"^[ \t]*(?:\([A-Z/]{2,20}\)[ \t]*[-–—][ \t]*|[A-Z]{2,10}/)?"
    r"(?P<place>[A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,3})"
    r"(?:,[ \t]*(?P<extra>[^\n–—:|]{1,40}?))?[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*(?:[-–—:]|$)",
    re.MULTILINE,
)
_ORG_DATELINE = re.compile(r"^[ \t]*\((?P<place>[A-Z][\w .'-]{1,40})\)[ \t]*[-–—]", re.MULTILINE)


# mentions that are no place names: nationality adjectives, countries in organisations' names,
# words that point at one country ("payam", "UNMISS")
_NOT_NAMES = ("demonym", "orgcountry", "cue")
_BORDER_BEFORE = re.compile(
    r"\b(?:borders?(?:ing)? (?:with|of)|bordering|frontier with|crossed (?:in)?to|cross (?:in)?to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    kind: str  # gpe, site, demonym, region, agency
    sent: int
    hint: str | None = None  # feature the suffix asks for: city, district, admin1, county, site
    strong: bool = True  # from NER or a strong context; weak ones need a context-agreeing entry
    dateline: bool = False
    role: str = "incident"
    near: bool = False
    ner: bool = False  # the model tagged it a place
    attributive: bool = False  # "a Compton truck yard"
    to: bool = False  # after "to": a destination more often than the scene
    origin: bool = False  # after "from": where someone came from
    demonym_strength: int = 0  # 2 state/forces, 1 persons
    border: bool = False  # "the border with Mali": a neighbour, not where it happened
    cue_country: str | None = None  # kind "cue": the country the word points at
    cands: list[Candidate] = field(default_factory=list)
    chosen: Candidate | None = None


def _sentence_index(doc: Doc) -> list[int]:
    idx = [0] * len(doc)
    for i, sent in enumerate(doc.sents):
        for t in range(sent.start, sent.end):
            idx[t] = i
    return idx


def _act_sentences(doc: Doc) -> list[int]:
    out = []
    for i, sent in enumerate(doc.sents):
        if any(t.lemma_.lower() in ACT_LEMMAS and t.pos_ in ("VERB", "NOUN", "AUX") for t in sent) or any(
            t.lower_ in ("airstrike", "airstrikes", "shelling", "killed", "shot") for t in sent
        ):
            out.append(i)
    return out


def _clean_span(doc: Doc, start: int, end: int, gz: Gazetteer | None = None) -> tuple[int, int, str | None]:
    """Trim determiners, possessives and a trailing kind word; return the kind word's hint."""
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    hint = None
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    if (
        end - start > 1
        and doc[end - 1].lower_ in SUFFIXES
        and (
            gz is None
            or not gz.knows(doc[start:end].text)
            or doc[end - 1].lower_ in ("province", "state", "region", "district", "governorate")
        )
    ):
        hint = SUFFIXES[doc[end - 1].lower_]
        end -= 1
    return start, end, hint


def _following_hint(doc: Doc, end: int) -> str | None:
    if end < len(doc) and doc[end].lower_ in SUFFIXES:
        if doc[end].lower_ == "area" and end + 1 < len(doc) and doc[end + 1].lower_ != ",":
            return "city"
        return SUFFIXES[doc[end].lower_]
    return None


def _find_mentions(doc: Doc, gz: Gazetteer, sent_of: list[int]) -> list[_Mention]:
    text = doc.text
    mentions: list[_Mention] = []
    covered = [False] * len(doc)
    # words of people's names: "Herrera was killed" is not the Panamanian province
    person_words = {t.lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}

    def syntax_strong(start: int, end: int, hint: str | None) -> bool:
        prev = doc[start - 1].lower_ if start > 0 else ""
        return prev in STRONG_PREPS or hint is not None or after_place(start) or apposed_region(start, end)

    def add(start: int, end: int, kind: str, hint: str | None, strong: bool, ner: bool = False) -> bool:
        if start >= end:
            return False
        span = doc[start:end]
        m = _Mention(
            span.start_char, span.end_char, span.text, kind, sent_of[start], hint=hint, strong=strong
        )
        m.ner = ner
        prev = doc[start - 1].lower_ if start > 0 else ""
        if prev in ("near", "outside", "around") or (
            start > 1
            and doc[start - 1].lower_ == "of"
            and doc[start - 2].lower_
            in (
                "south",
                "north",
                "east",
                "west",
                "outskirts",
                "km",
                "kms",
                "kilometres",
                "kilometers",
                "miles",
            )
        ):
            m.near = True
        m.to = prev == "to"
        m.origin = prev == "from"
        m.attributive = (prev in ("a", "the") and start > 1 and doc[start - 2].lower_ in PLACE_PREPS) or (
            end < len(doc) and doc[end].text in ("'s", "’s")
        )
        if end - start == 1 and span.text.lower() in person_words and not m.strong:
            return False
        mentions.append(m)
        for i in range(start, end):
            covered[i] = True
        return True

    def after_place(start: int) -> bool:
        # "Dogo town, Mopti" / "Ngala, Borno State": a name in apposition to a place
        if start < 2 or doc[start - 1].text != ",":
            return False
        k = start - 2
        if doc[k].lower_ in SUFFIXES:
            k -= 1
        return k >= 0 and any(m.start <= doc[k].idx < m.end and m.kind != "demonym" for m in mentions)

    def apposed_region(start: int, end: int) -> bool:
        # ", Jonglei" / ", Upper Nile" after any name: a known region or country
        if start < 1 or doc[start - 1].text != ",":
            return False
        cands = gz.lookup(doc[start:end].text)
        if not cands or not cands[0].primary or cands[0].generic:
            return False
        return cands[0].feature in ("admin1", "country") or cands[0].population >= 100000

    for ent in doc.ents:
        if ent.label_ == "NORP":
            head = ent.root.head
            strength = 1
            if head.lower_ in STATE_HEADS or any(t.lower_ in STATE_HEADS for t in doc[ent.end : ent.end + 3]):
                strength = 2
            m = _Mention(
                ent.start_char,
                ent.end_char,
                ent.text,
                "demonym",
                sent_of[ent.start],
                demonym_strength=strength,
            )
            mentions.append(m)
            for i in range(ent.start, ent.end):
                covered[i] = True
            continue
        if ent.label_ in ("GPE", "LOC", "FAC"):
            # "Yaounde, Centre": one mention per comma-separated part
            fac_unknown = False
            parts: list[tuple[int, int]] = []
            p0 = ent.start
            for i in range(ent.start, ent.end):
                if doc[i].text == ",":
                    parts.append((p0, i))
                    p0 = i + 1
            parts.append((p0, ent.end))
            for ps, pe in parts:
                start, end, hint = _clean_span(doc, ps, pe, gz)
                hint = hint or _following_hint(doc, end)
                name = doc[start:end].text if end > start else ""
                street = end < len(doc) and doc[end].lower_ in STREET_WORDS and doc[end].text[:1].isupper()
                if not name or norm(name) in CONTINENTS or street:
                    continue
                if ent.label_ == "FAC" and not gz.knows(name):
                    fac_unknown = True
                    continue
                if gz.demonym(name) and not gz.knows(name):
                    continue
                strong = syntax_strong(start, end, hint) or (ps > ent.start)
                add(start, end, "gpe", hint, strong, ner=True)
            if not fac_unknown:  # "the military base in Damboa": names inside stay findable
                for i in range(ent.start, ent.end):
                    covered[i] = True
            continue
        if ent.label_ in ("ORG", "PERSON") and _add_parts(doc, ent, gz, add, syntax_strong):
            for i in range(ent.start, ent.end):
                covered[i] = True
            continue
        if ent.label_ in ("ORG", "PERSON"):
            start, end, hint = _clean_span(doc, ent.start, ent.end, gz)
            # an agency named after its place: "Azusa Police", "Los Angeles County Sheriff's Department"
            cut = next((i for i in range(start, end) if doc[i].lower_ in AGENCY_WORDS), None)
            if cut is None and end < len(doc) and doc[end].lower_ in AGENCY_WORDS:
                cut = end
            done = False
            if (ent.label_ == "ORG" or cut == end) and cut is not None and cut > start:
                pstart, pend, phint = _clean_span(doc, start, cut, gz)
                if pend > pstart and gz.knows(doc[pstart:pend].text):
                    add(pstart, pend, "agency", phint, True)
                    done = True
            if not done and end > start:
                prev = doc[start - 1].lower_ if start > 0 else ""
                name = doc[start:end].text
                following = hint or _following_hint(doc, end)
                strong = syntax_strong(start, end, following)
                if (
                    (strong or prev in PLACE_PREPS)
                    and end - start <= 4
                    and gz.knows(name)
                    and norm(name) not in CONTINENTS
                ):
                    add(start, end, "gpe", following, strong)
                    done = True
            if not done and start > 0:
                # "of the Victorville Target", "Santa Barbara's annual fiesta": a place as an adjective
                before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
                lead = before in ("a", "the") and ent.start > 1 and doc[ent.start - 2].lower_ in PLACE_PREPS
                # "in the Victorville Target": the determiner was trimmed from the name
                det_lead = (
                    doc[start - 1].lower_ in ("a", "an", "the")
                    and start > 1
                    and doc[start - 2].lower_ in PLACE_PREPS
                )
                # "at a Compton truck yard": the whole name, when a common noun follows
                noun_after = end < len(doc) and doc[end].pos_ == "NOUN" and doc[end].text.islower()
                if lead or det_lead or doc[start - 1].lower_ in PLACE_PREPS:
                    for k in range(min(end, start + 3), start, -1):
                        name = doc[start:k].text
                        if (
                            (k < end or noun_after)
                            and gz.knows(name)
                            and doc[k - 1].lower_ not in NOT_PLACES
                            # "by the Israel Defense Forces": a country in a name is no scene
                            and (lead or not gz.country(name))
                        ):
                            if add(start, k, "gpe", None, False):
                                mentions[-1].attributive = True
                            done = True
                            break
            if not done and ent.label_ == "ORG":
                # "the Nigerian Armed Forces": a demonym; "Islamic Emirate of Afghanistan": weak evidence
                state = any(t.lower_ in STATE_HEADS for t in doc[start:end])
                for t in doc[start:end]:
                    if not t.text[:1].isupper():
                        continue
                    if gz.demonym(t.text):
                        mentions.append(
                            _Mention(
                                t.idx,
                                t.idx + len(t),
                                t.text,
                                "demonym",
                                sent_of[t.i],
                                demonym_strength=2 if state else 1,
                            )
                        )
                        break
                    if gz.country(t.text):
                        mentions.append(_Mention(t.idx, t.idx + len(t), t.text, "orgcountry", sent_of[t.i]))
                        break
            for i in range(ent.start, ent.end):
                covered[i] = True
            continue
        if ent.label_ in ("DATE", "TIME", "MONEY", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "LANGUAGE"):
            for i in range(ent.start, ent.end):
                # the model also calls towns dates ("in Damboa"): capitalised words stay findable
                covered[i] = not doc[i].text[:1].isupper() or doc[i].lower_ in NOT_PLACES

    # place acronyms: "LAPD", "CHP"
    for i, tok in enumerate(doc):
        if not covered[i] and tok.text in gz.acronyms and tok.text not in ("US", "UK"):
            add(i, i + 1, "agency", None, True)

    # capitalised names the model missed, after a place preposition or before a kind word
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if covered[i] or not tok.text[:1].isupper() or tok.lower_ in NOT_PLACES or not tok.text[:1].isalpha():
            i += 1
            continue
        if i > 0 and doc[i - 1].text in ("-", "‐") and not doc[i - 1].whitespace_:
            i += 1  # the end of a hyphenated name ("Shahr-e-Buzurg"): not a name of its own
            continue
        j = i
        while (
            j < n
            and not covered[j]
            and (doc[j].text[:1].isupper() or doc[j].text in ("-", "'"))
            and j - i < 4
        ):
            j += 1
        prev = doc[i - 1].lower_ if i > 0 else ""
        # "at a Compton truck yard", "of the Victorville Target": a place used as an adjective
        attributive = prev in ("a", "the") and i > 1 and doc[i - 2].lower_ in PLACE_PREPS
        hint = _following_hint(doc, j)
        street = (j < n and doc[j].lower_ in STREET_WORDS and doc[j].text[:1].isupper()) or (
            j - i > 1 and doc[j - 1].lower_ in STREET_WORDS
        )
        if not street and (prev in PLACE_PREPS or hint or attributive or prev == ","):
            # the longest known prefix of the run
            for k in range(j, i, -1):
                name = doc[i:k].text
                if doc[k - 1].lower_ in NOT_PLACES and k - i == 1:
                    continue
                if gz.knows(name):
                    h = hint if k == j else None
                    strong = syntax_strong(i, k, h) and not attributive
                    if prev == "," and not strong:
                        break
                    add(i, k, "gpe", h, strong)
                    break
        i = max(j, i + 1)

    # datelines ("BEIJING -", "KAMPALA (Reuters) -", "Moscow, May 27, Interfax -")
    for dm in _DATELINE.finditer(text):
        place = dm.group("place").strip()
        pstart, pend = dm.start("place"), dm.end("place")
        if not _line_start(text, pstart):
            continue
        cands = gz.lookup(place)
        if not cands or cands[0].feature not in ("city", "country", "admin1") or not cands[0].primary:
            continue
        for mm in mentions:
            if mm.start == pstart:
                mm.dateline = True
                mm.strong = True
                break
        else:
            span = doc.char_span(pstart, pend, alignment_mode="expand")
            if span is None:
                continue
            mentions.append(_Mention(pstart, pend, place, "gpe", sent_of[span.start], dateline=True))
    # words that point at one country ("Bagari payam", "UNMISS peacekeepers")
    for pattern in _cue_patterns(gz):
        for cm in pattern.finditer(text):
            span = doc.char_span(cm.start(), cm.end(), alignment_mode="expand")
            if span is None:
                continue
            cue = cm.group(0)
            iso = gz.country_cues.get(cue) or gz.country_cues.get(cue.lower())
            mentions.append(
                _Mention(cm.start(), cm.end(), cue, "cue", sent_of[span.start], strong=False, cue_country=iso)
            )
    for om in _ORG_DATELINE.finditer(text):
        for mm in mentions:
            if om.start("place") <= mm.start < om.end("place"):
                mm.role = "other"
    mentions.sort(key=lambda m: m.start)
    return mentions


@lru_cache(maxsize=4)
def _cue_patterns(gz: Gazetteer) -> tuple[re.Pattern[str], ...]:
    """Regexes of the gazetteer's country cues: lower-case ones in any case, others as written."""
    out = []
    for flags, cues in (
        (re.IGNORECASE, [c for c in gz.country_cues if c.islower()]),
        (0, [c for c in gz.country_cues if not c.islower()]),
    ):
        if cues:
            alts = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
            out.append(re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", flags))
    return tuple(out)


def _add_parts(
    doc: Doc,
    ent: Span,
    gz: Gazetteer,
    add: Callable[[int, int, str, str | None, bool], bool],
    syntax_strong: Callable[[int, int, str | None], bool],
) -> bool:
    """An organisation or person entity with a comma is often a place list ("Mobye, Shan state"):
    add its known parts as places; False when none is a place."""
    commas = [i for i in range(ent.start, ent.end) if doc[i].text == ","]
    if not commas:
        return False
    bounds = [ent.start, *[c + 1 for c in commas]]
    ends = [*commas, ent.end]
    found = []
    for ps, pe in zip(bounds, ends, strict=True):
        start, end, hint = _clean_span(doc, ps, pe, gz)
        hint = hint or _following_hint(doc, end)
        name = doc[start:end].text if end > start else ""
        if not name or norm(name) in CONTINENTS or doc[start].lower_ in NOT_PLACES or not gz.knows(name):
            continue
        found.append((start, end, hint, ps > ent.start))
    if not found:
        return False
    for start, end, hint, later in found:
        add(start, end, "gpe", hint, syntax_strong(start, end, hint) or later)
    return True


def _line_start(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip() or bool(
        re.fullmatch(r"\s*(?:\(?[A-Z/]{2,12}\)?\s*[-–—/]\s*)", text[line_start:pos])
    )


def _assign_roles(doc: Doc, text: str, mentions: list[_Mention]) -> None:
    for m in mentions:
        if m.role != "incident":
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        line_end = text.find("\n", m.end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if _CAPTION.search(line):
            m.role = "other"
            continue
        before = text[max(0, m.start - 40) : m.start]
        after = text[m.end : m.end + 60]
        if _BORDER_BEFORE.search(before):
            m.role = "other"
            m.border = True
            continue
        if (
            _RESIDENCE_AFTER.search(after)
            or re.search(r"\b(?:lives?|living|resides?|residing|born) in (?:the )?$", before, re.I)
            or _OTHER_AFTER.search(after)
        ):
            m.role = "residence"
        elif _RESIDENCE_BEFORE.search(before):
            m.role = "other"
        elif re.search(r"(?:^|\W)(?:of|from)\s+$", before) and re.search(
            r"[A-Z][a-z]+,\s*(?:\d+,\s*)?of\s+$", before
        ):
            m.role = "residence"  # "Barnes, of Pasadena," / "Ali, 25, of Idlib"


def _demonym_country(gz: Gazetteer, text: str) -> str | None:
    words = text.split()
    for k in range(len(words), 0, -1):
        iso = gz.demonym(" ".join(words[:k]))
        if iso:
            return iso
    return gz.demonym(words[-1]) if words else None


def _confident(m: _Mention) -> Candidate | None:
    """The entry a mention names whatever the context, if it is that clear."""
    cands = [c for c in m.cands if not c.generic or m.hint]
    if not cands:
        return None
    top = cands[0]
    if not top.primary:
        return None
    countries = {c.country for c in cands if c.primary}
    if top.feature in ("country", "county") or (m.kind == "agency" and len(countries) == 1):
        return top
    if top.feature == "admin1" and len(countries) == 1:
        return top
    if top.feature == "city" and top.population >= 100000:
        rivals = [c for c in cands[1:] if c.primary and c.country != top.country]
        if not rivals or rivals[0].population * 3 < top.population:
            return top
    return None


def _unique_town(m: _Mention) -> Candidate | None:
    """A town named as a place ("in X", a tagged place) whose name only one country has."""
    if (
        m.kind not in ("gpe", "agency")
        or not m.strong
        or not (m.ner or m.hint == "city" or m.kind == "agency")
    ):
        return None
    cands = [c for c in m.cands if not c.generic]
    if not cands or not cands[0].primary or cands[0].feature != "city":
        return None
    top = cands[0]
    if any(c.country != top.country and (c.primary or c.population >= top.population) for c in cands):
        return None
    return top


def _country_votes(
    gz: Gazetteer, doc: Doc, mentions: list[_Mention], act_sents: set[int]
) -> list[tuple[str, float]]:
    """Countries the text points at, strongest first, with their weight."""
    votes: dict[str, float] = defaultdict(float)
    cues_seen: set[str] = set()
    first_act = min(act_sents) if act_sents else -1
    for m in mentions:
        w = 1.0 if m.role == "incident" else 0.3
        if m.sent in act_sents:
            w *= 1.5
        if m.sent == first_act:
            w *= 1.5
        if m.dateline:
            w *= 1.5
        if m.to or m.origin:
            w *= 0.5
        if m.kind == "demonym":
            iso = _demonym_country(gz, m.text)
            if iso:
                votes[iso] += w * (1.5 if m.demonym_strength == 2 else 0.25)
            continue
        if m.kind == "orgcountry" or m.border:
            continue
        if m.kind == "cue":
            if m.cue_country and m.text not in cues_seen:
                cues_seen.add(m.text)
                votes[m.cue_country] += 1.0
            continue
        top = _confident(m)
        if top is not None and top.country:
            # a name in passing ("Palma Community Radio") says less than one named as a place
            weak = not (m.strong or m.ner or m.dateline) and m.kind == "gpe"
            votes[top.country] += w * (1.0 if weak else 2.0)
        else:
            town = _unique_town(m)
            if town is not None and town.country:
                votes[town.country] += w * 1.0
    if not votes:
        # only organisations named after a country: weak evidence, the first named first
        w = 1.0
        for m in mentions:
            iso = gz.country(m.text) if m.kind == "orgcountry" else None
            if iso:
                votes[iso] += w
                w = 0.5
    # ties go to the country named first (dicts keep insertion order; sorted is stable)
    return sorted(votes.items(), key=lambda kv: -kv[1])


def _admin_context(mentions: list[_Mention]) -> str | None:
    for m in mentions:
        if m.chosen and m.chosen.feature in ("admin1", "county") and m.chosen.admin1 and m.role == "incident":
            return m.chosen.admin1
    for m in mentions:
        if m.chosen and m.chosen.feature == "county" and m.chosen.admin1:
            return m.chosen.admin1
    return None


DIRECTIONS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "downtown",
        "greater",
        "upper",
        "lower",
    ]
)


def _choose(gz: Gazetteer, m: _Mention, country: str | None, admin1: str | None) -> Candidate | None:
    feature = None
    if m.hint == "admin1":
        feature = "admin1"
    elif m.hint == "county":
        feature = "county"
    name = m.text
    cands = gz.lookup(name, country=country, admin1=admin1, feature=feature)
    if not cands and feature is not None:
        cands = gz.lookup(name, country=country, admin1=admin1)
    if m.hint == "county" and not cands:
        cands = gz.lookup(name + " County", country=country, admin1=admin1)
    if not cands:
        # "South Los Angeles", "West Oakland": part of the place
        first, _, rest = name.partition(" ")
        if first.lower() in DIRECTIONS and rest:
            cands = [c for c in gz.lookup(rest, country=country, admin1=admin1) if c.feature != "country"]
            m.near = bool(cands)
    if not cands:
        return None
    best = cands[0]
    in_context = country is not None and best.country == country
    if best.generic and (not m.hint or not in_context):
        return None
    pinned = (
        m.kind == "agency" or m.dateline or (best.primary and best.feature in ("country", "admin1", "county"))
    )
    countries = {c.country for c in cands}
    abroad = country is not None and not in_context and best.feature != "country"
    if (
        abroad
        and not (m.kind == "agency" or m.dateline)
        and (not m.strong or best.population < 100000 or not best.primary)
    ):
        return None  # a place abroad: only a well-known one, named as a place ("in Beijing")
    if (
        not best.primary
        and not in_context
        and (country is not None or not m.strong or len(countries) > 1 or best.population < 50000)
    ):
        return None  # an alternate spelling abroad: too often another word ("Khan", "Africa")
    if m.hint == "admin1" and best.feature != "admin1" and not best.primary:
        return None
    if not best.primary and not m.strong and not pinned:
        return None  # an alternate name in no place context ("his white Tahoe")
    if country and not in_context and not pinned and (not (m.strong or m.ner) or best.population < 100000):
        return None  # out of context: only a well-known city, in a clear place context
    small = best.feature == "city" and best.population < 50000 and not in_context and not pinned
    if small and (country is not None or not m.strong or len(countries) > 1):
        return None  # a small town: the text must agree on the country, or be unambiguous and well placed
    if (
        not m.strong
        and not in_context
        and not pinned
        and best.population < (50000 if m.attributive else 100000)
    ):
        return None
    return best


def _place_of(c: Candidate, m: _Mention | None, document_id: str, confidence: float) -> Place:
    prov = Provenance(document_id, m.start, m.end, m.text) if m is not None else None
    if c.feature == "country":
        return Place(
            name=None,
            country=c.country,
            geo_precision=3,
            feature="country",
            gazetteer_id=c.gazetteer_id,
            provenance=prov,
            confidence=confidence,
        )
    precision = 1
    if c.feature in ("admin1",):
        precision = 3 if c.lat is None else 2
    elif c.feature == "county":
        precision = 2
    if m is not None and (m.near or m.hint == "district"):
        precision = max(precision, 2)
    return Place(
        name=c.name,
        country=c.country,
        admin1=c.admin1 if c.feature != "country" else None,
        lat=c.lat,
        lon=c.lon,
        geo_precision=precision,
        feature="region" if c.feature in ("admin1", "county") else c.feature,
        gazetteer_id=c.gazetteer_id,
        provenance=prov,
        confidence=confidence,
    )


_PRECISION_RANK = {"city": 0, "county": 1, "admin1": 2, "country": 3}


def _site_in(doc: Doc, sent: Span) -> tuple[str, int, int] | None:
    words = [t.lower_ for t in sent]
    for i, w in enumerate(words):
        two = w + " " + words[i + 1] if i + 1 < len(words) else ""
        if two in SITE_WORDS:
            t = sent[i]
            return SITE_WORDS[two], t.idx, sent[i + 1].idx + len(sent[i + 1])
        if w in SITE_WORDS and (
            i == 0
            or words[i - 1]
            in ("the", "a", "an", "his", "her", "their", "its", "our", "at", "in", "local", "police")
        ):
            t = sent[i]
            return SITE_WORDS[w], t.idx, t.idx + len(t)
    return None


@stage("places")
def find_places(analysis: Analysis) -> Analysis:
    """Find, resolve and rank the places of the document (see the module doc)."""
    doc = analysis.doc
    if doc is None:
        from whodid.extract.nlp import load

        doc = analysis.doc = load()(analysis.document.text)
    gz = gazetteer.get()
    text = doc.text
    sent_of = _sentence_index(doc)
    sents = list(doc.sents)
    act_sents = set(_act_sentences(doc))
    mentions = _find_mentions(doc, gz, sent_of)
    _assign_roles(doc, text, mentions)

    for m in mentions:
        if m.kind not in _NOT_NAMES:
            m.cands = gz.lookup(m.text, feature="admin1" if m.hint == "admin1" else None) or gz.lookup(m.text)
    top_votes = _country_votes(gz, doc, mentions, act_sents)
    # too little evidence for a context that would overrule the names themselves
    country = top_votes[0][0] if top_votes and top_votes[0][1] >= 1.0 else None
    # resolve with the country context, then again with the region the text settles on
    for m in mentions:
        if m.kind not in _NOT_NAMES:
            m.chosen = _choose(gz, m, country, None)
    admin1 = _admin_context(mentions)
    if admin1 is not None:
        for m in mentions:
            if m.kind not in _NOT_NAMES:
                m.chosen = _choose(gz, m, country, admin1)

    out: list[PlaceMention] = []
    doc_id = analysis.document.id
    for m in mentions:
        if m.kind in ("orgcountry", "cue"):
            continue
        if m.kind == "demonym":
            iso = _demonym_country(gz, m.text)
            if iso is None:
                continue
            place = Place(
                name=None,
                country=iso,
                geo_precision=3,
                feature="country",
                provenance=Provenance(doc_id, m.start, m.end, m.text),
                confidence=0.6 if m.demonym_strength == 2 else 0.3,
            )
            out.append(
                PlaceMention(place=place, start=m.start, end=m.end, text=m.text, kind="demonym", role=m.role)
            )
            continue
        if m.chosen is None:
            continue
        kind = "region" if m.chosen.feature in ("admin1", "county", "country") else "gpe"
        place = _place_of(m.chosen, m, doc_id, 0.7 if m.sent in act_sents else 0.5)
        out.append(PlaceMention(place=place, start=m.start, end=m.end, text=m.text, kind=kind, role=m.role))

    main = _main_place(gz, doc, sents, mentions, act_sents, country, doc_id)
    # sites of the main incident ("a police station", "the hotel")
    if main is not None and main.lat is not None:
        anchor = next(
            (
                m
                for m in mentions
                if m.chosen is not None and m.start == (main.provenance.start if main.provenance else -1)
            ),
            None,
        )
        sent_ids = [anchor.sent] if anchor else []
        sent_ids += sorted(act_sents)
        for si in sent_ids[:3]:
            site = _site_in(doc, sents[si])
            if site is not None:
                main.site = site[0]
                out.append(
                    PlaceMention(
                        place=Place(
                            name=main.name,
                            country=main.country,
                            admin1=main.admin1,
                            lat=main.lat,
                            lon=main.lon,
                            geo_precision=1,
                            site=site[0],
                            feature="site",
                            provenance=Provenance(doc_id, site[1], site[2], text[site[1] : site[2]]),
                            confidence=0.4,
                        ),
                        start=site[1],
                        end=site[2],
                        text=text[site[1] : site[2]],
                        kind="site",
                    )
                )
                break
    out.sort(key=lambda pm: pm.start)
    analysis.places = out
    analysis.main_place = main
    analysis.country_hint = main.country if main is not None and main.country else country
    return analysis


def _main_place(
    gz: Gazetteer,
    doc: Doc,
    sents: list[Span],
    mentions: list[_Mention],
    act_sents: set[int],
    country: str | None,
    doc_id: str,
) -> Place | None:
    placed = [m for m in mentions if m.chosen is not None and m.kind != "demonym"]
    incident = [m for m in placed if m.role == "incident"]
    first_act = min(act_sents) if act_sents else None
    counts = Counter(m.chosen.gazetteer_id for m in incident if m.chosen)

    def score(m: _Mention) -> float:
        assert m.chosen is not None
        s = 0.0
        if m.sent in act_sents:
            s += 2.0
        if first_act is not None and m.sent == first_act:
            s += 1.0
        if m.dateline:
            s += 2.5 if (country is None or m.chosen.country == country) else -1.0
        if country is not None and m.chosen.country != country:
            s -= 2.0
        s += 0.4 * (counts[m.chosen.gazetteer_id] - 1)
        s -= 0.02 * m.sent
        if m.chosen.feature == "country":
            s -= 0.5
        return s

    if incident:
        best = max(incident, key=lambda m: (score(m), -m.start))
        # the most precise place said in the same sentence and country ("Molave town, Zamboanga del Sur")
        same = [
            m
            for m in incident
            if m.sent == best.sent
            and m.chosen is not None
            and best.chosen is not None
            and m.chosen.country == best.chosen.country
        ]
        if best.chosen is not None and best.chosen.feature in ("admin1", "country", "county"):
            coarse = _PRECISION_RANK.get(best.chosen.feature, 3)

            def finer_than(m: _Mention) -> bool:
                return m.chosen is not None and _PRECISION_RANK.get(m.chosen.feature, 3) < coarse

            finer = [m for m in same if finer_than(m)]
            if finer:
                best = min(
                    finer,
                    key=lambda m: (_PRECISION_RANK.get(m.chosen.feature, 3) if m.chosen else 3, m.start),
                )
            else:
                # a town named elsewhere in the same country (and region) says more than the country
                coarse_place = best.chosen
                assert coarse_place is not None
                region = (
                    coarse_place.admin1
                    if coarse_place.feature != "country" and coarse_place.lat is not None
                    else None
                )
                anywhere = [
                    m
                    for m in incident
                    if finer_than(m)
                    and m.chosen is not None
                    and m.chosen.country == coarse_place.country
                    and (region is None or m.chosen.admin1 in (None, region))
                ]
                if anywhere:
                    best = max(anywhere, key=lambda m: (score(m), -m.start))
        if best.chosen is None:
            return None
        place = _place_of(best.chosen, best, doc_id, min(0.9, 0.5 + 0.1 * max(0.0, score(best))))
        if best.chosen.feature == "city":
            region_place = next(
                (
                    m.chosen
                    for m in same
                    if m.chosen is not None
                    and m.chosen.feature == "admin1"
                    and m.chosen.country == best.chosen.country
                ),
                None,
            )
            if region_place is not None and place.admin1 is None:
                place.admin1 = region_place.admin1
        return place
    # no incident place: the country the text points at, without coordinates
    ranked = _country_votes(gz, doc, mentions, act_sents)
    if not ranked or ranked[0][1] < 0.8 or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
        return None
    iso = ranked[0][0]
    anchor = next(
        (
            m
            for m in mentions
            if (m.chosen and m.chosen.country == iso)
            or (m.kind == "demonym" and _demonym_country(gz, m.text) == iso)
        ),
        None,
    )
    prov = Provenance(doc_id, anchor.start, anchor.end, anchor.text) if anchor else None
    return Place(name=None, country=iso, geo_precision=3, feature="country", provenance=prov, confidence=0.4)
