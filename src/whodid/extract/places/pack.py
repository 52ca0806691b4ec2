"""The layout of the gazetteer's tables: parallel columns and a hash index, not objects.

Every entry is a row of parallel columns: name, country (ISO3), feature code
(``c`` city, ``a`` first-level region, ``n`` country, ``k`` US county), admin1
name, latitude, longitude (NaN when unknown), population and gazetteer id (a
GeoNames id for cities, a string otherwise), kept as arrays and byte strings
rather than objects. The name index is an open-addressing hash table over the
UTF-8 keys (``zlib.crc32``, linear probing) whose postings are ``2 * row`` (the
row's own name) or ``2 * row + 1`` (an alternate name): a few megabytes where a
dict of a quarter of a million keys takes tens. The result is a dict of plain
values (lists, strings, ints, bytes) that :mod:`marshal` writes and reads back in
a few tens of milliseconds, and that :class:`~whodid.extract.places.gazetteer.Gazetteer`
queries in place.
"""

from __future__ import annotations

import zlib
from array import array
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from whodid.extract.places.build import Builder

# one-letter codes of the kinds of entry in the tables
FEATURE_CODES = {"city": "c", "admin1": "a", "country": "n", "county": "k"}
# bump when the tables' layout changes (the cache key also hashes the building code)
TABLES_FORMAT = 1


def pack_tables(b: Builder) -> dict[str, Any]:
    """The builder's rows and index as compact tables."""
    keys = sorted(b.index)
    key_blob = bytearray()
    key_off = array("I", [0])
    post_off = array("I", [0])
    postings = array("I")
    for key in keys:
        key_blob += key.encode()
        key_off.append(len(key_blob))
        postings.extend(dict.fromkeys(b.index[key]))
        post_off.append(len(postings))
    size = 1 << max(4, (len(keys) * 3 // 2).bit_length())  # open addressing, load under 3/4
    slots = array("i", [-1]) * size
    mask = size - 1
    for i, key in enumerate(keys):
        h = zlib.crc32(key.encode()) & mask
        while slots[h] >= 0:
            h = (h + 1) & mask
        slots[h] = i
    name_blob = bytearray()
    name_off = array("I", [0])
    for name in b.names:
        name_blob += name.encode()
        name_off.append(len(name_blob))
    countries = ["", *sorted({c for c in b.countries if c})]
    admin1 = ["", *sorted({a for a in b.admin1 if a})]
    cpos = {c: i for i, c in enumerate(countries)}
    apos = {a: i for i, a in enumerate(admin1)}
    return {
        "keys": bytes(key_blob),
        "key_off": key_off.tobytes(),
        "post_off": post_off.tobytes(),
        "postings": postings.tobytes(),
        "slots": slots.tobytes(),
        "names": bytes(name_blob),
        "name_off": name_off.tobytes(),
        "country_list": countries,
        "country_idx": array("H", [cpos[c or ""] for c in b.countries]).tobytes(),
        "admin1_list": admin1,
        "admin1_idx": array("H", [apos[a or ""] for a in b.admin1]).tobytes(),
        "features": "".join(b.features),
        "lat": b.lat.tobytes(),
        "lon": b.lon.tobytes(),
        "pop": b.pop.tobytes(),
        "geonameid": array("q", [g if isinstance(g, int) else 0 for g in b.gids]).tobytes(),
        "other_gids": {n: g for n, g in enumerate(b.gids) if isinstance(g, str) and g},
        "generic": b.generic,
        "aliases": {k: tuple(v) for k, v in b.aliases.items()},
        "acronyms": {k: tuple(v) for k, v in b.acronyms.items()},
        "demonyms": b.demonyms,
        "iso2to3": b.iso2to3,
        "country_names": b.country_names,
        "country_keys": b.country_keys,
        "country_cues": b.country_cues,
    }
