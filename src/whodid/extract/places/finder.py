"""The state of a search for place mentions, and what makes a name a place.

A :class:`Finder` holds the mentions found so far and which tokens they cover (a
covered token is not looked at again), and decides how strong a name is: *strong*
when the syntax says it is a place (after "in", "near"..., with a kind word, in
apposition to a place or followed by a known region); weak names are only kept
later when the country context agrees with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.extract.places.mention import Mention
from whodid.extract.places.vocab import PLACE_PREPS, STRONG_PREPS, SUFFIXES

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from whodid.extract.places.gazetteer import Gazetteer


class Finder:
    """The mentions found so far and the tokens they cover (a covered token is not looked at again)."""

    def __init__(self, doc: Doc, gz: Gazetteer, sent_of: list[int]) -> None:
        self.doc = doc
        self.gz = gz
        self.sent_of = sent_of
        self.mentions: list[Mention] = []
        self.covered = [False] * len(doc)
        # words of people's names: "Herrera was killed" is not the Panamanian province
        self.person_words = {t.lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}

    def cover(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.covered[i] = True

    # --- what makes a name a place ---------------------------------------------------

    def syntax_strong(self, start: int, end: int, hint: str | None) -> bool:
        """Whether the words around say the name is a place."""
        doc = self.doc
        prev = doc[start - 1].lower_ if start > 0 else ""
        return (
            prev in STRONG_PREPS
            or hint is not None
            or self.after_place(start)
            or self.apposed_region(start, end)
        )

    def after_place(self, start: int) -> bool:
        """ "Dogo town, Mopti" / "Ngala, Borno State": a name in apposition to a place."""
        doc = self.doc
        if start < 2 or doc[start - 1].text != ",":
            return False
        k = start - 2
        if doc[k].lower_ in SUFFIXES:
            k -= 1
        return k >= 0 and any(m.start <= doc[k].idx < m.end and m.kind != "demonym" for m in self.mentions)

    def apposed_region(self, start: int, end: int) -> bool:
        """ ", Jonglei" / ", Upper Nile" after any name: a known region or country."""
        doc = self.doc
        if start < 1 or doc[start - 1].text != ",":
            return False
        cands = self.gz.lookup(doc[start:end].text)
        if not cands or not cands[0].primary or cands[0].generic:
            return False
        return cands[0].feature in ("admin1", "country") or cands[0].population >= 100000

    def add(self, start: int, end: int, kind: str, hint: str | None, strong: bool, ner: bool = False) -> bool:
        """Add the name of tokens ``start:end``, with what its context says; False if not added."""
        doc = self.doc
        if start >= end:
            return False
        span = doc[start:end]
        m = Mention(
            span.start_char, span.end_char, span.text, kind, self.sent_of[start], hint=hint, strong=strong
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
        if end - start == 1 and span.text.lower() in self.person_words and not m.strong:
            return False
        self.mentions.append(m)
        self.cover(start, end)
        return True
