"""Exports of the store, redacted per audience by the same code as the web pages.

Two formats for now: ``jsonl``, one object per report with its (redacted)
document and full record, for another whodid or a script; and ``csv``, the
flat view (one row per report's main event, the columns of the gold format),
for spreadsheets. A profile's audience also bounds what is exported: the
partner profile exports only what a partner may see (public records and
their grants), whatever the operator asks for. Each exported report gets an
``exported`` entry in the custody log, so ``whodid audit --item`` shows who
exported it, when, to which audience.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whodid.model.flat import FLAT_FIELDS, to_flat
from whodid.protect.redact import PROFILES, Redactor
from whodid.store.access import Access

if TYPE_CHECKING:
    from whodid.store.repository import Repository

FORMATS = ("jsonl", "csv")


class ExportError(Exception):
    """An export that cannot be written; the message says why."""


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    count: int
    sha256: str


def _lines(
    repo: Repository, redactor: Redactor, access: Access | None, fmt: str
) -> Iterator[tuple[str, str]]:
    """(document id, one output line) for every visible report, oldest received first."""
    for doc_id in repo.document_ids(access):
        document, record = redactor.document_and_record(repo.get_document(doc_id), repo.get_record(doc_id))
        if fmt == "jsonl":
            item = {
                "document": {
                    "id": document.id,
                    "origin": document.origin,
                    "title": document.title,
                    "published": document.published.isoformat() if document.published else None,
                    "received_at": document.received_at.isoformat(),
                    "text": document.text,
                },
                "record": record.to_dict() if record else None,
                "profile": redactor.profile.name,
            }
            yield doc_id, json.dumps(item, ensure_ascii=False)
        else:
            yield doc_id, _csv_line(to_flat(record, doc_id))


def _csv_cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(
            v.get("name") or "" if isinstance(v, dict) else str(v) for v in value if v is not None
        )
    text = "" if value is None else str(value)
    # a cell a spreadsheet would run as a formula is written as text (CSV injection)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_line(flat: dict[str, Any]) -> str:
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([_csv_cell(flat[k]) for k in FLAT_FIELDS])
    return buffer.getvalue().rstrip("\n")


def export(
    repo: Repository, target: Path, *, fmt: str = "jsonl", profile: str = "full", overwrite: bool = False
) -> Exported:
    """Write every report ``profile``'s audience may see to ``target``, atomically."""
    if fmt not in FORMATS:
        raise ExportError(f"{fmt!r} is not an export format; one of {', '.join(FORMATS)}")
    if profile not in PROFILES:
        raise ExportError(f"{profile!r} is not a profile; one of {', '.join(PROFILES)}")
    if target.exists() and not overwrite:
        raise ExportError(f"{target} exists; choose another name or overwrite it explicitly")
    chosen = PROFILES[profile]
    redactor = Redactor(chosen, repo.pseudonym)
    # the audience bounds what leaves: a partner export holds what a partner may see
    access = Access("(export)", "partner") if chosen.name == "partner" else None
    partial = target.with_name(f".{target.name}.partial")
    digest = hashlib.sha256()
    ids: list[str] = []
    try:
        with partial.open("w", encoding="utf-8", newline="") as f:
            if fmt == "csv":
                header = ",".join(FLAT_FIELDS) + "\n"
                f.write(header)
                digest.update(header.encode())
            for doc_id, line in _lines(repo, redactor, access, fmt):
                f.write(line + "\n")
                digest.update((line + "\n").encode())
                ids.append(doc_id)
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    done = Exported(target, len(ids), digest.hexdigest())
    repo.log_exports(ids, {"profile": chosen.name, "format": fmt, "file_sha256": done.sha256})
    return done
