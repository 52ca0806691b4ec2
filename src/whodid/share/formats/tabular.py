"""CSV as every tabular format writes and reads it.

Writing: UTF-8, comma-separated, quoted where needed, ``\\n`` line ends, and
every cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``,
a tab or a carriage return first, not a number) written with a leading ``'``
so it opens as text (CSV injection). Reading undoes exactly that, and refuses
what an export never writes: a live formula, a row with the wrong
number of cells, a header with unknown or repeated columns, a cell larger than
the format allows.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, BinaryIO

from whodid.share.formats.common import BadImport, ExportError

if TYPE_CHECKING:
    from whodid.share.formats.common import Item

_FORMULA = re.compile(r"'*[=+\-@\t\r]")
DEFAULT_MAX_CELL = 1024 * 1024


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def defuse(text: str) -> str:
    """``text`` as a cell no spreadsheet runs: a leading ``'`` before a formula.

    A cell that already starts with quotes before a formula character gets one
    more, so :func:`restore` gives back exactly the text written.
    """
    return "'" + text if _FORMULA.match(text) and not _number(text) else text


def restore(text: str, where: str) -> str:
    """Inverse of :func:`defuse`; a live formula (no leading ``'``) is refused."""
    if text[:1] == "'" and _FORMULA.match(text[1:]) and not _number(text[1:]):
        return text[1:]
    if _FORMULA.match(text) and not _number(text) and text[:1] != "'":
        raise BadImport(
            f"{where}: {text[:30]!r} would run as a spreadsheet formula; "
            "write it with a leading ' to import it as text"
        )
    return text


def choose(columns: Sequence[str], chosen: Sequence[str] | None, fmt: str) -> tuple[str, ...]:
    """The columns to write: all, or the operator's choice (each one known, none twice)."""
    if not chosen:
        return tuple(columns)
    unknown = [c for c in chosen if c not in columns]
    if unknown:
        raise ExportError(
            f"{', '.join(repr(c) for c in unknown)} {'is not a column' if len(unknown) == 1 else 'are not columns'} "
            f"of {fmt}; valid columns: {', '.join(columns)}"
        )
    if len(set(chosen)) != len(chosen):
        raise ExportError(f"a column is named twice in {', '.join(chosen)}")
    return tuple(chosen)


def write_table(columns: Sequence[str], rows: Iterable[dict[str, str]]) -> Iterator[str]:
    """The header line and one line per row, each cell defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([defuse(row.get(c, "")) for c in columns])
        yield buffer.getvalue()


def write_rows(
    out: BinaryIO,
    columns: Sequence[str],
    items: Iterable[Item],
    rows_of: Callable[[Item], Iterable[dict[str, str]]],
) -> list[str]:
    """Write the table of every item's rows to ``out``; the ids of the items that gave a row
    (the reports an export holds, for the custody log)."""
    ids: list[str] = []

    def rows() -> Iterator[dict[str, str]]:
        for item in items:
            written = False
            for row in rows_of(item):
                written = True
                yield row
            if written:
                ids.append(item.stored.id)

    for line in write_table(columns, rows()):
        out.write(line.encode("utf-8"))
    return ids


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_table(
    data: bytes,
    name: str,
    columns: Sequence[str],
    *,
    required: Sequence[str] = (),
    ignored: Sequence[str] = (),
    max_cell: int = DEFAULT_MAX_CELL,
) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """The header and rows of a CSV file (cells restored and checked), or a :class:`BadImport`.

    ``ignored`` columns are allowed in the header and dropped; any other column
    not in ``columns`` is an error that lists the valid ones.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BadImport(f"{name}: not UTF-8 text (byte {e.start})") from None
    if "\x00" in text:
        raise BadImport(f"{name}: holds NUL characters; not a CSV file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        with _field_limit(max_cell):
            header = next(reader, None)
            if not header or not any(h.strip() for h in header):
                raise BadImport(f"{name}: empty; a header line of column names comes first")
            names = tuple(h.strip() for h in header)
            unknown = [h for h in names if h not in columns and h not in ignored]
            if unknown:
                raise BadImport(
                    f"{name}: unknown column{'s' if len(unknown) > 1 else ''} "
                    f"{', '.join(repr(u[:40]) for u in unknown[:5])}; valid columns: {', '.join(columns)}"
                )
            repeated = sorted({h for h in names if names.count(h) > 1})
            if repeated:
                raise BadImport(f"{name}: column {repeated[0]!r} appears twice")
            missing = [c for c in required if c not in names]
            if missing:
                raise BadImport(
                    f"{name}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
                )
            rows: list[dict[str, str]] = []
            for cells in reader:
                if not cells:
                    continue  # a blank line
                n = len(rows) + 1
                if len(cells) != len(names):
                    raise BadImport(
                        f"{name}: row {n} (line {reader.line_num}) has {len(cells)} cells; "
                        f"the header has {len(names)}"
                    )
                row: dict[str, str] = {}
                for column, cell in zip(names, cells, strict=True):
                    if column in ignored:
                        continue
                    where = f"{name}: row {n}, column {column}"
                    row[column] = restore(cell, where)
                rows.append(row)
    except csv.Error as e:
        raise BadImport(f"{name}: not valid CSV at line {reader.line_num}: {e}") from None
    return names, rows
