"""The ``places`` stage: where did it happen?

Finds place mentions in the parse (:mod:`.mentions`: named entities, capitalised
names after "in", "at", "near"... that the gazetteer knows, names before "town",
"district", "province"..., :mod:`.datelines`, US police agencies named after their
city or county), nationality adjectives and country cues as country evidence
(:mod:`.country`), and sites ("a police station", "the hotel"); tells the
incident's places from residences, destinations and photo captions
(:mod:`.scene`); resolves the names against the offline :mod:`.gazetteer` with the
country and region the rest of the text implies (:mod:`.resolve`); and picks the
most precise place of the main incident as ``analysis.main_place``
(:mod:`.main_place`).

The steps are kept in that order on purpose: the country context must be settled
before any ambiguous name is resolved, and the region context after the names
that settle it.
"""

from __future__ import annotations

from whodid.extract.nlp import text_of
from whodid.extract.pipeline import Analysis, PlaceMention, stage
from whodid.extract.places import gazetteer
from whodid.extract.places.country import country_votes, demonym_country
from whodid.extract.places.gazetteer import Candidate, Gazetteer
from whodid.extract.places.main_place import add_site, main_place
from whodid.extract.places.mention import NOT_NAMES, Mention, act_sentences, sentence_index
from whodid.extract.places.mentions import find_mentions
from whodid.extract.places.resolve import admin_context, choose, place_of
from whodid.extract.places.scene import assign_roles
from whodid.model import Place, Provenance


@stage("places")
def find_places(analysis: Analysis) -> Analysis:
    """Find, resolve and rank the places of the document (see the module doc)."""
    doc = analysis.doc
    if doc is None:
        from whodid.extract.nlp import load

        doc = analysis.doc = load()(analysis.document.text)
    gz = gazetteer.get()
    act_sents = set(act_sentences(doc))
    mentions = find_mentions(doc, gz, sentence_index(doc))
    assign_roles(text_of(doc), mentions)

    for m in mentions:
        if m.kind not in NOT_NAMES:
            m.cands = gz.lookup(m.text, feature="admin1" if m.hint == "admin1" else None) or gz.lookup(m.text)
    top_votes = country_votes(gz, mentions, act_sents)
    # too little evidence for a context that would overrule the names themselves
    country = top_votes[0][0] if top_votes and top_votes[0][1] >= 1.0 else None
    # resolve with the country context, then again with the region the text settles on
    for m in mentions:
        if m.kind not in NOT_NAMES:
            m.chosen = choose(gz, m, country, None)
    admin1 = admin_context(mentions)
    if admin1 is not None:
        for m in mentions:
            if m.kind not in NOT_NAMES:
                m.chosen = choose(gz, m, country, admin1)

    doc_id = analysis.document.id
    out = _place_mentions(gz, mentions, act_sents, doc_id)
    main = main_place(gz, mentions, act_sents, country, doc_id)
    if main is not None and main.lat is not None:
        add_site(doc, main, mentions, act_sents, doc_id, out)
    out.sort(key=lambda pm: pm.start)
    analysis.places = out
    analysis.main_place = main
    analysis.country_hint = main.country if main is not None and main.country else country
    return analysis


def _place_mentions(
    gz: Gazetteer, mentions: list[Mention], act_sents: set[int], doc_id: str
) -> list[PlaceMention]:
    """The analysis's place mentions: resolved names, and nationality adjectives as countries."""
    out: list[PlaceMention] = []
    for m in mentions:
        if m.kind in ("orgcountry", "cue"):
            continue
        if m.kind == "demonym":
            iso = demonym_country(gz, m.text)
            if iso is None:
                continue
            place = Place(
                name=None,
                country=iso,
                geo_precision=3,
                feature="country",
                provenance=Provenance(doc_id, m.start, m.end, m.text),
                confidence=0.6 if m.demonym_strength == 2 else 0.3,
            )
            out.append(
                PlaceMention(place=place, start=m.start, end=m.end, text=m.text, kind="demonym", role=m.role)
            )
            continue
        if m.chosen is None:
            continue
        kind = "region" if m.chosen.feature in ("admin1", "county", "country") else "gpe"
        place = place_of(m.chosen, m, doc_id, 0.7 if m.sent in act_sents else 0.5)
        out.append(PlaceMention(place=place, start=m.start, end=m.end, text=m.text, kind=kind, role=m.role))
    return out


__all__ = ["Candidate", "Gazetteer", "find_places"]
