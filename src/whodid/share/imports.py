"""Imports of the formats whodid exports (``json``, ``acled-csv``, ``huridocs``, ``uwazi-csv``).

The whole file is read and checked before anything is written: a bad cell,
a wrong column, a bad date, a live spreadsheet formula, an unsafe or
oversized ZIP member anywhere is a :class:`BadImport` naming the place, and
the store is left as it was. Only then is each document added (its evidence
bytes, its record, an ``ingested`` custody entry naming the file and row).

A row of a table has no original document: it becomes a document whose raw
bytes are the row's canonical serialisation (so it is content-addressed, and
the same row imported twice is one document), with origin
``import:<file>#row=<n>`` and a media type naming the format. A document
already in the store (same id, or the original a file's row came from) is
skipped and reported, never duplicated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from whodid.share.formats import FORMATS, IMPORTABLE, huridocs, whodid_json
from whodid.share.formats.archive import Package
from whodid.share.formats.common import (
    DATE_FORMATS,
    DEFAULT_DATE_FORMAT,
    BadImport,
    Incoming,
    Options,
    Source,
)

if TYPE_CHECKING:
    from whodid.store.repository import Repository

__all__ = ["MAX_INPUT_BYTES", "BadImport", "Imported", "detect", "import_file", "read_file"]

MAX_INPUT_BYTES = 512 * 1024 * 1024


@dataclass(slots=True)
class Imported:
    """What an import did: documents added and documents skipped, with why."""

    format: str
    added: list[tuple[str, str]] = field(default_factory=list)  # (label, document id)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (label, document id, why)


def detect(path: Path, data: bytes) -> str:
    """The format of a file, from its name and first bytes (``--format`` overrides)."""
    suffix = path.suffix.lower()
    if data[:2] == b"PK":
        package = Package(data, path.name, lambda member: True)
        if huridocs.is_package(package):
            return huridocs.NAME
        if whodid_json.is_package(package):
            return whodid_json.NAME
        raise BadImport(f"{path.name}: a ZIP with neither documents.csv (huridocs) nor whodid.json (json)")
    if suffix == ".json" or data.lstrip()[:1] == b"{":
        return whodid_json.NAME
    first = data[:4096].decode("utf-8-sig", errors="replace").split("\n", 1)[0]
    columns = {c.strip().strip('"') for c in first.split(",")}
    if "event_id_cnty" in columns:
        return "acled-csv"
    if "title" in columns:
        return "uwazi-csv"
    raise BadImport(f"{path.name}: cannot tell its format; name it with --format ({', '.join(IMPORTABLE)})")


def read_file(
    path: Path, fmt: str | None = None, *, date_format: str = DEFAULT_DATE_FORMAT
) -> tuple[str, list[Incoming]]:
    """Read and check a whole file; nothing is written. The format and what it holds."""
    if fmt is not None and fmt not in IMPORTABLE:
        raise BadImport(f"{fmt!r} cannot be imported; one of {', '.join(IMPORTABLE)}")
    if date_format not in DATE_FORMATS:
        raise BadImport(f"{date_format!r} is not a date format; one of {', '.join(DATE_FORMATS)}")
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise BadImport(f"{path}: not a file")
        if size > MAX_INPUT_BYTES:
            raise BadImport(
                f"{path.name}: {size >> 20} MiB; whodid imports files up to {MAX_INPUT_BYTES >> 20} MiB"
            )
        data = path.read_bytes()
    except OSError as e:
        raise BadImport(f"cannot read {path}: {e.strerror}") from None
    if not data.strip():
        raise BadImport(f"{path.name}: empty")
    chosen = fmt or detect(path, data)
    reader = FORMATS[chosen].read
    assert reader is not None
    return chosen, reader(Source(path.name, data), Options(date_format=date_format))


def _prefixed(repo: Repository, prefix: str) -> str | None:
    """The one stored document whose id starts with ``prefix``, if there is one."""
    from whodid.store.errors import NotFoundError, StoreError

    try:
        return repo.resolve_id(prefix)
    except (NotFoundError, StoreError):
        return None


def import_file(
    repo: Repository, path: Path, fmt: str | None = None, *, date_format: str = DEFAULT_DATE_FORMAT
) -> Imported:
    """Import ``path`` into ``repo``: everything checked first, then each new document added."""
    chosen, incoming = read_file(path, fmt, date_format=date_format)
    done = Imported(chosen)
    new: list[Incoming] = []
    seen: set[str] = set()
    for item in incoming:
        doc_id = item.document.id
        if doc_id in seen:
            done.skipped.append((item.label, doc_id, "repeats an earlier entry of the file"))
        elif repo.can_see(doc_id, None):
            done.skipped.append((item.label, doc_id, "already in the store"))
        elif item.original_id and item.original_id != doc_id and repo.can_see(item.original_id, None):
            done.skipped.append((item.label, item.original_id, "its original is already in the store"))
        elif item.original_prefix and (found := _prefixed(repo, item.original_prefix)):
            done.skipped.append((item.label, found, "its original is already in the store"))
        else:
            new.append(item)
        seen.add(doc_id)
    for item in new:
        repo.add(item.document, item.record)
        done.added.append((item.label, item.document.id))
    return done
