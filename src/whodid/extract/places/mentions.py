"""Finding place mentions in the parse.

The model's entities first (:mod:`.entities`); then what the model missed: place
acronyms ("LAPD") and capitalised runs the gazetteer knows after a place
preposition or before a kind word ("in Damboa", "Bagari payam"); then datelines
(:mod:`.datelines`) and country cues (:mod:`.country`). The order matters: a token
an earlier step covered is not looked at again, and a name in apposition is strong
only after the place it follows was found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.extract.nlp import text_of
from whodid.extract.places.country import cue_mentions
from whodid.extract.places.datelines import add_datelines, mark_org_datelines
from whodid.extract.places.entities import add_entities
from whodid.extract.places.finder import Finder
from whodid.extract.places.mention import Mention, following_hint
from whodid.extract.places.vocab import NOT_PLACES, PLACE_PREPS, STREET_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from whodid.extract.places.gazetteer import Gazetteer


def find_mentions(doc: Doc, gz: Gazetteer, sent_of: list[int]) -> list[Mention]:
    """Every place name, nationality adjective, dateline and country cue, in text order."""
    finder = Finder(doc, gz, sent_of)
    add_entities(finder)
    add_acronyms(finder)
    add_capitalised_runs(finder)
    mentions = finder.mentions
    add_datelines(doc, gz, sent_of, mentions)
    mentions.extend(cue_mentions(doc, gz, sent_of))
    mark_org_datelines(text_of(doc), mentions)
    mentions.sort(key=lambda m: m.start)
    return mentions


def add_acronyms(f: Finder) -> None:
    """Place acronyms: "LAPD", "CHP"."""
    for i, tok in enumerate(f.doc):
        if not f.covered[i] and tok.text in f.gz.acronyms and tok.text not in ("US", "UK"):
            f.add(i, i + 1, "agency", None, True)


def add_capitalised_runs(f: Finder) -> None:
    """Capitalised names the model missed, after a place preposition or before a kind word."""
    doc, gz, covered = f.doc, f.gz, f.covered
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if covered[i] or not tok.text[:1].isupper() or tok.lower_ in NOT_PLACES or not tok.text[:1].isalpha():
            i += 1
            continue
        if i > 0 and doc[i - 1].text in ("-", "‐") and not doc[i - 1].whitespace_:
            i += 1  # the end of a hyphenated name ("Shahr-e-Buzurg"): not a name of its own
            continue
        j = i
        while (
            j < n
            and not covered[j]
            and (doc[j].text[:1].isupper() or doc[j].text in ("-", "'"))
            and j - i < 4
        ):
            j += 1
        prev = doc[i - 1].lower_ if i > 0 else ""
        # "at a Compton truck yard", "of the Victorville Target": a place used as an adjective
        attributive = prev in ("a", "the") and i > 1 and doc[i - 2].lower_ in PLACE_PREPS
        hint = following_hint(doc, j)
        street = (j < n and doc[j].lower_ in STREET_WORDS and doc[j].text[:1].isupper()) or (
            j - i > 1 and doc[j - 1].lower_ in STREET_WORDS
        )
        if not street and (prev in PLACE_PREPS or hint or attributive or prev == ","):
            # the longest known prefix of the run
            for k in range(j, i, -1):
                name = doc[i:k].text
                if doc[k - 1].lower_ in NOT_PLACES and k - i == 1:
                    continue
                if gz.knows(name):
                    h = hint if k == j else None
                    strong = f.syntax_strong(i, k, h) and not attributive
                    if prev == "," and not strong:
                        break
                    f.add(i, k, "gpe", h, strong)
                    break
        i = max(j, i + 1)
