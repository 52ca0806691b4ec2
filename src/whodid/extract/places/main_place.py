"""Choosing the main place: the most precise place of the main incident, and its site.

Incident mentions are scored: in a sentence that tells of an act (the first one
most), a dateline that agrees with the country, named again, early in the text,
in the country context. The best is then refined: a region or country gives way
to a town named in the same sentence ("Molave town, Zamboanga del Sur"), or else
anywhere in the same country and region. When no incident place resolves, the
main place is the country the text points at clearly enough, without coordinates.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from whodid.extract.nlp import text_of
from whodid.extract.pipeline import PlaceMention
from whodid.extract.places.country import country_votes, demonym_country
from whodid.extract.places.resolve import place_of
from whodid.extract.places.vocab import SITE_WORDS
from whodid.model import Place, Provenance

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from whodid.extract.places.gazetteer import Gazetteer
    from whodid.extract.places.mention import Mention

_PRECISION_RANK = {"city": 0, "county": 1, "admin1": 2, "country": 3}


def main_place(
    gz: Gazetteer,
    mentions: list[Mention],
    act_sents: set[int],
    country: str | None,
    doc_id: str,
) -> Place | None:
    """The place of the main incident, or None when the text doesn't say."""
    placed = [m for m in mentions if m.chosen is not None and m.kind != "demonym"]
    incident = [m for m in placed if m.role == "incident"]
    first_act = min(act_sents) if act_sents else None
    counts = Counter(m.chosen.gazetteer_id for m in incident if m.chosen)

    def score(m: Mention) -> float:
        assert m.chosen is not None
        s = 0.0
        if m.sent in act_sents:
            s += 2.0
        if first_act is not None and m.sent == first_act:
            s += 1.0
        if m.dateline:
            s += 2.5 if (country is None or m.chosen.country == country) else -1.0
        if country is not None and m.chosen.country != country:
            s -= 2.0
        s += 0.4 * (counts[m.chosen.gazetteer_id] - 1)
        s -= 0.02 * m.sent
        if m.chosen.feature == "country":
            s -= 0.5
        return s

    if not incident:
        return _country_only(gz, mentions, act_sents, doc_id)
    best = max(incident, key=lambda m: (score(m), -m.start))
    # the most precise place said in the same sentence and country ("Molave town, Zamboanga del Sur")
    same = [
        m
        for m in incident
        if m.sent == best.sent
        and m.chosen is not None
        and best.chosen is not None
        and m.chosen.country == best.chosen.country
    ]
    if best.chosen is not None and best.chosen.feature in ("admin1", "country", "county"):
        coarse = _PRECISION_RANK.get(best.chosen.feature, 3)

        def finer_than(m: Mention) -> bool:
            return m.chosen is not None and _PRECISION_RANK.get(m.chosen.feature, 3) < coarse

        finer = [m for m in same if finer_than(m)]
        if finer:
            best = min(
                finer, key=lambda m: (_PRECISION_RANK.get(m.chosen.feature, 3) if m.chosen else 3, m.start)
            )
        else:
            # a town named elsewhere in the same country (and region) says more than the country
            coarse_place = best.chosen
            assert coarse_place is not None
            region = (
                coarse_place.admin1
                if coarse_place.feature != "country" and coarse_place.lat is not None
                else None
            )
            anywhere = [
                m
                for m in incident
                if finer_than(m)
                and m.chosen is not None
                and m.chosen.country == coarse_place.country
                and (region is None or m.chosen.admin1 in (None, region))
            ]
            if anywhere:
                best = max(anywhere, key=lambda m: (score(m), -m.start))
    if best.chosen is None:
        return None
    place = place_of(best.chosen, best, doc_id, min(0.9, 0.5 + 0.1 * max(0.0, score(best))))
    if best.chosen.feature == "city":
        region_place = next(
            (
                m.chosen
                for m in same
                if m.chosen is not None
                and m.chosen.feature == "admin1"
                and m.chosen.country == best.chosen.country
            ),
            None,
        )
        if region_place is not None and place.admin1 is None:
            place.admin1 = region_place.admin1
    return place


def _country_only(gz: Gazetteer, mentions: list[Mention], act_sents: set[int], doc_id: str) -> Place | None:
    """No incident place: the country the text points at, without coordinates, if it clearly leads."""
    ranked = country_votes(gz, mentions, act_sents)
    if not ranked or ranked[0][1] < 0.8 or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
        return None
    iso = ranked[0][0]
    anchor = next(
        (
            m
            for m in mentions
            if (m.chosen and m.chosen.country == iso)
            or (m.kind == "demonym" and demonym_country(gz, m.text) == iso)
        ),
        None,
    )
    prov = Provenance(doc_id, anchor.start, anchor.end, anchor.text) if anchor else None
    return Place(name=None, country=iso, geo_precision=3, feature="country", provenance=prov, confidence=0.4)


def add_site(
    doc: Doc, main: Place, mentions: list[Mention], act_sents: set[int], doc_id: str, out: list[PlaceMention]
) -> None:
    """The site of the main incident ("a police station", "the hotel"), in the main place's sentence
    or the first sentences that tell of an act: set on ``main`` and added to ``out``."""
    sents = list(doc.sents)
    text = text_of(doc)
    anchor = next(
        (
            m
            for m in mentions
            if m.chosen is not None and m.start == (main.provenance.start if main.provenance else -1)
        ),
        None,
    )
    sent_ids = [anchor.sent] if anchor else []
    sent_ids += sorted(act_sents)
    for si in sent_ids[:3]:
        site = _site_in(sents[si])
        if site is not None:
            main.site = site[0]
            out.append(
                PlaceMention(
                    place=Place(
                        name=main.name,
                        country=main.country,
                        admin1=main.admin1,
                        lat=main.lat,
                        lon=main.lon,
                        geo_precision=1,
                        site=site[0],
                        feature="site",
                        provenance=Provenance(doc_id, site[1], site[2], text[site[1] : site[2]]),
                        confidence=0.4,
                    ),
                    start=site[1],
                    end=site[2],
                    text=text[site[1] : site[2]],
                    kind="site",
                )
            )
            break


def _site_in(sent: Span) -> tuple[str, int, int] | None:
    """The first site word of a sentence with a determiner or preposition before it: label, start, end."""
    words = [t.lower_ for t in sent]
    for i, w in enumerate(words):
        two = w + " " + words[i + 1] if i + 1 < len(words) else ""
        if two in SITE_WORDS:
            t = sent[i]
            return SITE_WORDS[two], t.idx, sent[i + 1].idx + len(sent[i + 1])
        if w in SITE_WORDS and (
            i == 0
            or words[i - 1]
            in ("the", "a", "an", "his", "her", "their", "its", "our", "at", "in", "local", "police")
        ):
            t = sent[i]
            return SITE_WORDS[w], t.idx, t.idx + len(t)
    return None
