"""The ``acts`` stage: who did what to whom, read clause by clause off the parse.

For every trigger (:mod:`whodid.extract.triggers`) the stage asks
:mod:`whodid.extract.clauses` for the agent and the patient and whether the act
happened at all: a negated act did not; an act inside a threat is the threat;
a hypothetical one did not; an attempt is kept as such, except attempted
killings and abductions, which are not the act attempted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.extract.clauses import (
    OBJ,
    SUBJ,
    Clauses,
    attempted,
    duration_hours,
    hypothetical,
    negated,
)
from whodid.extract.pipeline import Analysis, stage
from whodid.extract.triggers import Triggers
from whodid.extract.vocab_acts import (
    DEATH_RECORD_VERBS,
    DEATH_VERBS,
    HYPOTHETICAL_AUX,
    LEAVING_VERBS,
    PROTECTIVE_VERBS,
    REMOTE_NOUNS,
    VERB_ACTS,
)
from whodid.model import Act, Provenance

if TYPE_CHECKING:
    from spacy.tokens import Token

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


# Announced intent ("would bring charges") reports a threat; these modals never do.
THREATS = frozenset({"harassment", "judicial_harassment"})
STRUGGLE_WORDS = frozenset(
    {"struggle", "scuffle", "wrestle", "grapple", "tussle", "altercation", "fight", "brawl", "melee"}
)
# A report that uses these words of a seizure says it was no arrest, whoever did it.
ABDUCTION_WORDS = frozenset(
    {"abductor", "kidnapper", "captor", "abduction", "kidnapping", "abduct", "kidnap", "disappearance"}
)
SPECULATIVE = frozenset({"should", "could", "might", "may", "must", "ought"})


class _Reader:
    """Reads acts off one parsed document."""

    def __init__(self, analysis: Analysis) -> None:
        self.a = analysis
        assert analysis.doc is not None
        self.doc = analysis.doc
        self.clauses = Clauses(analysis)
        self.triggers = Triggers(self.clauses)
        self._abduction_words: bool | None = None

    def read(self) -> list[Act]:
        acts: list[Act] = []
        for tok in self.doc:
            if tok.i in self.triggers.consumed:
                continue
            if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.lemma_.lower() in VERB_ACTS):
                kind = self.triggers.verb_act(tok)
            elif tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.lower_ in REMOTE_NOUNS):
                kind = self.triggers.noun_act(tok)  # "an IED", "the VBIED": tagged as names
            else:
                kind = None
            if kind is None or negated(tok):
                continue
            if hypothetical(tok, SPECULATIVE if kind in THREATS else HYPOTHETICAL_AUX):
                continue
            tried = attempted(tok)
            if tok.pos_ in ("NOUN", "PROPN"):
                perps: list[str] = []
                victims = self.triggers.noun_victims(tok, create=kind == "killing")
            else:
                perps, victims, _ = self.clauses.arguments(tok, kind)
            if kind == "forced_displacement" and tok.lemma_.lower() in LEAVING_VERBS:
                # "the police insisted the activists leave", "ordered the activists to
                # leave": the forcer is the perpetrator, whoever must leave the victim
                forcer = tok.head
                ordered = [x for c in forcer.children if c.dep_ in OBJ for x in self.clauses.actors_of(c)]
                victims = ordered if tok.dep_ == "xcomp" and ordered else perps or victims
                perps = [x for c in forcer.children if c.dep_ in SUBJ for x in self.clauses.actors_of(c)]
            if kind == "killing" and tok.lemma_.lower() in DEATH_VERBS | DEATH_RECORD_VERBS:
                victims, perps = perps or victims, []
            if kind == "abduction_or_detention":
                kind = self._seizure_kind(perps)
            if tried and kind in ("killing", "abduction"):
                continue
            sent = tok.sent
            confidence = act_confidence(tok, perps, victims, tried)
            acts.append(
                Act(
                    type=kind,
                    perpetrator_ids=perps,
                    victim_ids=victims,
                    attempted=tried,
                    duration_hours=duration_hours(tok),
                    confidence=round(confidence, 2),
                    provenance=Provenance(self.a.document.id, sent.start_char, sent.end_char, sent.text),
                )
            )
            self._failure_to_protect(tok, kind, acts)
        acts.extend(self._struggles(acts))
        return acts

    def _struggles(self, found: list[Act]) -> list[Act]:
        """ "died after struggling with officers", "in a scuffle with deputies": a physical
        struggle with agents of the state is force used on the person, an assault by them."""
        extra: list[Act] = []
        sentences = {a.provenance.start for a in found if a.type == "physical_assault" and a.provenance}
        for tok in self.doc:
            if tok.lemma_.lower() not in STRUGGLE_WORDS:
                continue
            agents = [
                x
                for prep in tok.children
                if prep.dep_ == "prep" and prep.lower_ == "with"
                for p in prep.children
                if p.dep_ == "pobj"
                for x in self.clauses.actors_of(p)
                if self.a.types_of(x).perpetrator == "state_forces"
            ]
            sent = tok.sent
            if not agents or sent.start_char in sentences or negated(tok):
                continue
            strugglers: list[str] = []
            verb = tok
            for _ in range(5):  # the nearest clause up the tree that has a subject
                subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subjects or verb.head is verb:
                    break
                verb = verb.head
            strugglers = [x for c in subjects for x in self.clauses.actors_of(c) if x not in agents]
            if not strugglers:
                continue
            sentences.add(sent.start_char)
            extra.append(
                Act(
                    type="physical_assault",
                    perpetrator_ids=agents,
                    victim_ids=strugglers,
                    confidence=0.5,
                    provenance=Provenance(self.a.document.id, sent.start_char, sent.end_char, sent.text),
                )
            )
        return extra

    def _seizure_kind(self, perps: list[str]) -> str:
        """Seizing a person is an arrest by state forces, an abduction by anyone else,
        and an abduction by anyone when the report itself calls it one ("his abductors")."""
        types = {self.a.actor_types[p].perpetrator for p in perps if p in self.a.actor_types}
        state = "state_forces" in types and not self._called_abduction()
        return "arbitrary_detention" if state else "abduction"

    def _called_abduction(self) -> bool:
        if self._abduction_words is None:
            self._abduction_words = any(t.lemma_.lower() in ABDUCTION_WORDS for t in self.doc)
        return self._abduction_words

    def _failure_to_protect(self, tok: Token, kind: str, acts: list[Act]) -> None:
        """ "X did Y instead of stopping the attackers": the authorities sided with the attackers."""
        for c in tok.children:
            if c.dep_ == "advcl" or c.dep_ == "prep":
                words = {t.lemma_.lower() for t in c.subtree}
                if "instead" in words and (words & PROTECTIVE_VERBS or "off" in words):
                    sent = tok.sent
                    acts.append(
                        Act(
                            type="failure_to_protect",
                            perpetrator_ids=self.clauses.arguments(tok, kind)[0],
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
