"""Which word a date belongs to in its sentence, and what that word says about the date.

"arrested on Monday" dates an act; "police said Sunday" dates a statement;
"were handed jail terms on Thursday" dates a later step. The stage weighs a
date as incident evidence by its :class:`Governor`, read from the spaCy parse.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from whodid.extract.dates.vocab import ACT_NOUNS, ACT_VERBS, LATER_VERBS, REPORT_VERBS, word_set
from whodid.extract.nlp import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class Governor(IntEnum):
    """What governs a date in its sentence, best incident evidence first."""

    ACT = 0  # "arrested on Monday", "Saturday's clashes"
    NEUTRAL = 1  # "took part in the protest on Saturday"
    REPORT_ACT = 2  # "said on Thursday that three people died"
    REPORT = 3  # "police announced Sunday"
    LATER = 4  # "were handed jail terms on Thursday"


_PREPOSITIONS = word_set("on in at by during since until from of")


def _same_line(text: str, a: int, b: int) -> bool:
    return "\n" not in text[min(a, b) : max(a, b)]


def _governor_token(span: Span) -> Token | None:
    """The verb (or act noun) that a date phrase hangs from, on the date's own line.

    A bare date beside a verb ("said Monday", "today called", "Saturday were
    arrested") belongs to that verb, whatever the parser attached it to.
    """
    doc, text = span.doc, text_of(span.doc)
    first, last = span[0], span[-1]
    if first.i > 0 and doc[first.i - 1].lower_ not in _PREPOSITIONS:
        prev = doc[first.i - 1]
        if prev.pos_ == "VERB" and _same_line(text, prev.idx, first.idx):
            return prev
        if last.i + 1 < len(doc):
            nxt = doc[last.i + 1]
            if nxt.pos_ == "AUX" and nxt.head.pos_ == "VERB":
                nxt = nxt.head
            if nxt.pos_ == "VERB" and _same_line(text, last.idx, nxt.idx):
                return nxt
    t = span.root
    for _ in range(6):
        h = t.head
        if h.i == t.i or not _same_line(text, h.idx, span.start_char):
            return t if t.pos_ in ("VERB", "AUX") else None
        if h.pos_ in ("VERB", "AUX"):
            return h
        if h.pos_ in ("NOUN", "PROPN") and h.lemma_.lower() in ACT_NOUNS:
            return h
        t = h
    return None


def _is_act_verb(v: Token) -> bool:
    if v.lemma_.lower() in ACT_VERBS or v.lemma_.lower() in ACT_NOUNS:
        return True
    for c in v.children:
        lemma = c.lemma_.lower()
        if c.dep_ in ("dobj", "attr", "npadvmod", "nsubjpass") and lemma in ACT_NOUNS:
            return True
        if c.dep_ in ("advcl", "xcomp", "conj") and c.pos_ == "VERB" and lemma in ACT_VERBS:
            return True
        if c.dep_ in ("prep", "agent") and any(g.lemma_.lower() in ACT_NOUNS for g in c.children):
            return True
        if c.dep_ == "prt" and f"{v.lemma_.lower()} {lemma}" in (
            "round up",
            "pick up",
            "break up",
            "set upon",
        ):
            return True
    return False


def classify(doc: Doc, start: int, end: int) -> Governor:
    """How the verb governing the date at ``[start, end)`` relates to an act."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Governor.NEUTRAL
    gov = _governor_token(span)
    text = text_of(doc)
    if gov is None:
        return Governor.NEUTRAL
    if gov.pos_ in ("NOUN", "PROPN") or _is_act_verb(gov):
        return Governor.ACT
    lemma = gov.lemma_.lower()
    if lemma in REPORT_VERBS:
        told = any(
            (t.pos_ == "VERB" and t.lemma_.lower() in ACT_VERBS)
            or (t.pos_ == "NOUN" and t.lemma_.lower() in ACT_NOUNS)
            for t in gov.subtree
            if t.i != gov.i and not start <= t.idx < end and _same_line(text, t.idx, start)
        )
        return Governor.REPORT_ACT if told else Governor.REPORT
    if lemma in LATER_VERBS:
        return Governor.LATER
    return Governor.NEUTRAL
