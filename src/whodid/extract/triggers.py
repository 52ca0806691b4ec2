"""Triggers: which act, if any, a verb or noun reports, read with its arguments.

"seize" is an arrest when its object is a person held by the state, an
abduction when others take them, a confiscation when its object is a camera;
"hold" is a detention when it holds a person, not a meeting; "leave" is an
expulsion when someone insisted on it; a threat is harassment, or judicial
harassment when it threatens charges, and the act threatened did not happen.
The vocabularies live in :mod:`whodid.extract.vocab_acts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.extract.actors import add_noun_actor
from whodid.extract.clauses import OBJ, PASSIVE_SUBJ, Clauses
from whodid.extract.vocab_acts import (
    ATTACK_NOUNS,
    BELONGINGS,
    CONFISCATION_OBJECTS,
    CUSTODY_NOUNS,
    DEATH_RECORD_VERBS,
    DEATH_VERBS,
    DEATH_WORDS,
    FORCING_VERBS,
    GATHERING_NOUNS,
    HARM_VERBS,
    HOLDING_VERBS,
    JUDICIAL_NOUNS,
    JUDICIAL_VERBS,
    LEAVING_VERBS,
    NOUN_ACTS,
    PERSON_ONLY_HARM,
    PERSON_SEIZING_VERBS,
    PROTECTIVE_VERBS,
    REMOTE_NOUNS,
    TAKING_VERBS,
    VERB_ACTS,
    WEAPON_OBJECTS,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

REMAINS_NOUNS = frozenset({"remains", "body", "bodies", "corpse", "corpses"})
FINDING_VERBS = frozenset({"find", "discover", "recover", "dump", "identify", "retrieve", "exhume", "locate"})
PEOPLE_PRONOUNS = frozenset({"those", "others", "all", "many", "some", "several", "dozens", "hundreds"})
TRAVEL_VERBS = frozenset(
    {"leave", "travel", "board", "go", "fly", "exit", "enter", "cross", "return", "move"}
)


class Triggers:
    """Classifies triggers; remembers the tokens a threat has consumed."""

    def __init__(self, clauses: Clauses) -> None:
        self.clauses = clauses
        self.actors_of = clauses.actors_of
        self.consumed: set[int] = set()

    def _obj_lemmas(self, tok: Token) -> set[str]:
        return {c.lemma_.lower() for c in tok.children if c.dep_ in OBJ + PASSIVE_SUBJ}

    def _pobj_lemmas(self, tok: Token, preps: tuple[str, ...]) -> set[str]:
        return {
            p.lemma_.lower()
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in preps
            for p in c.children
            if p.dep_ == "pobj"
        }

    def _has_person_object(self, tok: Token) -> bool:
        """Whether the verb's patient is a person: its object, its passive subject, or
        the people a participle describes ("those held last night")."""
        passive_subjects = [c for c in tok.children if c.dep_ in PASSIVE_SUBJ]
        if any(self.actors_of(c) for c in self.clauses.objects(tok) + passive_subjects):
            return True
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            return bool(self.actors_of(tok.head)) or tok.head.lower_ in PEOPLE_PRONOUNS
        return False

    def verb_act(self, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        if (lemma in ("be", "remain", "go") or tok.lower_ == "missing") and self._missing_person(tok):
            return "abduction"  # "two drivers are still missing": disappeared
        particles = {c.lower_ for c in tok.children if c.dep_ == "prt"}
        objects = self._obj_lemmas(tok)
        if lemma in DEATH_RECORD_VERBS and any(
            c.lower_ == "dead" for c in tok.children if c.dep_ in ("acomp", "oprd", "xcomp", "ccomp", "dobj")
        ):
            return "killing"  # "was pronounced dead at a hospital": a death, told by its record
        if lemma == "threaten" or lemma == "warn":
            return self.threat(tok)
        if lemma in ("prevent", "bar", "ban", "stop", "block", "forbid", "restrict") and self._from_travel(
            tok
        ):
            return "movement_restriction"
        if lemma in ("break", "disrupt", "ban", "storm", "raid", "block", "stop", "prevent", "disperse"):
            # "broke up the banned Pride march": the parser may make "march" a verb, so the
            # words right after "broke up" are read as well
            following = {
                w
                for t in tok.doc[tok.i + 1 : min(tok.i + 8, tok.sent.end)]
                for w in (t.lower_, t.lower_.removesuffix("s"))
            }
            if (
                objects & GATHERING_NOUNS
                or lemma == "disperse"
                or ("up" in particles and (objects | following) & GATHERING_NOUNS)
            ):
                return "assembly_interference"
            if lemma == "raid" and not objects & GATHERING_NOUNS:
                return None
        if lemma in TAKING_VERBS and objects & CONFISCATION_OBJECTS:
            return "expression_restriction"
        if lemma in TAKING_VERBS and objects & BELONGINGS:
            return "property_destruction"
        if lemma in PERSON_SEIZING_VERBS and self._has_person_object(tok):
            if lemma == "take" and (self._pobj_lemmas(tok, ("to", "into")) & CUSTODY_NOUNS):
                return "arbitrary_detention"
            taken_by = any(c.dep_ == "agent" for c in tok.children)
            if lemma == "take" and not ("away" in particles or taken_by or self._pobj_lemmas(tok, ("from",))):
                return None
            if lemma == "round" and "up" not in particles:
                return None
            if lemma == "grab":
                return "physical_assault"
            return "abduction_or_detention"
        if lemma in HOLDING_VERBS and "account" in self._pobj_lemmas(tok, ("to",)):
            return None  # "held to account" is justice, not custody
        if lemma in HOLDING_VERBS and self._has_person_object(tok):
            return "arbitrary_detention"
        if lemma in ("confiscate", "seize", "destroy") and objects:
            return "property_destruction"
        if (
            lemma in LEAVING_VERBS
            and tok.dep_ in ("ccomp", "xcomp")
            and tok.head.lemma_.lower() in FORCING_VERBS
        ):
            return "forced_displacement"
        if lemma == "open" and objects & JUDICIAL_NOUNS and not self._pobj_lemmas(tok, ("against",)):
            return None  # "a case was opened" may be the investigation of the attack
        if lemma in JUDICIAL_VERBS and objects & JUDICIAL_NOUNS:
            return "judicial_harassment"
        if lemma == "ignore" and objects & ATTACK_NOUNS:
            return "failure_to_protect"
        if lemma == "fail" and any(
            c.lemma_.lower() in PROTECTIVE_VERBS for c in tok.children if c.dep_ == "xcomp"
        ):
            return "failure_to_protect"
        if lemma == "shoot" and any(c.lower_ in DEATH_WORDS for c in tok.children):
            return "killing"
        if lemma in DEATH_VERBS:
            return "killing"
        if lemma in ("fire", "open") and self._pobj_lemmas(tok, ("at", "on")):
            return "physical_assault"
        if lemma == "assault" and any(c.lower_ == "sexually" for c in tok.children):
            return "sexual_violence"
        if lemma in ("question", "film", "photograph") and not self._has_person_object(tok):
            return None
        if lemma == "charge" and self._pobj_lemmas(tok, ("with",)) & WEAPON_OBJECTS:
            return None  # "charged them with a knife" is an attack on the officers, not a charge
        if lemma in PERSON_ONLY_HARM:
            return "physical_assault" if self._has_person_object(tok) else None
        if lemma == "run" and "over" in particles:
            return "physical_assault"
        if VERB_ACTS.get(lemma) in ("physical_assault", "torture") and "death" in self._pobj_lemmas(
            tok, ("to",)
        ):
            return "killing"  # "beaten to death", "tortured to death"
        rushed = bool(self._pobj_lemmas(tok, ("at", "toward", "towards", "into")))
        if lemma == "charge" and (
            rushed or not (self._has_person_object(tok) or any(c.dep_ == "auxpass" for c in tok.children))
        ):
            return None  # "charged at the officers" is a rush, not a prosecution
        return VERB_ACTS.get(lemma)

    @staticmethod
    def _from_travel(tok: Token) -> bool:
        """ "barred from leaving the country", "stopped from boarding"."""
        for prep in tok.children:
            if (
                prep.dep_ == "prep"
                and prep.lower_ == "from"
                and any(t.lemma_.lower() in TRAVEL_VERBS for t in prep.children)
            ):
                return True
        return False

    def _missing_person(self, tok: Token) -> bool:
        """ "X is missing", "X remains missing" with a person for X."""
        missing = tok.lower_ == "missing" or any(
            c.dep_ == "acomp" and c.lower_ == "missing" for c in tok.children
        )
        return missing and any(self.actors_of(c) for c in tok.children if c.dep_ in ("nsubj",))

    def threat(self, tok: Token) -> str:
        """A threat is harassment; a threat of charges or prosecution is judicial harassment."""
        judicial = False
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp", "prep", "dobj"):
                for t in c.subtree:
                    self.consumed.add(t.i)
                    if t.lemma_.lower() in JUDICIAL_NOUNS or t.lemma_.lower() in (
                        "prosecute",
                        "sue",
                        "charge",
                    ):
                        judicial = True
        return "judicial_harassment" if judicial else "harassment"

    def noun_act(self, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        act = NOUN_ACTS.get(lemma)
        if (
            lemma in REMAINS_NOUNS or tok.lower_ in REMAINS_NOUNS
        ) and tok.head.lemma_.lower() in FINDING_VERBS:
            return "killing"  # "the remains of two staff were found"
        if lemma == "arrest" and any(c.lower_ == "house" for c in tok.children if c.dep_ == "compound"):
            return "movement_restriction"  # "placed under house arrest"
        if act is None:
            return None
        if lemma in REMOTE_NOUNS:
            # "killed in an airstrike", "an explosion killed", "hit by shrapnel", or any
            # sentence that reports a death or wound beside the weapon
            cur: Token = tok
            for _ in range(4):
                if cur.head is cur:
                    break
                cur = cur.head
                if cur.pos_ == "VERB" and cur.lemma_.lower() in HARM_VERBS | set(VERB_ACTS):
                    return act
            # a blast that is its clause's subject may have its harm told in the next
            # sentence ("the blast from the VBIED occurred at the entrance. He died of his
            # injuries."); a weapon merely named ("an investigator of drone strikes") may not
            end = tok.sent.end
            if tok.dep_ in ("nsubj", "nsubjpass") and end < len(tok.doc):
                end = tok.doc[end].sent.end
            harmed = any(
                t.lemma_.lower() in HARM_VERBS and t.pos_ == "VERB" for t in tok.doc[tok.sent.start : end]
            )
            return act if harmed else None
        return act if self.noun_victims(tok) else None

    def noun_victims(self, tok: Token, create: bool = False) -> list[str]:
        """Whom an act noun was done to: "the arrest of X", "the attack on X", "their execution".

        With ``create``, a person noun the earlier stages did not know becomes an
        actor ("the remains of two engineers").
        """
        ids: list[str] = []
        for c in tok.children:
            targets = list(c.children) if c.dep_ == "prep" and c.lower_ in ("of", "on", "against") else []
            if c.dep_ == "poss":
                targets = [c]
            for t in targets:
                found = self.actors_of(t)
                if not found and create and t.pos_ == "NOUN":
                    found = [self.clauses.new_actor(t, add_noun_actor)]
                ids.extend(x for x in found if x not in ids)
        return ids
