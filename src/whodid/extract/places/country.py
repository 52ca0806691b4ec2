"""Country evidence: which country the text is about, before any name is resolved.

Names are resolved in a country context, because most place names exist in several
countries ("Tripoli", "Paris", "Herrera"). The context is a vote over everything
that points at one country: names that clearly name one whatever the context
(:func:`confident`, :func:`unique_town`), nationality adjectives ("Kazakh police"
counts more than "a Kazakh man"), words used of one country only (country cues:
"payam", "UNMISS") and, when nothing else speaks, countries in organisations'
names. Mentions in the sentences that tell of an act, and datelines, weigh more;
residences, destinations and borders less or nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING

from whodid.extract.nlp import text_of
from whodid.extract.places.mention import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from whodid.extract.places.gazetteer import Candidate, Gazetteer


def cue_mentions(doc: Doc, gz: Gazetteer, sent_of: list[int]) -> list[Mention]:
    """Words that point at one country ("Bagari payam", "UNMISS peacekeepers")."""
    text = text_of(doc)
    out = []
    for pattern in _cue_patterns(gz):
        for cm in pattern.finditer(text):
            span = doc.char_span(cm.start(), cm.end(), alignment_mode="expand")
            if span is None:
                continue
            cue = cm.group(0)
            iso = gz.country_cues.get(cue) or gz.country_cues.get(cue.lower())
            out.append(
                Mention(cm.start(), cm.end(), cue, "cue", sent_of[span.start], strong=False, cue_country=iso)
            )
    return out


@lru_cache(maxsize=4)
def _cue_patterns(gz: Gazetteer) -> tuple[re.Pattern[str], ...]:
    """Regexes of the gazetteer's country cues: lower-case ones in any case, others as written."""
    out = []
    for flags, cues in (
        (re.IGNORECASE, [c for c in gz.country_cues if c.islower()]),
        (0, [c for c in gz.country_cues if not c.islower()]),
    ):
        if cues:
            alts = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
            out.append(re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", flags))
    return tuple(out)


def demonym_country(gz: Gazetteer, text: str) -> str | None:
    """The country of a nationality adjective, trying its longest leading words first."""
    words = text.split()
    for k in range(len(words), 0, -1):
        iso = gz.demonym(" ".join(words[:k]))
        if iso:
            return iso
    return gz.demonym(words[-1]) if words else None


def confident(m: Mention) -> Candidate | None:
    """The entry a mention names whatever the context, if it is that clear."""
    cands = [c for c in m.cands if not c.generic or m.hint]
    if not cands:
        return None
    top = cands[0]
    if not top.primary:
        return None
    countries = {c.country for c in cands if c.primary}
    if top.feature in ("country", "county") or (m.kind == "agency" and len(countries) == 1):
        return top
    if top.feature == "admin1" and len(countries) == 1:
        return top
    if top.feature == "city" and top.population >= 100000:
        rivals = [c for c in cands[1:] if c.primary and c.country != top.country]
        if not rivals or rivals[0].population * 3 < top.population:
            return top
    return None


def unique_town(m: Mention) -> Candidate | None:
    """A town named as a place ("in X", a tagged place) whose name only one country has."""
    if (
        m.kind not in ("gpe", "agency")
        or not m.strong
        or not (m.ner or m.hint == "city" or m.kind == "agency")
    ):
        return None
    cands = [c for c in m.cands if not c.generic]
    if not cands or not cands[0].primary or cands[0].feature != "city":
        return None
    top = cands[0]
    if any(c.country != top.country and (c.primary or c.population >= top.population) for c in cands):
        return None
    return top


def country_votes(gz: Gazetteer, mentions: list[Mention], act_sents: set[int]) -> list[tuple[str, float]]:
    """Countries the text points at, strongest first, with their weight."""
    votes: dict[str, float] = defaultdict(float)
    cues_seen: set[str] = set()
    first_act = min(act_sents) if act_sents else -1
    for m in mentions:
        w = 1.0 if m.role == "incident" else 0.3
        if m.sent in act_sents:
            w *= 1.5
        if m.sent == first_act:
            w *= 1.5
        if m.dateline:
            w *= 1.5
        if m.to or m.origin:
            w *= 0.5
        if m.kind == "demonym":
            iso = demonym_country(gz, m.text)
            if iso:
                votes[iso] += w * (1.5 if m.demonym_strength == 2 else 0.25)
            continue
        if m.kind == "orgcountry" or m.border:
            continue
        if m.kind == "cue":
            if m.cue_country and m.text not in cues_seen:
                cues_seen.add(m.text)
                votes[m.cue_country] += 1.0
            continue
        top = confident(m)
        if top is not None and top.country:
            # a name in passing ("Palma Community Radio") says less than one named as a place
            weak = not (m.strong or m.ner or m.dateline) and m.kind == "gpe"
            votes[top.country] += w * (1.0 if weak else 2.0)
        else:
            town = unique_town(m)
            if town is not None and town.country:
                votes[town.country] += w * 1.0
    if not votes:
        # only organisations named after a country: weak evidence, the first named first
        w = 1.0
        for m in mentions:
            iso = gz.country(m.text) if m.kind == "orgcountry" else None
            if iso:
                votes[iso] += w
                w = 0.5
    # ties go to the country named first (dicts keep insertion order; sorted is stable)
    return sorted(votes.items(), key=lambda kv: -kv[1])
