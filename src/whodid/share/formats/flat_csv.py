"""``csv``: the flat view, one row per report's main event (the gold format's columns)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

from whodid.model.flat import FLAT_FIELDS, to_flat
from whodid.share.formats.common import Item, Options
from whodid.share.formats.tabular import choose, defuse, write_table

NAME = "csv"
COLUMNS = FLAT_FIELDS


def flat_cell(value: Any) -> str:
    """A flat value as a cell: lists of actors by name, joined by ``; ``; formulas defused."""
    if isinstance(value, list):
        return "; ".join(
            v.get("name") or "" if isinstance(v, dict) else str(v) for v in value if v is not None
        )
    return defuse("" if value is None else str(value))


def write(items: Iterable[Item], out: BinaryIO, options: Options, profile: str) -> list[str]:
    columns = choose(COLUMNS, options.columns, NAME)
    ids: list[str] = []

    def rows() -> Iterable[dict[str, str]]:
        for item in items:
            flat = to_flat(item.record, item.stored.id)
            ids.append(item.stored.id)
            # write_table defuses each cell once more; a list cell is joined here, undefused
            yield {c: _joined(flat[c]) for c in columns}

    for line in write_table(columns, rows()):
        out.write(line.encode("utf-8"))
    return ids


def _joined(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(
            v.get("name") or "" if isinstance(v, dict) else str(v) for v in value if v is not None
        )
    return "" if value is None else str(value)
