"""Reading a noun phrase: who it names, how many, and what type of actor it is.

"five police officers" is five state agents; "about a dozen men" an
approximate twelve, unidentified as attackers; "anti-government elements" an
armed group; "a government mortar" the government; "co-leaders of the feminist
group" activists. The actors stage and the clauses use these readings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from whodid.extract.groups import named_group_type
from whodid.extract.nlp import text_of
from whodid.extract.numbers import number_value
from whodid.extract.vocab_actors import (
    AID_ACRONYMS,
    AID_WORDS,
    APPROXIMATORS,
    ARMED_GROUP_MODIFIERS,
    ARMED_MEMBER_HEADS,
    CIVILIAN_MODIFIERS,
    COMPANY_MODIFIERS,
    DETERMINERS,
    GENERIC_PERSON_HEADS,
    JOB_TITLE_HEADS,
    MODIFIER_DEPS,
    ORGANISATION_NOUNS,
    PERPETRATOR_HEADS,
    STATE_MODIFIERS,
    UNIDENTIFIED_MODIFIERS,
    VICTIM_HEADS,
    WEAK_STATE_HEADS,
    WEAPON_HEADS,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def number_of(token: Token) -> int | None:
    # "a"/"an" are numbers only as determiners, which _count reads itself
    return None if token.lower_ in ("a", "an") else number_value(token.lower_)


def count_of(head: Token) -> tuple[int | None, int | None, bool]:
    """Count, upper bound and approximateness of a noun phrase's head ("four or five men")."""
    plural = head.tag_ in ("NNS", "NNPS") or head.lower_ in ("police", "people", "men", "women")
    count: int | None = None
    high: int | None = None
    approx = False
    for child in head.children:
        if child.dep_ == "nummod" or (child.dep_ in ("amod", "quantmod") and number_of(child)):
            n = number_of(child)
            if n is not None:
                count = n
                for sub in child.children:
                    if sub.dep_ in ("quantmod", "advmod") and sub.lower_ in APPROXIMATORS:
                        approx = True
                    if sub.dep_ == "conj" and number_of(sub):
                        high = number_of(sub)
                    if sub.dep_ == "compound" and number_of(sub):  # "a dozen"
                        approx = approx or sub.lower_ in APPROXIMATORS
        elif child.dep_ == "det" and not plural and child.lower_ in ("a", "an", "another", "one"):
            count = 1
    if count is None and not plural and head.pos_ != "PROPN":
        definite = any(c.dep_ == "det" for c in head.children)
        count = 1 if definite else None
    return count, high, approx


def modifier_lemmas(head: Token) -> list[str]:
    return [c.lemma_.lower() for c in head.children if c.dep_ in MODIFIER_DEPS]


def phrase_tokens(head: Token) -> list[Token]:
    """The head and its pre-modifiers that name the actor (no determiners, no numbers)."""
    keep = [
        t
        for t in head.subtree
        if t.i <= head.i
        and (t.i == head.i or (t.head.i >= t.i and t.dep_ in MODIFIER_DEPS | {"poss", "case"}))
    ]
    out: list[Token] = []
    for t in keep:
        if t.lower_ in DETERMINERS or number_of(t) is not None or (t.dep_ == "case" and not out):
            continue
        out.append(t)
    return out or [head]


