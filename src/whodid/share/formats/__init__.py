"""The export and import formats, one small module each, and the table of them.

Each module writes :class:`~whodid.share.formats.common.Item` values (and, where
the format can come back in, reads a file into
:class:`~whodid.share.formats.common.Incoming` documents). Which formats
exist, which take ``--columns`` or ``--attachments``, and which can be
imported is said once, here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from whodid.share.formats import acled_csv, flat_csv, geojson, huridocs, jsonl, uwazi_csv, whodid_json
from whodid.share.formats.common import Incoming, Item, Options, Source

Writer = Callable[[Iterable[Item], BinaryIO, Options, str], list[str]]
Reader = Callable[[Source, Options], list[Incoming]]


@dataclass(frozen=True, slots=True)
class Format:
    """One format: how it is written and read, and which options it takes."""

    name: str
    write: Writer
    read: Reader | None = None
    columns: tuple[str, ...] | None = None  # a tabular format: --columns picks among these
    attachments: bool = False  # --attachments packs the evidence bytes with it


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(jsonl.NAME, jsonl.write),
        Format(flat_csv.NAME, flat_csv.write, columns=flat_csv.COLUMNS),
        Format(whodid_json.NAME, whodid_json.write, whodid_json.read, attachments=True),
        Format(acled_csv.NAME, acled_csv.write, acled_csv.read, columns=acled_csv.COLUMNS),
        Format(geojson.NAME, geojson.write),
        Format(huridocs.NAME, huridocs.write, huridocs.read, attachments=True),
        Format(uwazi_csv.NAME, uwazi_csv.write, uwazi_csv.read, columns=uwazi_csv.COLUMNS),
    )
}
IMPORTABLE = tuple(name for name, f in FORMATS.items() if f.read is not None)
