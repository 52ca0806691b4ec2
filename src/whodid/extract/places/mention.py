"""A place mention as the stage works on it, and helpers over the parse's tokens.

:class:`Mention` carries everything the later steps weigh: how the name was found
(tagged by the model, after a strong preposition, in a dateline), what the words
around it say (a residence, a destination, a border), and the gazetteer entries
it may name. The stage only turns the chosen ones into
:class:`~whodid.extract.pipeline.PlaceMention` at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whodid.extract.places.vocab import ACT_LEMMAS, SUFFIXES

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from whodid.extract.places.gazetteer import Candidate, Gazetteer

# mentions that are no place names: nationality adjectives, countries in organisations' names,
# words that point at one country ("payam", "UNMISS")
NOT_NAMES = ("demonym", "orgcountry", "cue")


@dataclass
class Mention:
    """A name, adjective or cue in the text that says something about where it happened."""

    start: int
    end: int
    text: str
    kind: str  # gpe, site, demonym, region, agency, orgcountry, cue
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


def sentence_index(doc: Doc) -> list[int]:
    """The sentence number of each token."""
    idx = [0] * len(doc)
    for i, sent in enumerate(doc.sents):
        for t in range(sent.start, sent.end):
            idx[t] = i
    return idx


def act_sentences(doc: Doc) -> list[int]:
    """Sentences that tell of an act: the places named there are likeliest the scene."""
    out = []
    for i, sent in enumerate(doc.sents):
        if any(t.lemma_.lower() in ACT_LEMMAS and t.pos_ in ("VERB", "NOUN", "AUX") for t in sent) or any(
            t.lower_ in ("airstrike", "airstrikes", "shelling", "killed", "shot") for t in sent
        ):
            out.append(i)
    return out


def clean_span(doc: Doc, start: int, end: int, gz: Gazetteer | None = None) -> tuple[int, int, str | None]:
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


def following_hint(doc: Doc, end: int) -> str | None:
    """The kind of place a word right after a name says it is ("Bor town", "Jonglei state")."""
    if end < len(doc) and doc[end].lower_ in SUFFIXES:
        if doc[end].lower_ == "area" and end + 1 < len(doc) and doc[end + 1].lower_ != ",":
            return "city"
        return SUFFIXES[doc[end].lower_]
    return None