def _of_complement(head: Token) -> Token | None:
    """``members of the security forces`` → ``forces``."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _modifier_words(head: Token) -> set[str]:
    """Lemmas and forms of a head's modifiers, with hyphenated prefixes rejoined
    ("anti - government" is one modifier, not "government")."""
    mods = set(modifier_lemmas(head)) | {c.lower_ for c in head.children if c.dep_ in MODIFIER_DEPS}
    left = head.doc[head.left_edge.i : head.i].text.lower().replace(" - ", "-").replace(" -", "-")
    for word in left.split():
        if "-" in word:
            mods.add(word)
            if word.startswith(("anti-", "pro-", "non-", "ex-")):
                mods.discard(word.split("-", 1)[1])
    return mods


def perpetrator_type(head: Token) -> str | None:
    """Type of a noun phrase as an actor of violence, from its head and modifiers.

    Weak heads ("service", "unit", "chief") need a modifier that says whose they
    are; a weapon is an actor when its owner is named ("a government mortar");
    an organisation's acronym before "elements" or "fighters" makes an armed group.
    """
    lemma = head.lemma_.lower()
    mods = _modifier_words(head)
    base = _lexicon(head, PERPETRATOR_HEADS)
    if lemma in ("group", "faction") and "armed" in mods:
        return "non_state_armed_group"  # "an armed group": the codebook's own words
    if lemma in GENERIC_PERSON_HEADS or lemma == "group":
        of = _of_complement(head)
        if of is not None:
            inner = perpetrator_type(of)
            # "a group of soldiers"; "a group of community members" (a generic head that
            # its own modifiers type), but not "a group of men"
            if inner and (of.lemma_.lower() not in GENERIC_PERSON_HEADS or inner != "unidentified"):
                return inner
    if _in_uniform(head):
        return "state_forces"  # "armed men in military uniforms"
    named = _named_modifier(head)
    if named and (base is not None or lemma in WEAPON_HEADS):
        return named  # "Taliban members", "LAPD officers", "Wagner soldiers"
    if base is None and lemma in WEAPON_HEADS:
        if mods & STATE_MODIFIERS:
            return "state_forces"
        return "non_state_armed_group" if mods & ARMED_GROUP_MODIFIERS else None
    if base is None and _nationals(head):
        return "civilians"  # "50 Chadians raided the compound": people of a nationality
    if base is None:
        return None
    if (
        lemma in WEAK_STATE_HEADS
        and not mods & (STATE_MODIFIERS | ARMED_GROUP_MODIFIERS)
        and not _proper_compound(head)
    ):
        return None
    if lemma in JOB_TITLE_HEADS and _civilian_job(head):
        return "civilians"  # "a data officer", "a programme officer": a job, not a force
    if mods & COMPANY_MODIFIERS and lemma in ("guard", "security", "force"):
        return "company"
    if mods & ARMED_GROUP_MODIFIERS:
        return "non_state_armed_group"
    if base in ("state_forces", "non_state_armed_group"):
        return base
    if mods & STATE_MODIFIERS:
        return "state_forces"
    if lemma in ARMED_MEMBER_HEADS and _proper_compound(head, org_only=True):
        return "non_state_armed_group"  # "XYZ elements", "ABC fighters"
    if mods & CIVILIAN_MODIFIERS:
        return "civilians"
    if lemma in GENERIC_PERSON_HEADS or mods & UNIDENTIFIED_MODIFIERS:
        return "unidentified"
    return base


def _lexicon(head: Token, table: Mapping[str, str]) -> str | None:
    """Look a head noun up by lemma, by form, and by its singular: spaCy leaves the
    plural of a capitalised name as it is ("Nigerian Armed Forces" -> "Forces")."""
    low = head.lower_
    for key in (head.lemma_.lower(), low, low[:-1] if low.endswith("s") else low):
        if key in table:
            return table[key]
    return None


def _named_modifier(head: Token) -> str | None:
    """The type of an organisation named in a head's proper-noun modifiers."""
    words = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod") and t.pos_ == "PROPN"]
    if not words:
        return None
    return named_group_type(head.doc[words[0].left_edge.i : head.i].text)


def _nationals(head: Token) -> bool:
    """A plural nationality noun names people: "Chadians", "two Britons"."""
    return head.ent_type_ == "NORP" and head.tag_ in ("NNPS", "NNS")


def _in_uniform(head: Token) -> bool:
    """People "in military uniform" or "wearing police uniforms" are dressed as a force.

    Runs for every noun of every document, so it first asks whether the text
    mentions a uniform at all before walking the noun's subtree.
    """
    if "uniform" not in text_of(head.doc):
        return False
    for t in head.subtree:
        if t.lemma_.lower() == "uniform" and any(
            c.lemma_.lower() in STATE_MODIFIERS for c in t.children if c.dep_ in MODIFIER_DEPS
        ):
            return True
    return False


