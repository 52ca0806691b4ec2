"""Resolving a mention to one gazetteer entry, in the country and region context.

The gazetteer ranks a name's entries by the context; :func:`choose` then decides
whether the best one is believable. Most of the rules refuse: a place abroad
named in passing, an alternate spelling that is more often another word ("Khan",
"Africa"), a small town the context doesn't place, a region name that is an
everyday word ("Unity"). A wrong place is worse than none: the record's reader
trusts a coordinate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from whodid.extract.places.vocab import DIRECTIONS
from whodid.model import Place, Provenance

if TYPE_CHECKING:
    from whodid.extract.places.gazetteer import Candidate, Gazetteer
    from whodid.extract.places.mention import Mention


def admin_context(mentions: list[Mention]) -> str | None:
    """The first-level region the text settles on: an incident region or county, else any county's."""
    for m in mentions:
        if m.chosen and m.chosen.feature in ("admin1", "county") and m.chosen.admin1 and m.role == "incident":
            return m.chosen.admin1
    for m in mentions:
        if m.chosen and m.chosen.feature == "county" and m.chosen.admin1:
            return m.chosen.admin1
    return None


def choose(gz: Gazetteer, m: Mention, country: str | None, admin1: str | None) -> Candidate | None:
    """The entry ``m`` names in this context, or None when no entry is believable."""
    feature = None
    if m.hint == "admin1":
        feature = "admin1"
    elif m.hint == "county":
        feature = "county"
    name = m.text
    cands = gz.lookup(name, country=country, admin1=admin1, feature=feature)
    if not cands and feature is not None:
        cands = gz.lookup(name, country=country, admin1=admin1)
    if m.hint == "county" and not cands:
        cands = gz.lookup(name + " County", country=country, admin1=admin1)
    if not cands:
        # "South Los Angeles", "West Oakland": part of the place
        first, _, rest = name.partition(" ")
        if first.lower() in DIRECTIONS and rest:
            cands = [c for c in gz.lookup(rest, country=country, admin1=admin1) if c.feature != "country"]
            m.near = bool(cands)
    if not cands:
        return None
    best = cands[0]
    in_context = country is not None and best.country == country
    if best.generic and (not m.hint or not in_context):
        return None
    pinned = (
        m.kind == "agency" or m.dateline or (best.primary and best.feature in ("country", "admin1", "county"))
    )
    countries = {c.country for c in cands}
    abroad = country is not None and not in_context and best.feature != "country"
    if (
        abroad
        and not (m.kind == "agency" or m.dateline)
        and (not m.strong or best.population < 100000 or not best.primary)
    ):
        return None  # a place abroad: only a well-known one, named as a place ("in Beijing")
    if (
        not best.primary
        and not in_context
        and (country is not None or not m.strong or len(countries) > 1 or best.population < 50000)
    ):
        return None  # an alternate spelling abroad: too often another word ("Khan", "Africa")
    if m.hint == "admin1" and best.feature != "admin1" and not best.primary:
        return None
    if not best.primary and not m.strong and not pinned:
        return None  # an alternate name in no place context ("his white Tahoe")
    if country and not in_context and not pinned and (not (m.strong or m.ner) or best.population < 100000):
        return None  # out of context: only a well-known city, in a clear place context
    small = best.feature == "city" and best.population < 50000 and not in_context and not pinned
    if small and (country is not None or not m.strong or len(countries) > 1):
        return None  # a small town: the text must agree on the country, or be unambiguous and well placed
    if (
        not m.strong
        and not in_context
        and not pinned
        and best.population < (50000 if m.attributive else 100000)
    ):
        return None
    return best


def place_of(c: Candidate, m: Mention | None, document_id: str, confidence: float) -> Place:
    """The record's :class:`~whodid.model.Place` of an entry; precision 1 a point, 2 near or a
    district or county, 3 a region without coordinates or a country."""
    prov = Provenance(document_id, m.start, m.end, m.text) if m is not None else None
    if c.feature == "country":
        return Place(
            name=None,
            country=c.country,
            geo_precision=3,
            feature="country",
            gazetteer_id=c.gazetteer_id,
            provenance=prov,
            confidence=confidence,
        )
    precision = 1
    if c.feature in ("admin1",):
        precision = 3 if c.lat is None else 2
    elif c.feature == "county":
        precision = 2
    if m is not None and (m.near or m.hint == "district"):
        precision = max(precision, 2)
    return Place(
        name=c.name,
        country=c.country,
        admin1=c.admin1 if c.feature != "country" else None,
        lat=c.lat,
        lon=c.lon,
        geo_precision=precision,
        feature="region" if c.feature in ("admin1", "county") else c.feature,
        gazetteer_id=c.gazetteer_id,
        provenance=prov,
        confidence=confidence,
    )
