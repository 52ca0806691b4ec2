"""The ``acts`` stage: who did what to whom, read clause by clause off the parse.

For every trigger (a verb or noun from :mod:`whodid.extract.vocab_acts`) the
stage finds the agent and the patient in the dependency tree (active and
passive voice, arguments inherited through coordination, ``xcomp`` and
participial clauses, relative pronouns, personal pronouns resolved to the
nearest compatible actor) and decides whether the act happened at all: a
negated act did not; an act inside a threat is the threat (``harassment``, or
``judicial_harassment`` for a threat of charges); a hypothetical one did not.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from whodid.extract.actors import add_name_actor, add_noun_actor, add_org_actor
from whodid.extract.numbers import number_value
from whodid.extract.pipeline import Analysis, stage
from whodid.extract.vocab_acts import (
    ATTACK_NOUNS,
    ATTEMPT_VERBS,
    CONFISCATION_OBJECTS,
    CUSTODY_NOUNS,
    DEATH_VERBS,
    DEATH_WORDS,
    FORCING_VERBS,
    GATHERING_NOUNS,
    HARM_VERBS,
    HOLDING_VERBS,
    HYPOTHETICAL_AUX,
    JUDICIAL_NOUNS,
    JUDICIAL_VERBS,
    LEAVING_VERBS,
    NOUN_ACTS,
    PERSON_SEIZING_VERBS,
    PROTECTIVE_VERBS,
    REMOTE_NOUNS,
    VERB_ACTS,
    WEAPON_OBJECTS,
)
from whodid.model import Act, Provenance

if TYPE_CHECKING:
    from spacy.tokens import Token

# Acts whose patient is a person whatever noun names it ("beat a shopkeeper").
PERSON_ACTS = frozenset(
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
TRAVEL_VERBS = frozenset(
    {"leave", "travel", "board", "go", "fly", "exit", "enter", "cross", "return", "move"}
)
NOT_PERSONS = frozenset(
    {"body", "car", "vehicle", "house", "home", "office", "door", "window", "way", "fire", "shot", "time"}
)
SUBJ = ("nsubj", "csubj")
PASSIVE_SUBJ = ("nsubjpass", "csubjpass")
OBJ = ("dobj", "dative", "obj")
INHERITING = ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acl", "relcl")
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
PLURAL = frozenset({"they", "them", "their", "themselves"})


UNIT_HOURS = {
    "minute": 1 / 60,
    "hour": 1.0,
    "day": 24.0,
    "night": 24.0,
    "week": 168.0,
    "month": 730.0,
    "year": 8760.0,
}


def duration_hours(tok: Token) -> float | None:
    """ "held for eight hours", "detained for three days": the act's duration in hours."""
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ != "for":
            continue
        for pobj in prep.children:
            unit = UNIT_HOURS.get(pobj.lemma_.lower())
            if unit is None:
                continue
            amount: float | None = 1.0 if any(c.lower_ in ("a", "an", "one") for c in pobj.children) else None
            for c in pobj.children:
                if c.dep_ == "nummod":
                    text = c.lower_.replace(",", "")
                    amount = float(text) if text.replace(".", "", 1).isdigit() else number_value(text)
            if amount is not None:
                return round(amount * unit, 2)
    return None


HEDGES = frozenset(
    {"allegedly", "reportedly", "apparently", "purportedly", "suspected", "unconfirmed", "rumoured"}
)


def act_confidence(tok: Token, perps: list[str], victims: list[str], attempted: bool) -> float:
    """A raw score that ranks acts by how firmly the clause reports them.

    A verb with its agent and patient is firmer than a noun ("the arrest");
    hedges ("allegedly") and attempts weaken it. The calibrate stage maps this
    score to a probability.
    """
    score = 0.55 + 0.12 * bool(perps) + 0.12 * bool(victims)
    if tok.pos_ == "NOUN":
        score -= 0.1
    if attempted:
        score -= 0.15
    if any(t.lower_ in HEDGES for t in tok.sent):
        score -= 0.1
    return round(min(max(score, 0.05), 0.95), 2)


