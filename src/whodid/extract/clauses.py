"""Clauses: who the agent and the patient of a clause are, read off the dependency parse.

Active and passive voice; arguments inherited through coordination, ``xcomp``
and participial clauses; relative pronouns; personal pronouns resolved to the
nearest compatible actor by number, sex and grammatical role; and whether a
clause reports something that happened (negation, hypotheticals, attempts,
durations). The ``acts`` stage asks these questions of each trigger.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING

from whodid.extract.actors import add_name_actor, add_noun_actor, add_org_actor
from whodid.extract.nlp import entity_at
from whodid.extract.numbers import number_value
from whodid.extract.pipeline import Analysis
from whodid.extract.places import gazetteer
from whodid.extract.vocab_actors import PERPETRATOR_HEADS, VICTIM_HEADS, WEAPON_HEADS
from whodid.extract.vocab_acts import ATTEMPT_VERBS, HYPOTHETICAL_AUX, NOUN_ACTS, VERB_ACTS, VIOLENT_ACTS

if TYPE_CHECKING:
    from spacy.tokens import Token

# not "at": "fired at X", "rushed at X" name people
LOCATIVE_PREPS = frozenset({"in", "into", "inside", "near", "onto", "outside"})
NOT_PERSONS = frozenset(
    {"body", "car", "vehicle", "house", "home", "office", "door", "window", "way", "fire", "shot", "time"}
    | {"truck", "building", "property", "compound", "equipment", "camera", "phone", "shop", "road"}
    | {"gas", "canister", "round", "shotgun", "gun", "rifle", "weapon", "knife", "stone", "rock"}
    | WEAPON_HEADS  # "fired rubber bullets", "drone strikes hit": the means, not the victims
    # what a vehicle hits in a chase or crash: "hit a barrier and burst into flames"
    | {"barrier", "wall", "pole", "post", "tree", "fence", "curb", "kerb", "median", "guardrail"}
    | {"barricade", "lamppost", "hydrant", "sign", "bridge", "ditch", "embankment", "railing"}
)
# Verbs whose patient can only be a person, never a place.
PERSON_ONLY_VERBS = frozenset(
    {
        "shoot",
        "kill",
        "beat",
        "punch",
        "kick",
        "stab",
        "tase",
        "taser",
        "choke",
        "strangle",
        "arrest",
        "detain",
        "handcuff",
        "abduct",
        "kidnap",
        "torture",
        "rape",
        "murder",
        "execute",
        "interrogate",
    }
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


# verbs of an attack, for "X was hurt after Y <attacked>" (see _when_clause_agent)
ATTACK_VERBS = frozenset(
    {
        "fire",
        "open",
        "shoot",
        "attack",
        "stab",
        "beat",
        "throw",
        "hurl",
        "detonate",
        "storm",
        "raid",
        "ambush",
    }
)


class Clauses:
    """Who the arguments of a clause are: coordination, inheritance, pronouns."""

    def __init__(self, analysis: Analysis) -> None:
        self.a = analysis
        assert analysis.doc is not None
        self.doc = analysis.doc
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
        self._resolve_pronouns(0)

    def _resolve_pronouns(self, start: int) -> None:
        for tok in self.doc[start:]:
            if tok.pos_ == "PRON" and tok.i not in self.pronouns:
                ids = self.resolve_pronoun(tok)
                if ids and tok.lower_ in MALE | FEMALE and self.sex.get(ids[0]) is None:
                    self.sex[ids[0]] = "male" if tok.lower_ in MALE else "female"
                if ids:
                    self.pronouns[tok.i] = ids
                    bisect.insort(self.mentions, (tok.i, ids, tok.lower_ in PLURAL), key=lambda m: m[0])

    def new_actor(self, tok: Token, make: Callable[[Analysis, Token], str]) -> str:
        """Make an actor of a token found as an act's argument, and let later
        pronouns that found no one resolve to it ("two engineers were kidnapped;
        a video of their execution")."""
        actor_id = make(self.a, tok)
        actor = next(x for x in self.a.actors if x.id == actor_id)
        self.sex[actor_id] = actor.sex
        bisect.insort(self.mentions, (tok.i, [actor_id], actor.is_group), key=lambda m: m[0])
        self._resolve_pronouns(tok.i + 1)
        return actor_id

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
            antecedent = tok.head.head
            ids.extend(self.actors_of(antecedent))
            if not ids and antecedent.dep_ == "nsubj" and antecedent.head.lemma_ == "be":
                # "those whom the police are holding are: A, B, C"
                for attr in antecedent.head.children:
                    if attr.dep_ == "attr":
                        ids.extend(x for x in self.actors_of(attr) if x not in ids)
                if not ids and any(c.text == ":" for c in antecedent.head.children):
                    # the list after the colon, which the parser made a sentence of its own
                    following = antecedent.head.sent.end
                    if following < len(self.doc):
                        ids.extend(self.actors_of(self.doc[following].sent.root))
        elif tok.pos_ == "PRON":
            ids.extend(self.pronouns.get(tok.i, []))
        else:
            for c in tok.children:
                if c.dep_ in ("compound", "appos", "poss") and c.i in self.a.actor_at:
                    ids.extend(x for x in self._coordinated(c) if x not in ids)
            of = next((p for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"), None)
            if not ids and of is not None:
                for pobj in of.children:
                    if pobj.dep_ == "pobj":
                        ids.extend(self.actors_of(pobj))
        for c in tok.children:
            if c.dep_ == "conj":
                ids.extend(x for x in self.actors_of(c) if x not in ids)
            elif c.dep_ == "appos":
                # "Ann Lee, editor of X, and her colleague Bo Chen": the parser hangs the
                # second person on the apposition
                for conj in c.children:
                    if conj.dep_ == "conj":
                        ids.extend(x for x in self.actors_of(conj) if x not in ids)
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
        # the whole subject phrase: "Boko Haram militants killed them" is not about Boko Haram
        governor = tok.head
        if tok.dep_ == "poss" and governor.lemma_.lower() in NOUN_ACTS:
            # "they posted a video of their execution": the victims are not the posters
            while governor.pos_ not in ("VERB", "AUX") and governor.head is not governor:
                governor = governor.head
        elif tok.dep_ == "pobj" and governor.dep_ == "prep":
            # "a thief walked up to her": she is not the thief
            while governor.pos_ not in ("VERB", "AUX") and governor.head is not governor:
                governor = governor.head
        own_subject = {
            i
            for c in governor.children
            if c.dep_ in SUBJ and c.i != tok.i
            for t in c.subtree
            for i in self.a.actor_at.get(t.i, [])
        }
        fallback: list[str] = []
        located: list[str] = []
        chained = self._chained(tok, sex, want_plural) or self._previous_topic(tok, sex, want_plural)
        if chained:
            return chained
        for i, ids, plural in reversed(self.mentions):
            if i >= tok.i or tok.i - i > 120 or plural != want_plural:
                continue
            if sex and self.sex.get(ids[0]) not in (None, sex):
                continue
            if not preferred and set(ids) & own_subject:
                continue
            mention = self.doc[i]
            if mention.dep_ == "pobj" and mention.head.lower_ in LOCATIVE_PREPS:
                # "arrived in a white Bentley ... shot him": a name after "in" is rarely the person
                located = located or list(ids)
                continue
            agent = mention.dep_ == "pobj" and mention.head.dep_ == "agent"
            if tok.dep_ in PASSIVE_SUBJ and agent:
                # "X was tasered by a deputy. He was pronounced dead": the one who suffered
                # before suffers again; the agent is not a patient's parallel
                continue
            if not preferred or mention.dep_ in preferred:
                return list(ids)
            fallback = fallback or list(ids)
        return fallback or located

    def _previous_topic(self, tok: Token, sex: str | None, plural: bool) -> list[str]:
        """For a passive-subject pronoun opening its sentence, a named person who was the
        previous sentence's subject and harmed no one there ("opposition leader X gave
        a press conference ... He too was arrested"): the topic goes on. A subject who
        harmed someone ("Officer X shot Y. He was taken to hospital") is left to role
        parallelism."""
        if tok.dep_ not in PASSIVE_SUBJ or plural or tok.i - tok.sent.start > 1 or tok.sent.start == 0:
            return []
        previous = self.doc[tok.sent.start - 1].sent
        root = previous.root
        if root.lemma_.lower() in VERB_ACTS:
            return []
        for subject in (c for c in root.children if c.dep_ in SUBJ):
            ids = self.actors_of(subject)
            if len(ids) == 1 and subject.pos_ == "PROPN" and self.sex.get(ids[0]) in (None, sex):
                return ids
        return []

    def _chained(self, tok: Token, sex: str | None, plural: bool) -> list[str]:
        """For a subject pronoun, the people an earlier subject pronoun of the same kind
        in this or the previous sentence stood for: "He rammed cars ... after which he
        was shot" keeps following the same man, whatever nouns came between."""
        if (sex is None and not plural) or tok.dep_ not in SUBJ + PASSIVE_SUBJ:
            return []
        family = PLURAL if plural else MALE if sex == "male" else FEMALE
        previous = tok.sent.start - 1
        floor = self.doc[previous].sent.start if previous >= 0 else 0
        for i, ids, _ in reversed(self.mentions):
            if i >= tok.i:
                continue
            if i < floor:
                break
            mention = self.doc[i]
            if (
                mention.pos_ == "PRON"
                and mention.lower_ in family
                and mention.dep_ in SUBJ + PASSIVE_SUBJ  # a subject chain: the topic goes on
                and i in self.pronouns
            ):
                return list(ids)
        return []

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
            misparsed = _compound_subject(head)
            if misparsed is not None:
                return misparsed, False
            cur = head
        return None, False

    def arguments(self, tok: Token, kind: str | None) -> tuple[list[str], list[str], bool]:
        """Perpetrator ids, victim ids and whether the clause is passive.

        ``kind`` is the act the clause reports: the patient of a violent act is a
        person even when no earlier stage knew the noun.
        """
        subj = [c for c in tok.children if c.dep_ in SUBJ]
        misparsed = _compound_subject(tok) if not subj else None
        if misparsed is not None:
            subj = [misparsed]
        subjpass = [c for c in tok.children if c.dep_ in PASSIVE_SUBJ]
        agents = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        objs = self.objects(tok)
        # a "by" agent makes the clause passive even when the parser drops its auxiliary
        passive = bool(subjpass or agents) or any(c.dep_ == "auxpass" for c in tok.children)
        if not passive and subj and not objs and self._headline_passive(tok, subj, kind):
            subjpass, subj, passive = subj, [], True  # "One staffer injured when ...": "was" left out
        borrowed = False  # the subject is another clause's
        if not subj and not subjpass:
            inherited, inherited_passive = self._inherited(tok)
            if inherited is not None:
                own_objects = any(c.dep_ in OBJ for c in tok.children)
                if (
                    (tok.dep_ == "conj" and inherited_passive and (tok.tag_ == "VBN" or not own_objects))
                    or (tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl"))
                    or (agents and not own_objects)
                    # "He stopped breathing and was pronounced dead": its own "was" makes it passive
                    or (passive and not own_objects)
                ):
                    subjpass, passive = [inherited], True
                else:
                    subj, borrowed = [inherited], True
        if passive and not agents:
            patients = {x for c in subjpass for x in self.actors_of(c)}
            agents = self._shared_agent(tok) or self._when_clause_agent(tok, patients)
        perps: list[str] = []
        victims: list[str] = []
        # agents only through what they own ("Lee's truck crashed, killing him")
        owners: set[str] = set()
        for t in agents if passive else subj:
            found = self.actors_of(t)
            if not found and t.ent_type_ == "ORG" and kind in VIOLENT_ACTS:
                found = [self.new_actor(t, add_org_actor)]
            if t.i not in self.a.actor_at and t.pos_ == "NOUN":
                owners.update(found)
            perps.extend(found)
        for t in subjpass if passive else objs:
            found = self.actors_of(t)
            violent = not found and kind in VIOLENT_ACTS
            if violent and t.pos_ == "NOUN" and t.lemma_.lower() not in NOT_PERSONS:
                found = [self.new_actor(t, add_noun_actor)]
            elif violent and t.pos_ == "PROPN" and t.is_title and self._could_be_a_name(t):
                found = [self.new_actor(t, add_name_actor)]
            victims.extend(found)
        for prep in tok.children:
            # "was detained together with the lawyer Ann Lee", "alongside two colleagues"
            along = prep.lower_ == "alongside" or (
                prep.lower_ == "with" and prep.i > 0 and prep.doc[prep.i - 1].lower_ in ("together", "along")
            )
            if prep.dep_ == "prep" and along and kind in VIOLENT_ACTS:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        victims.extend(x for x in self.actors_of(pobj) if x not in victims)
        if not victims:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("on", "against", "at"):
                    for pobj in prep.children:
                        victims.extend(self.actors_of(pobj))
        # a person harmed by their own vehicle or house is its victim, not its agent
        perps = [p for p in perps if not (p in owners and p in victims)]
        clash = [v for v in victims if v in perps]
        if borrowed and not passive and clash and objs and all(o.pos_ == "PRON" for o in objs):
            # "X charged them with a knife, and shot him": "him" cannot be its own clause's
            # subject, so the borrowed subject is wrong; the shooters are whom X acted on
            governor = tok.head
            others = [
                x for c in governor.children if c.dep_ in OBJ for x in self.actors_of(c) if x not in clash
            ]
            perps = others or [p for p in perps if p not in clash]
        return perps, [v for v in victims if v not in perps], passive

    @staticmethod
    def objects(tok: Token) -> list[Token]:
        """A verb's objects; "seized and tortured an activist": a verb without its own
        shares the object of the verb coordinated after it."""
        own = [c for c in tok.children if c.dep_ in OBJ]
        if own or tok.pos_ != "VERB":
            return own
        for conj in tok.children:
            if conj.dep_ == "conj" and conj.pos_ == "VERB" and conj.i > tok.i:
                return [c for c in conj.children if c.dep_ in OBJ]
        return []

    def _headline_passive(self, tok: Token, subj: list[Token], kind: str | None) -> bool:
        """A harm verb in the past with a subject that could only suffer it and no object:
        a passive whose auxiliary the writer dropped ("One staffer injured when ...")."""
        if kind not in VIOLENT_ACTS or tok.tag_ not in ("VBN", "VBD"):
            return False
        ids = [x for c in subj for x in self.actors_of(c)]
        attackers = ("state_forces", "non_state_armed_group", "unidentified", "rioters", "protesters")
        return bool(ids) and all(self.a.types_of(x).perpetrator not in attackers for x in ids)

    def _when_clause_agent(self, tok: Token, patients: set[str]) -> list[Token]:
        """ "was injured when 60 men raided the compound": the subject of the clause that
        says when it happened, if the text knows it as an actor and it is not the patient
        ("was killed when he crashed")."""
        for clause in tok.children:
            if clause.dep_ != "advcl":
                continue
            marks = {c.lower_ for c in clause.children}
            # "was injured after a man entered the market and opened fire": an "after"
            # clause names the agent only when it tells an attack
            attack = marks & {"after"} and any(
                v.pos_ == "VERB" and v.lemma_.lower() in ATTACK_VERBS
                for v in clause.doc[clause.i : clause.sent.end]
            )
            if not (marks & {"when", "as"} or attack):
                continue
            for subject in clause.children:
                found = self.actors_of(subject) if subject.dep_ == "nsubj" else []
                if (
                    found
                    and not set(found) & patients
                    and any(self.a.types_of(x).perpetrator != "other" for x in found)
                ):
                    return [subject]
        return []

    @staticmethod
    def _shared_agent(tok: Token) -> list[Token]:
        """ "was seized and beaten by men": passive verbs in coordination share the
        agent the last of them names."""
        for verb in (
            *[c for c in tok.children if c.dep_ == "conj"],
            tok.head if tok.dep_ == "conj" else None,
        ):
            if verb is None or verb.tag_ != "VBN":
                continue
            agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            if agents:
                return agents
        return []

    def _could_be_a_name(self, tok: Token) -> bool:
        """A lone proper noun that is not a known place or a multi-word organisation.

        Verbs that only take people ("shot Washington", "tased Jordan") make
        even a place's name a surname.
        """
        if any(c.dep_ == "appos" and _person_noun(c) for c in tok.children) and not any(
            p.start <= tok.idx < p.end for p in self.a.places
        ):
            return True  # "Poddala Jayantha, general secretary of ...": the model's GPE is a person
        if tok.head.lemma_.lower() in PERSON_ONLY_VERBS and tok.ent_type_ in ("GPE", "LOC", "ORG"):
            ent = entity_at(tok)
            return ent is not None and len(ent) == 1
        if any(p.start <= tok.idx < p.end for p in self.a.places):
            return False
        if gazetteer.get().is_country_name(tok.text):
            return False  # "Togo Opposition Clashes: 'Three Killed'": a country is no one
        if tok.ent_type_ in ("", "PERSON"):
            return True
        ent = entity_at(tok)
        return tok.ent_type_ == "ORG" and ent is not None and len(ent) == 1


# Offices and roles that only a person holds, for appositions the lexicons do not type.
ROLE_NOUNS = frozenset(
    {
        "secretary",
        "leader",
        "director",
        "chairman",
        "chairwoman",
        "chairperson",
        "president",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "head",
        "coordinator",
        "manager",
        "owner",
        "resident",
        "father",
        "mother",
        "son",
        "daughter",
    }
)


def _compound_subject(verb: Token) -> Token | None:
    """ "A deputy shot and killed X": the tagger read "deputy shot" as one noun, so the
    agent hangs on the verb as a compound before it."""
    for c in verb.lefts:
        if c.dep_ == "compound" and c.pos_ == "NOUN" and c.lemma_.lower() in PERPETRATOR_HEADS:
            return c
    return None


def _person_noun(tok: Token) -> bool:
    if tok.pos_ != "NOUN":
        return False
    lemma = tok.lemma_.lower()
    return lemma in ROLE_NOUNS or lemma in VICTIM_HEADS or lemma in PERPETRATOR_HEADS


def negated(tok: Token) -> bool:
    """ "were not charged", "nobody was hurt", "no charges were laid": the act did not happen."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    args = [c for c in tok.children if c.dep_ in SUBJ + PASSIVE_SUBJ + OBJ]
    if any(c.lower_ in ("nobody", "none", "noone") for c in args):
        return True
    return any(d.dep_ == "det" and d.lower_ in ("no", "neither") for c in args for d in c.children)


def hypothetical(tok: Token, modals: frozenset[str] = HYPOTHETICAL_AUX) -> bool:
    """Under "would", "could", "if", "unless", or an inverted "should": not reported as done.

    ``modals`` narrows which auxiliaries count: a threat may be reported with
    "would" ("police said they would bring charges"), but "should" never reports one.
    """
    cur = tok
    for _ in range(4):
        aux = {c.lower_ for c in cur.children if c.dep_ in ("aux", "auxpass")}
        if aux & modals:
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children):
            return True
        if cur.dep_ not in ("acl", "relcl", "xcomp", "ccomp", "conj", "advcl") or cur.head is cur:
            return False
        cur = cur.head
    return False


def attempted(tok: Token) -> bool:
    """ "tried to break up the meeting": an attempt, which may have failed."""
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ATTEMPT_VERBS
