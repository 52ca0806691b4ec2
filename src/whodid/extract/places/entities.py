"""Place mentions among the model's named entities.

Places it tagged (split at commas, "Yaounde, Centre"), nationality adjectives
(country evidence, not places), and organisations or persons whose names hold a
place: a place list the model read as one name ("Mobye, Shan state"), an agency
named after its city ("Azusa Police"), a place it mistook for an organisation, a
place used as an adjective ("a Compton truck yard"), and countries in
organisations' names ("the Nigerian Armed Forces").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.extract.places.keys import norm
from whodid.extract.places.mention import Mention, clean_span, following_hint
from whodid.extract.places.vocab import (
    AGENCY_WORDS,
    CONTINENTS,
    NOT_PLACES,
    PLACE_PREPS,
    STATE_HEADS,
    STREET_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Span

    from whodid.extract.places.finder import Finder

# entity labels the model also gives to town names ("in Damboa" as a DATE)
_NOT_PLACE_LABELS = ("DATE", "TIME", "MONEY", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "LANGUAGE")


def add_entities(f: Finder) -> None:
    """Add the mentions the model's entities hold, in their order."""
    for ent in f.doc.ents:
        if ent.label_ == "NORP":
            _nationality(f, ent)
        elif ent.label_ in ("GPE", "LOC", "FAC"):
            _place(f, ent)
        elif ent.label_ in ("ORG", "PERSON"):
            _org_or_person(f, ent)
        elif ent.label_ in _NOT_PLACE_LABELS:
            for i in range(ent.start, ent.end):
                # the model also calls towns dates ("in Damboa"): capitalised words stay findable
                tok = f.doc[i]
                f.covered[i] = not tok.text[:1].isupper() or tok.lower_ in NOT_PLACES


def _nationality(f: Finder, ent: Span) -> None:
    """A nationality adjective: country evidence, strong when it qualifies a state body."""
    doc = f.doc
    strength = 1
    if ent.root.head.lower_ in STATE_HEADS or any(
        t.lower_ in STATE_HEADS for t in doc[ent.end : ent.end + 3]
    ):
        strength = 2
    f.mentions.append(
        Mention(
            ent.start_char,
            ent.end_char,
            ent.text,
            "demonym",
            f.sent_of[ent.start],
            demonym_strength=strength,
        )
    )
    f.cover(ent.start, ent.end)


def _place(f: Finder, ent: Span) -> None:
    """A tagged place: one mention per comma-separated part ("Yaounde, Centre")."""
    doc, gz = f.doc, f.gz
    fac_unknown = False
    parts: list[tuple[int, int]] = []
    p0 = ent.start
    for i in range(ent.start, ent.end):
        if doc[i].text == ",":
            parts.append((p0, i))
            p0 = i + 1
    parts.append((p0, ent.end))
    for ps, pe in parts:
        start, end, hint = clean_span(doc, ps, pe, gz)
        hint = hint or following_hint(doc, end)
        name = doc[start:end].text if end > start else ""
        street = end < len(doc) and doc[end].lower_ in STREET_WORDS and doc[end].text[:1].isupper()
        if not name or norm(name) in CONTINENTS or street:
            continue
        if ent.label_ == "FAC" and not gz.knows(name):
            fac_unknown = True
            continue
        if gz.demonym(name) and not gz.knows(name):
            continue
        strong = f.syntax_strong(start, end, hint) or (ps > ent.start)
        f.add(start, end, "gpe", hint, strong, ner=True)
    if not fac_unknown:  # "the military base in Damboa": names inside stay findable
        f.cover(ent.start, ent.end)


def _org_or_person(f: Finder, ent: Span) -> None:
    """An organisation or person entity that names a place, or a country in passing."""
    if _parts(f, ent):
        f.cover(ent.start, ent.end)
        return
    start, end, hint = clean_span(f.doc, ent.start, ent.end, f.gz)
    done = (
        _agency(f, ent, start, end)
        or (not _acts_as_person(ent) and _named_place(f, start, end, hint))
        or _place_as_adjective(f, ent, start, end)
    )
    if not done and ent.label_ == "ORG":
        _country_in_name(f, start, end)
    f.cover(ent.start, ent.end)