class _Reader:
    """Reads acts off one parsed document."""

    def __init__(self, analysis: Analysis) -> None:
        self.a = analysis
        assert analysis.doc is not None
        self.doc = analysis.doc
        self.consumed: set[int] = set()
        self.sex = {x.id: x.sex for x in analysis.actors}
        # (token index, actor ids, plural?) in text order, for pronoun resolution
        self.mentions: list[tuple[int, list[str], bool]] = []
        for i, ids in sorted(analysis.actor_at.items()):
            actor = next(x for x in analysis.actors if x.id == ids[0])
            plural = len(ids) > 1 or actor.is_group
            self.mentions.append((i, ids, plural))
        for tok in self.doc:
            ids = self._coordinated(tok)
            if len(ids) > 1:
                self.mentions.append((tok.i, ids, True))
        self.mentions.sort(key=lambda m: m[0])
        # Resolve pronouns in text order and let each join the chain, so "them ...
        # they" follows the same people rather than the nearest noun.
        self.pronouns: dict[int, list[str]] = {}
        for tok in self.doc:
            if tok.pos_ == "PRON":
                ids = self.resolve_pronoun(tok)
                if ids and tok.lower_ in MALE | FEMALE and self.sex.get(ids[0]) is None:
                    self.sex[ids[0]] = "male" if tok.lower_ in MALE else "female"
                if ids:
                    self.pronouns[tok.i] = ids
                    bisect.insort(self.mentions, (tok.i, ids, tok.lower_ in PLURAL), key=lambda m: m[0])

    # --- arguments ------------------------------------------------------------------

    def _coordinated(self, tok: Token) -> list[str]:
        ids = list(self.a.actor_at.get(tok.i, []))
        if not ids:
            return []
        for c in tok.children:
            if c.dep_ == "conj":
                for x in self._coordinated(c):
                    if x not in ids:
                        ids.append(x)
        return ids

    def actors_of(self, tok: Token) -> list[str]:
        """Actor ids a syntactic argument stands for (with its conjuncts)."""
        ids: list[str] = []
        lower = tok.lower_
        if tok.i in self.a.actor_at:
            ids.extend(self.a.actor_at[tok.i])
            # "two journalists, Ann Lee and Bo Chen": the named people are the patients
            for c in tok.children:
                if c.dep_ == "appos" and c.i in self.a.actor_at:
                    ids.extend(x for x in self._coordinated(c) if x not in ids)
        elif lower in ("who", "that", "which", "whom") and tok.head.dep_ == "relcl":
            ids.extend(self.actors_of(tok.head.head))
        elif tok.pos_ == "PRON":
            ids.extend(self.pronouns.get(tok.i, []))
        else:
            for c in tok.children:
                if c.dep_ in ("compound", "appos", "poss") and c.i in self.a.actor_at:
                    ids.extend(self.a.actor_at[c.i])
            of = next((p for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"), None)
            if not ids and of is not None:
                for pobj in of.children:
                    if pobj.dep_ == "pobj":
                        ids.extend(self.actors_of(pobj))
        for c in tok.children:
            if c.dep_ == "conj":
                ids.extend(x for x in self.actors_of(c) if x not in ids)
        return ids

    def resolve_pronoun(self, tok: Token) -> list[str]:
        """The nearest earlier compatible mention: number and sex agree; a subject
        pronoun prefers an earlier subject, an object pronoun skips its own clause's subject."""
        lower = tok.lower_
        want_plural = lower in PLURAL
        if not (want_plural or lower in MALE or lower in FEMALE):
            return []
        sex = "male" if lower in MALE else "female" if lower in FEMALE else None
        # Role parallelism: an agent pronoun prefers an earlier agent, a passive
        # subject ("they had been detained") an earlier patient.
        if tok.dep_ in SUBJ:
            preferred: tuple[str, ...] = SUBJ + PASSIVE_SUBJ
        elif tok.dep_ in PASSIVE_SUBJ:
            preferred = PASSIVE_SUBJ + OBJ + ("pobj", "appos", "conj")
        else:
            preferred = ()
        own_subject = {
            i
            for c in tok.head.children
            if c.dep_ in SUBJ and c.i != tok.i
            for i in self.a.actor_at.get(c.i, [])
        }
        fallback: list[str] = []
        for i, ids, plural in reversed(self.mentions):
            if i >= tok.i or tok.i - i > 120 or plural != want_plural:
                continue
            if sex and self.sex.get(ids[0]) not in (None, sex):
                continue
            if not preferred and set(ids) & own_subject:
                continue
            if not preferred or self.doc[i].dep_ in preferred:
                return list(ids)
            fallback = fallback or list(ids)
        return fallback

    def _inherited(self, tok: Token, seen: int = 0) -> tuple[Token | None, bool]:
        """The governing clause's subject for a clause without its own, and its voice."""
        cur = tok
        for _ in range(6):
            if cur.dep_ not in INHERITING or cur.head is cur:
                return None, False
            head = cur.head
            if cur.dep_ == "pcomp" and head.dep_ == "prep":
                head = head.head
            if cur.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
                return head, False
            for c in head.children:
                if c.dep_ in SUBJ:
                    return c, False
                if c.dep_ in PASSIVE_SUBJ:
                    return c, True
            cur = head
        return None, False

    def arguments(self, tok: Token) -> tuple[list[str], list[str], bool]:
        """Perpetrator ids, victim ids and whether the clause is passive."""
        subj = [c for c in tok.children if c.dep_ in SUBJ]
        subjpass = [c for c in tok.children if c.dep_ in PASSIVE_SUBJ]
        agents = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        objs = [c for c in tok.children if c.dep_ in OBJ]
        passive = bool(subjpass) or any(c.dep_ == "auxpass" for c in tok.children)
        if not subj and not subjpass:
            inherited, inherited_passive = self._inherited(tok)
            if inherited is not None:
                own_objects = any(c.dep_ in OBJ for c in tok.children)
                if (tok.dep_ == "conj" and inherited_passive and (tok.tag_ == "VBN" or not own_objects)) or (
                    tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl")
                ):
                    subjpass, passive = [inherited], True
                else:
                    subj = [inherited]
        perps: list[str] = []
        victims: list[str] = []
        for t in agents if passive else subj:
            found = self.actors_of(t)
            if not found and t.ent_type_ == "ORG" and self.verb_act(tok) in PERSON_ACTS:
                found = [add_org_actor(self.a, t)]
            perps.extend(found)
        for t in subjpass if passive else objs:
            found = self.actors_of(t)
            violent = not found and self.verb_act(tok) in PERSON_ACTS
            if violent and t.pos_ == "NOUN" and t.lemma_.lower() not in NOT_PERSONS:
                found = [add_noun_actor(self.a, t)]
            elif violent and t.pos_ == "PROPN" and t.is_title and self._could_be_a_name(t):
                found = [add_name_actor(self.a, t)]
            victims.extend(found)
        if not victims:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("on", "against", "at"):
                    for pobj in prep.children:
                        victims.extend(self.actors_of(pobj))
        return perps, [v for v in victims if v not in perps], passive

    def _could_be_a_name(self, tok: Token) -> bool:
        """A lone proper noun that is not a known place or a multi-word organisation."""
        if any(p.start <= tok.idx < p.end for p in self.a.places):
            return False
        if tok.ent_type_ in ("", "PERSON"):
            return True
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        return tok.ent_type_ == "ORG" and ent is not None and len(ent) == 1

    # --- did it happen? -----------------------------------------------------------------

    @staticmethod
    def negated(tok: Token) -> bool:
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        return any(c.dep_ in SUBJ + PASSIVE_SUBJ and c.lower_ in ("nobody", "none") for c in tok.children)

    @staticmethod
    def hypothetical(tok: Token) -> bool:
        """Under "would", "could", "if", "unless", or an inverted "should": not reported as done."""
        cur = tok
        for _ in range(4):
            aux = {c.lower_ for c in cur.children if c.dep_ in ("aux", "auxpass")}
            if aux & HYPOTHETICAL_AUX:
                return True
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children):
                return True
            if cur.dep_ not in ("acl", "relcl", "xcomp", "ccomp", "conj", "advcl") or cur.head is cur:
                return False
            cur = cur.head
        return False

    @staticmethod
    def attempted(tok: Token) -> bool:
        return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ATTEMPT_VERBS

    # --- trigger classification -----------------------------------------------------------

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
        return any(self.actors_of(c) for c in tok.children if c.dep_ in OBJ + PASSIVE_SUBJ)

    def verb_act(self, tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        particles = {c.lower_ for c in tok.children if c.dep_ == "prt"}
        objects = self._obj_lemmas(tok)
        if lemma == "threaten" or lemma == "warn":
            return self.threat(tok)
        if lemma in ("prevent", "bar", "ban", "stop", "block", "forbid", "restrict") and self._from_travel(
            tok
        ):
            return "movement_restriction"
        if lemma in ("break", "disrupt", "ban", "storm", "raid", "block", "stop", "prevent", "disperse"):
            if (
                objects & GATHERING_NOUNS
                or lemma == "disperse"
                or ("up" in particles and objects & GATHERING_NOUNS)
            ):
                return "assembly_interference"
            if lemma == "raid" and not objects & GATHERING_NOUNS:
                return None
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
        if lemma in HOLDING_VERBS and self._has_person_object(tok):
            return "arbitrary_detention"
        if lemma in ("confiscate", "seize") and objects & CONFISCATION_OBJECTS:
            return "expression_restriction"
        if lemma in ("confiscate", "seize", "destroy") and objects:
            return "property_destruction"
        if (
            lemma in LEAVING_VERBS
            and tok.dep_ in ("ccomp", "xcomp")
            and tok.head.lemma_.lower() in FORCING_VERBS
        ):
            return "forced_displacement"
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
        if lemma == "run" and "over" in particles:
            return "physical_assault"
        if (
            lemma in VERB_ACTS
            and VERB_ACTS[lemma] == "physical_assault"
            and "death" in self._pobj_lemmas(tok, ("to",))
        ):
            return "killing"  # "beaten to death", "shot him to death"
        if lemma == "charge" and not (
            self._has_person_object(tok) or any(c.dep_ == "auxpass" for c in tok.children)
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
        if lemma == "arrest" and any(c.lower_ == "house" for c in tok.children if c.dep_ == "compound"):
            return "movement_restriction"  # "placed under house arrest"
        if act is None:
            return None
        if lemma in REMOTE_NOUNS:
            # "killed in an airstrike", "an explosion killed", "hit by a shell"
            cur: Token = tok
            for _ in range(4):
                if cur.head is cur:
                    break
                cur = cur.head
                if cur.pos_ == "VERB" and cur.lemma_.lower() in HARM_VERBS | set(VERB_ACTS):
                    return act
            return None
        of = [
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in ("of", "on", "against")
            for p in c.children
        ]
        if any(self.actors_of(p) for p in of):
            return act
        return None

    # --- the pass -------------------------------------------------------------------------

    def read(self) -> list[Act]:
        acts: list[Act] = []
        for tok in self.doc:
            if tok.i in self.consumed:
                continue
            if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.lemma_.lower() in VERB_ACTS):
                kind = self.verb_act(tok)
            elif tok.pos_ == "NOUN":
                kind = self.noun_act(tok)
            else:
                kind = None
            if kind is None or self.negated(tok):
                continue
            if self.hypothetical(tok) and kind not in ("harassment", "judicial_harassment"):
                continue
            attempted = self.attempted(tok)
            if tok.pos_ == "NOUN":
                perps: list[str] = []
                victims = [
                    x
                    for c in tok.children
                    if c.dep_ == "prep" and c.lower_ in ("of", "on", "against")
                    for p in c.children
                    for x in self.actors_of(p)
                ]
            else:
                perps, victims, _ = self.arguments(tok)
            if kind == "forced_displacement" and tok.lemma_.lower() in LEAVING_VERBS:
                # "the police insisted the activists leave": the forcer is the perpetrator
                victims = perps or victims
                perps = [x for c in tok.head.children if c.dep_ in SUBJ for x in self.actors_of(c)]
            if kind == "killing" and tok.lemma_.lower() in DEATH_VERBS:
                victims, perps = perps or victims, []
            if kind == "abduction_or_detention":
                kind = self._seizure_kind(perps)
            if attempted and kind in ("killing", "abduction"):
                continue
            sent = tok.sent
            confidence = act_confidence(tok, perps, victims, attempted)
            acts.append(
                Act(
                    type=kind,
                    perpetrator_ids=perps,
                    victim_ids=victims,
                    attempted=attempted,
                    duration_hours=duration_hours(tok),
                    confidence=round(confidence, 2),
                    provenance=Provenance(self.a.document.id, sent.start_char, sent.end_char, sent.text),
                )
            )
            self._failure_to_protect(tok, acts)
        return acts

    def _seizure_kind(self, perps: list[str]) -> str:
        """Seizing a person is an arrest by state forces, an abduction by anyone else."""
        types = {self.a.actor_types[p].perpetrator for p in perps if p in self.a.actor_types}
        return "arbitrary_detention" if "state_forces" in types else "abduction"

    def _failure_to_protect(self, tok: Token, acts: list[Act]) -> None:
        """ "X did Y instead of stopping the attackers": the authorities sided with the attackers."""
        for c in tok.children:
            if c.dep_ == "advcl" or c.dep_ == "prep":
                words = {t.lemma_.lower() for t in c.subtree}
                if "instead" in words and (words & PROTECTIVE_VERBS or "off" in words):
                    sent = tok.sent
                    acts.append(
                        Act(
                            type="failure_to_protect",
                            perpetrator_ids=self.arguments(tok)[0],
                            confidence=0.6,
                            provenance=Provenance(
                                self.a.document.id, sent.start_char, sent.end_char, sent.text
                            ),
                        )
                    )


@stage("acts")
def find_acts(analysis: Analysis) -> Analysis:
    """Fill ``analysis.acts`` in text order."""
    if analysis.doc is None:
        raise ValueError("the acts stage needs the nlp stage first")
    analysis.acts = _Reader(analysis).read()
    return analysis