def _civilian_job(head: Token) -> bool:
    """A noun compound that is not a force names a civilian job ("human resources officer")."""
    nouns = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return bool(nouns) and not any(c.lemma_.lower() in STATE_MODIFIERS for c in nouns)


def _proper_compound(head: Token, org_only: bool = False) -> bool:
    """A proper-noun modifier: "Beijing police", "XYZ fighters" (org_only: not a place)."""
    return any(
        c.dep_ == "compound"
        and c.pos_ == "PROPN"
        and (not org_only or c.ent_type_ not in ("GPE", "LOC", "NORP"))
        for c in head.children
    )


HIRING_VERBS = frozenset({"contract", "subcontract", "employ", "hire", "recruit", "second", "deploy"})


def works_for_aid(head: Token) -> bool:
    """ "INGO driver", "UN staff", "Red Crescent medics", "staff of an NGO": aid workers,
    whatever their job, because the organisation they work for is humanitarian."""
    # the phrase before the head, and the employer after "of", "for", "with", "at" or
    # "from" ("a guard for a UN agency", "a driver with an NGO", "a midwife at an NGO
    # clinic"), or after a participle of hiring ("drivers subcontracted by the UN")
    employers = [
        p
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "with", "at", "from")
        for p in prep.children
        if p.dep_ == "pobj"
    ]
    for acl in head.children:
        if acl.dep_ == "acl" and acl.lemma_.lower() in HIRING_VERBS:
            employers += [
                p
                for by in acl.children
                if by.dep_ in ("agent", "prep")
                for p in by.children
                if p.dep_ == "pobj"
            ]
    words = [t for t in head.subtree if t.i <= head.i] + [t for p in employers for t in p.subtree]
    texts = {t.text for t in words}
    if texts & AID_ACRONYMS or {t.lower_ for t in words} & AID_WORDS:
        return True
    joined = " ".join(t.lower_ for t in words)
    return "red cross" in joined or "red crescent" in joined


def _nested_modifiers(head: Token) -> list[str]:
    """Modifiers of modifiers ("gay rights groups"); a possessive is not followed
    ("the journalist's wife" is not a journalist)."""
    return [
        g.lemma_.lower()
        for c in head.lefts
        if c.dep_ in MODIFIER_DEPS
        for g in c.lefts
        if g.dep_ in MODIFIER_DEPS
    ]


# who takes part in an event; in a report of a Pride march, its people are LGBT people
PARTICIPANT_HEADS = frozenset(
    {
        "participant",
        "marcher",
        "attendee",
        "reveller",
        "reveler",
        "organiser",
        "organizer",
        "people",
        "person",
    }
)
PRIDE_EVENT = re.compile(r"\b(Pride|LGBT\w*)\s+(march|parade|event|festival|week|rally|walk|celebration)s?\b")


def victim_type(head: Token) -> str | None:
    """Victim type of a noun phrase from its employer, its head, its compounds and an ``of`` complement."""
    if head.lemma_.lower() in ORGANISATION_NOUNS:
        return None  # "a UN agency", "the NGO's office": an employer, not its staff
    if head.lemma_.lower() in PARTICIPANT_HEADS and PRIDE_EVENT.search(text_of(head.doc)):
        return "lgbt"  # the participants of a Pride march
    if works_for_aid(head) and head.lemma_.lower() not in GENERIC_PERSON_HEADS - {"member"}:
        return "aid_workers"
    for word in [head.lemma_.lower(), head.lower_, *modifier_lemmas(head), *_nested_modifiers(head)]:
        if word in VICTIM_HEADS:
            return VICTIM_HEADS[word]
    of = _of_complement(head)
    if of is not None:
        inner = victim_type(of)
        if inner:
            return inner
        if of.lemma_.lower() in ("group", "organisation", "organization", "movement", "ngo"):
            return "activists"
    if (
        _nationals(head)
        or head.lemma_.lower() in GENERIC_PERSON_HEADS
        or head.lemma_.lower() in PERPETRATOR_HEADS
    ):
        return "state_forces" if perpetrator_type(head) == "state_forces" else "civilians"
    return None
