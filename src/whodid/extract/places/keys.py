"""The lookup keys of place names, shared by the gazetteer's builder and its queries.

Everything in the gazetteer is a dict hit on a normalised key (lower case, no
diacritics, no apostrophes, hyphens as spaces): no fuzzy matching over the whole
gazetteer, so that a lookup costs microseconds and never drifts to a look-alike
place. The builder and the queries must agree on the keys to the letter, hence
one module for both.
"""

from __future__ import annotations

import re
import unicodedata


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Region names that are also everyday words: only taken with a region word
# after them ("Delta State", "Unity state"), never alone.
GENERIC_WORDS = _words(
    """
    north south east west northern southern eastern western central centre center northeast
    northwest southeast southwest upper lower middle maritime lakes unity delta plateau rivers coast
    coastal capital islands island mountains highlands lowlands valley savanes kara centrale
    oriental occidental littoral equateur interior national federal district estuary border borders
    frontier sea lake lagoon river nile
    """
)
_DIRECTION_WORDS = _words(
    """
    north south east west northern southern eastern western central centre center northeast
    northwest southeast southwest upper lower middle far
    """
)

_SUFFIX_RE = re.compile(
    r"\s+(oblysy|oblast|oblasti|province|state|region|governorate|department|prefecture|"
    r"district|county|territory|municipality|division)$"
)
_COMPASS_RE = re.compile(r"\b(north|south) (east|west)\b")
_TRANS = str.maketrans({**{c: None for c in "’'`ʼ‘ʻʿʾ"}, **{c: " " for c in "-‐‑–—_./,"}})


def norm(text: str) -> str:
    """The lookup key of a name: case-folded, no diacritics or apostrophes, single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    s = " ".join(text.casefold().translate(_TRANS).split())
    if s.startswith("the "):
        s = s[4:]
    return s


def is_acronym(text: str) -> bool:
    """Whether ``text`` is written like an acronym ("US", "L.A.", "CHP")."""
    bare = text.replace(".", "").replace(" ", "")
    return bare.isupper() and len(bare) <= 5


def region_keys(name: str) -> set[str]:
    """The keys of a region's name: as is, without its kind word, French directions in English."""
    key = norm(name)
    keys = {key}
    bare = _SUFFIX_RE.sub("", key)
    keys.add(bare)
    for fr, en in (("nord ", "north "), ("sud ", "south "), ("est ", "east "), ("ouest ", "west ")):
        if bare.startswith(fr):
            keys.add(en + bare[len(fr) :])
    for k in list(keys):  # "North-West" is also written "Northwest"
        compact = _COMPASS_RE.sub(r"\1\2", k)
        if compact != k:
            keys.add(compact)
    return {k for k in keys if k}


def is_generic(key: str) -> bool:
    """Whether a region's key is an everyday word or only directions ("Delta", "North East")."""
    return key in GENERIC_WORDS or all(w in _DIRECTION_WORDS for w in key.split())
