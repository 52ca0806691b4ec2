"""Attribution: who the text says an unnamed perpetrator was.

Reports often describe the attackers first ("gunmen", "the kidnappers") and say
who they were later or in passing: "the kidnappers belong to X", "gunmen with
suspected links to X", "the perpetrators are X members", "the attacker is
believed to have been her husband". Such a statement retypes the perpetrator
(unidentified -> armed group, civilian, state force) and records the group as
its affiliation. Only perpetrators the text left unidentified are retyped: a
statement never overrides a type the text gave directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from whodid.extract.groups import named_group_type
from whodid.extract.phrases import perpetrator_type
from whodid.extract.pipeline import ActorTypes, Analysis
from whodid.extract.vocab_actors import RELATION_HEADS

if TYPE_CHECKING:
    from spacy.tokens import Token

AFFILIATION_VERBS = frozenset(
    {"belong", "affiliate", "associate", "link", "tie", "connect"}
    | {"affiliated", "associated", "linked", "tied", "connected"}
)
CLAIM_VERBS = frozenset({"claim", "confirm", "admit", "accept", "acknowledge"})
AFFILIATION_NOUNS = frozenset({"association", "link", "tie", "connection", "affiliation"})
# Nouns for perpetrators whose identity a later statement can give.
ATTRIBUTABLE_HEADS = frozenset(
    {
        "perpetrator",
        "attacker",
        "assailant",
        "kidnapper",
        "abductor",
        "captor",
        "gunman",
        "gunmen",
        "culprit",
        "killer",
        "shooter",
        "suspect",
        "man",
        "men",
        "individual",
        "raider",
    }
)


@dataclass(frozen=True)
class Attribution:
    """ "``subject`` was ``group``": the described perpetrator and who they were."""

    subject: Token
    group: Token
    kind: str
    name: str


def _subjects(verb: Token) -> list[Token]:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ == "acl":
        subjects = [verb.head]  # "gunmen linked to the LRA"
    if not subjects and verb.dep_ == "xcomp":
        subjects = _subjects(verb.head)  # "the attacker is believed to be ..."
    return subjects


def _objects_of(tok: Token, preps: tuple[str, ...]) -> Iterator[Token]:
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            yield from (p for p in prep.children if p.dep_ == "pobj")


def _statements(analysis: Analysis) -> Iterator[tuple[Token, Token]]:
    """(subject, group) pairs, in text order."""
    assert analysis.doc is not None
    for tok in analysis.doc:
        lemma = tok.lemma_.lower()
        if lemma in AFFILIATION_VERBS and tok.pos_ in ("VERB", "ADJ"):
            for group in _objects_of(tok, ("to", "with")):
                for subject in _subjects(tok):
                    yield subject, group
        elif lemma in AFFILIATION_NOUNS and tok.dep_ == "pobj" and tok.head.lower_ == "with":
            # "gunmen with suspected associations to X": the parser may hang "with" on
            # the verb, so the described noun is the one just before it
            before = tok.head.i - 1
            subject = tok.doc[before] if before >= 0 else tok.head.head
            for group in _objects_of(tok, ("to", "with")):
                yield subject, group
        elif lemma in CLAIM_VERBS and any(c.lemma_.lower() == "responsibility" for c in tok.children):
            # "the Taliban claimed responsibility": the claimant did it
            for subject in _subjects(tok):
                responsibility = next(c for c in tok.children if c.lemma_.lower() == "responsibility")
                yield responsibility, subject
        elif tok.dep_ == "attr" and tok.head.lemma_.lower() == "be":
            for subject in _subjects(tok.head):
                yield subject, tok  # "the perpetrators are X members"


def _read(subject: Token, group: Token) -> Attribution | None:
    words = list(group.subtree)
    name = group.doc[words[0].i : words[-1].i + 1].text
    kind = named_group_type(name) or perpetrator_type(group)
    if kind is None and group.lemma_.lower() in RELATION_HEADS:
        kind = "civilians"  # "the attacker was her brother"
    if (
        kind is None
        or kind == "unidentified"
        or subject.lemma_.lower() not in ATTRIBUTABLE_HEADS | {"responsibility"}
    ):
        return None
    return Attribution(subject, group, kind, name)


def attribute(analysis: Analysis) -> None:
    """Retype unidentified perpetrators the text later identifies."""
    if analysis.doc is None:
        return
    actors = {a.id: a for a in analysis.actors}
    agents = [p for act in analysis.acts for p in act.perpetrator_ids]
    for subject, group in _statements(analysis):
        found = _read(subject, group)
        if found is None:
            continue
        named = [a for a in analysis.actor_at.get(subject.i, []) if a in agents]
        # "the perpetrators are ...": about whoever did it, even if no clause said so
        targets = named or [a for a in agents if analysis.types_of(a).perpetrator == "unidentified"]
        for actor_id in dict.fromkeys(targets):
            types = analysis.types_of(actor_id)
            if types.perpetrator != "unidentified":
                continue
            analysis.actor_types[actor_id] = ActorTypes(found.kind, types.victim)
            if actor_id in actors:
                actors[actor_id].affiliation = found.name