def _acts_as_person(ent: Span) -> bool:
    """A person entity that does what only people do: the agent after "by", or
    the antecedent of "who" ("confronted by Dawson, who fired")."""
    if ent.label_ != "PERSON":
        return False
    root = ent.root
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        return True
    return any(
        c.dep_ == "relcl" and any(w.lower_ in ("who", "whom") for w in c.children) for c in root.children
    )


def _parts(f: Finder, ent: Span) -> bool:
    """An organisation or person entity with a comma is often a place list ("Mobye, Shan state"):
    add its known parts as places; False when none is a place."""
    doc, gz = f.doc, f.gz
    commas = [i for i in range(ent.start, ent.end) if doc[i].text == ","]
    if not commas:
        return False
    bounds = [ent.start, *[c + 1 for c in commas]]
    ends = [*commas, ent.end]
    found = []
    for ps, pe in zip(bounds, ends, strict=True):
        start, end, hint = clean_span(doc, ps, pe, gz)
        hint = hint or following_hint(doc, end)
        name = doc[start:end].text if end > start else ""
        if not name or norm(name) in CONTINENTS or doc[start].lower_ in NOT_PLACES or not gz.knows(name):
            continue
        found.append((start, end, hint, ps > ent.start))
    if not found:
        return False
    for start, end, hint, later in found:
        f.add(start, end, "gpe", hint, f.syntax_strong(start, end, hint) or later)
    return True


def _agency(f: Finder, ent: Span, start: int, end: int) -> bool:
    """An agency named after its place: "Azusa Police", "Los Angeles County Sheriff's Department"."""
    doc = f.doc
    cut = next((i for i in range(start, end) if doc[i].lower_ in AGENCY_WORDS), None)
    if cut is None and end < len(doc) and doc[end].lower_ in AGENCY_WORDS:
        cut = end
    if (ent.label_ == "ORG" or cut == end) and cut is not None and cut > start:
        pstart, pend, phint = clean_span(doc, start, cut, f.gz)
        if pend > pstart and f.gz.knows(doc[pstart:pend].text):
            f.add(pstart, pend, "agency", phint, True)
            return True
    return False


def _named_place(f: Finder, start: int, end: int, hint: str | None) -> bool:
    """A short known name the model mistook for an organisation or person, in a place context."""
    doc = f.doc
    if end <= start:
        return False
    prev = doc[start - 1].lower_ if start > 0 else ""
    name = doc[start:end].text
    following = hint or following_hint(doc, end)
    strong = f.syntax_strong(start, end, following)
    if (
        (strong or prev in PLACE_PREPS)
        and end - start <= 4
        and f.gz.knows(name)
        and norm(name) not in CONTINENTS
    ):
        f.add(start, end, "gpe", following, strong)
        return True
    return False


def _place_as_adjective(f: Finder, ent: Span, start: int, end: int) -> bool:
    """ "of the Victorville Target", "Santa Barbara's annual fiesta": a place as an adjective."""
    doc, gz = f.doc, f.gz
    if start <= 0:
        return False
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    lead = before in ("a", "the") and ent.start > 1 and doc[ent.start - 2].lower_ in PLACE_PREPS
    # "in the Victorville Target": the determiner was trimmed from the name
    det_lead = (
        doc[start - 1].lower_ in ("a", "an", "the") and start > 1 and doc[start - 2].lower_ in PLACE_PREPS
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
                if f.add(start, k, "gpe", None, False):
                    f.mentions[-1].attributive = True
                return True
    return False


def _country_in_name(f: Finder, start: int, end: int) -> None:
    """ "the Nigerian Armed Forces": a demonym; "Islamic Emirate of Afghanistan": weak evidence."""
    doc, gz = f.doc, f.gz
    state = any(t.lower_ in STATE_HEADS for t in doc[start:end])
    for t in doc[start:end]:
        if not t.text[:1].isupper():
            continue
        if gz.demonym(t.text):
            f.mentions.append(
                Mention(
                    t.idx,
                    t.idx + len(t),
                    t.text,
                    "demonym",
                    f.sent_of[t.i],
                    demonym_strength=2 if state else 1,
                )
            )
            break
        if gz.country(t.text):
            f.mentions.append(Mention(t.idx, t.idx + len(t), t.text, "orgcountry", f.sent_of[t.i]))
            break
