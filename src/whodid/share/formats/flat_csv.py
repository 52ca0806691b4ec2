"""``csv``: the flat view, one row per report's main event (the gold format's columns)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

from whodid.model.flat import FLAT_FIELDS, to_flat
from whodid.share.formats.common import Item, Options
from whodid.share.formats.tabular import choose, defuse, write_rows

NAME = "csv"
COLUMNS = FLAT_FIELDS


def flat_cell(value: Any) -> str:
    """A flat value as a cell: lists of actors by name, joined by ``; ``; formulas defused."""
    return defuse(_joined(value))


def write(items: Iterable[Item], out: BinaryIO, options: Options, profile: str) -> list[str]:
    columns = choose(COLUMNS, options.columns, NAME)

    def rows(item: Item) -> Iterable[dict[str, str]]:
        flat = to_flat(item.record, item.stored.id)
        # write_table defuses each cell; a list cell is joined here, undefused
        yield {c: _joined(flat[c]) for c in columns}

    return write_rows(out, columns, items, rows)


def _joined(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(
            v.get("name") or "" if isinstance(v, dict) else str(v) for v in value if v is not None
        )
    return "" if value is None else str(value)
