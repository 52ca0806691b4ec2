"""Exports of the store, redacted per audience by the same code as the web pages.

Formats (one module each under :mod:`whodid.share.formats`): ``jsonl``, one
object per report, for scripts; ``csv``, the flat view (one row per report's
main event); ``json``, every report whole with its evidence bytes, for
another whodid; ``acled-csv``, one row per event in ACLED's columns and
codes; ``geojson``, the events as points on a map; ``huridocs``, the HURIDOCS
events standard formats as related tables in a ZIP; ``uwazi-csv``, Uwazi's
CSV import layout. ``--columns`` picks the columns of a tabular format,
``--attachments`` packs the evidence bytes (``json``, ``huridocs``).

A profile's audience bounds what is exported: the partner profile exports
only what a partner may see (public records and their grants), whatever the
operator asks for, redacted, and never evidence bytes (they are not redacted).
Every file is written whole or not at all (a temporary file renamed over the
target). Each exported report gets an ``exported`` entry in the custody log,
so ``whodid audit --item`` shows who exported it, when, to which audience.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from whodid.atomic import atomic_file
from whodid.protect.redact import PROFILES, Redactor
from whodid.share.formats import FORMATS, Format
from whodid.share.formats.common import DATE_FORMATS, DEFAULT_DATE_FORMAT, ExportError, Item, Options
from whodid.share.formats.flat_csv import flat_cell as _csv_cell
from whodid.store.access import Access

if TYPE_CHECKING:
    from whodid.store.repository import Repository

__all__ = ["FORMATS", "ExportError", "Exported", "_csv_cell", "export"]


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    count: int
    sha256: str


def _items(repo: Repository, redactor: Redactor, access: Access | None) -> Iterator[Item]:
    """Every report the audience may see, as the profile shows it, oldest received first."""
    for doc_id in repo.document_ids(access):
        stored = repo.get_document(doc_id)
        document, record = redactor.document_and_record(stored, repo.get_record(doc_id))
        yield Item(stored, document, record, redactor.profile)


def _check(spec: Format, options: Options, redacts: bool) -> None:
    if options.columns is not None and spec.columns is None:
        tabular = ", ".join(name for name, f in FORMATS.items() if f.columns)
        raise ExportError(f"--columns is for the tabular formats ({tabular}), not {spec.name}")
    if options.attachments and not spec.attachments:
        packed = ", ".join(name for name, f in FORMATS.items() if f.attachments)
        raise ExportError(f"--attachments is for {packed}, not {spec.name}")
    if options.attachments and redacts:
        raise ExportError(
            "a redacted profile never carries evidence bytes (they are not redacted); export without --attachments"
        )
    if options.date_format not in DATE_FORMATS:
        raise ExportError(f"{options.date_format!r} is not a date format; one of {', '.join(DATE_FORMATS)}")


def export(
    repo: Repository,
    target: Path,
    *,
    fmt: str = "jsonl",
    profile: str = "full",
    overwrite: bool = False,
    columns: list[str] | tuple[str, ...] | None = None,
    attachments: bool = False,
    date_format: str = DEFAULT_DATE_FORMAT,
) -> Exported:
    """Write every report ``profile``'s audience may see to ``target``, atomically."""
    if fmt not in FORMATS:
        raise ExportError(f"{fmt!r} is not an export format; one of {', '.join(FORMATS)}")
    if profile not in PROFILES:
        raise ExportError(f"{profile!r} is not a profile; one of {', '.join(PROFILES)}")
    spec = FORMATS[fmt]
    chosen = PROFILES[profile]
    options = Options(
        columns=tuple(columns) if columns is not None else None,
        attachments=attachments,
        date_format=date_format,
    )
    _check(spec, options, chosen.redacts)
    if spec.columns is not None and options.columns is not None:
        from whodid.share.formats.tabular import choose

        choose(spec.columns, options.columns, spec.name)  # an unknown column fails before any file exists
    if target.exists() and not overwrite:
        raise ExportError(f"{target} exists; choose another name or overwrite it explicitly")
    redactor = Redactor(chosen, repo.pseudonym)
    # the audience bounds what leaves: a partner export holds what a partner may see
    access = Access("(export)", "partner") if chosen.name == "partner" else None
    with atomic_file(target) as f:
        ids = spec.write(_items(repo, redactor, access), f, options, chosen.name)
    digest = hashlib.sha256()
    with target.open("rb") as written:
        for block in iter(lambda: written.read(1 << 20), b""):
            digest.update(block)
    done = Exported(target, len(ids), digest.hexdigest())
    repo.log_exports(ids, {"profile": chosen.name, "format": fmt, "file_sha256": done.sha256})
    return done
