"""What every export and import format shares: the item a writer gets, the options,
the errors, and the lineage an imported document keeps.

Lineage. A file from another system (or another whodid) names documents,
events and ids of its own. An import keeps them in the new document's
``metadata["imported"]``: the file, the row, the original document's id,
origin, media type and receipt time where the file states them, each event's
number in its original document, and the cells of an imported row that the
record cannot express (``columns``). Exports describe a document by that
lineage when it has one, so a record keeps its ids from store to store and an
export of an import equals the export it was imported from. Ids come from the
stored document whatever the profile (they name no one); the other kept cells
only reach a profile that shows metadata, since they may hold names.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from whodid.model import Document, Record, ReviewState
from whodid.model.domain import Extracted
from whodid.protect.redact import Profile

LINEAGE = "imported"
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
DEFAULT_DATE_FORMAT = "YYYY/MM/DD"
# date formats an Uwazi collection can be set to, as strftime patterns
DATE_FORMATS = {
    "YYYY/MM/DD": "%Y/%m/%d",
    "YYYY-MM-DD": "%Y-%m-%d",
    "DD/MM/YYYY": "%d/%m/%Y",
    "MM/DD/YYYY": "%m/%d/%Y",
    "DD-MM-YYYY": "%d-%m-%Y",
}


class ExportError(Exception):
    """An export that cannot be written; the message says why."""


class BadImport(Exception):
    """A file that cannot be imported; the message says where and why. Nothing was written."""


@dataclass(frozen=True, slots=True)
class Options:
    """What the operator chose: columns of a tabular format, evidence bytes, Uwazi's date format."""

    columns: tuple[str, ...] | None = None
    attachments: bool = False
    date_format: str = DEFAULT_DATE_FORMAT
    # when an import's documents were received; row n is received n microseconds later,
    # so a store lists imported rows in the file's order
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class Item:
    """One report as an export writes it: ``document`` and ``record`` as the profile
    shows them, ``stored`` as kept (evidence bytes, lineage ids)."""

    stored: Document
    document: Document
    record: Record | None
    profile: Profile

    @property
    def lineage(self) -> dict[str, Any]:
        return lineage_of(self.stored)

    @property
    def key(self) -> str:
        """The document's id where it was first received (its own id unless imported)."""
        original = self.lineage.get("document_id")
        return original if isinstance(original, str) and SHA256_HEX.fullmatch(original) else self.stored.id

    @property
    def received_at(self) -> datetime:
        """When the original document was received (an import keeps the file's time)."""
        stated = self.lineage.get("received_at")
        if isinstance(stated, str):
            try:
                return datetime.fromisoformat(stated)
            except ValueError:
                pass
        return self.stored.received_at

    def described(self, name: str) -> str | None:
        """A fact about the original document (``origin``, ``media_type``) as the import found it."""
        document = self.lineage.get("document")
        value = document.get(name) if isinstance(document, dict) else None
        if isinstance(value, str):
            return value
        return getattr(self.stored, name)  # type: ignore[no-any-return]

    def number(self, index: int) -> int:
        """The 1-based number of event ``index`` in its original document."""
        numbers = self.lineage.get("events")
        if isinstance(numbers, list) and index < len(numbers) and isinstance(numbers[index], int):
            return int(numbers[index])
        return index + 1

    def kept(self, fmt: str, ids: Iterable[str]) -> dict[str, str]:
        """Cells an import of format ``fmt`` kept because the record cannot say them.

        Id cells always come back; the others only when the profile shows metadata.
        """
        found = self.lineage
        columns = found.get("columns")
        if found.get("format") != fmt or not isinstance(columns, dict):
            return {}
        id_set = set(ids)
        return {
            k: v
            for k, v in columns.items()
            if isinstance(v, str) and (k in id_set or not self.profile.withhold_origins)
        }


@dataclass(frozen=True, slots=True)
class Incoming:
    """A document and record an import will add, and what to call it in a report."""

    label: str
    document: Document
    record: Record | None
    original_id: str | None = None
    # the start of the original's id, where the file gives no more (an ACLED event id)
    original_prefix: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """A file to import: its name (for origins and messages) and bytes."""

    name: str
    data: bytes


def lineage_of(document: Document) -> dict[str, Any]:
    """The ``imported`` lineage of a stored document ({} for one received directly)."""
    value = document.metadata.get(LINEAGE)
    return value if isinstance(value, dict) else {}


def kept(value: Extracted | None) -> bool:
    """Whether a value is present and not rejected by a reviewer (the flat formats leave those out)."""
    return value is not None and value.review != ReviewState.REJECTED


def canonical(value: Any) -> bytes:
    """One byte string per value (sorted keys, no spaces): what an imported row's id is the hash of."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def row_document(
    source: Source,
    fmt: str,
    n: int,
    content: dict[str, Any],
    *,
    anchor: str,
    options: Options,
    text: str | None = None,
    title: str | None = None,
    media_type: str,
    lineage: dict[str, Any] | None = None,
) -> Document:
    """A Document for imported content that has no original: its raw bytes are the
    content's canonical serialisation, so it is content-addressed, and its origin
    names the file and the place in it (``import:<file>#row=<n>``)."""
    raw = canonical(content)
    rendered = text if text is not None else render(content)
    return Document(
        id=sha256_hex(raw),
        raw=raw,
        media_type=media_type,
        origin=f"import:{source.name}#{anchor}={n}",
        received_at=options.received_at + timedelta(microseconds=n),
        text=rendered,
        title=title or None,
        metadata={LINEAGE: {"format": fmt, "file": source.name, anchor: n, **(lineage or {})}},
    )


def render(content: dict[str, Any]) -> str:
    """A row as readable text ("column: value" lines): what search and review read."""
    return "\n".join(f"{k}: {v}" for k, v in content.items() if isinstance(v, str) and v)


def rebase(record: Record, document_id: str) -> Record:
    """``record`` moved onto another document: its id and every provenance's."""
    copy = Record.from_dict(record.to_dict())
    copy.document_id = document_id

    def move(value: Any) -> None:
        if isinstance(value, Extracted) and value.provenance is not None:
            value.provenance = dataclasses.replace(value.provenance, document_id=document_id)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                if f.name != "provenance":
                    move(getattr(value, f.name))
        elif isinstance(value, list):
            for v in value:
                move(v)

    move(copy)
    return copy


# --- dates and numbers in cells -------------------------------------------------------


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def number_text(value: float | int | None) -> str:
    """A number as a cell: ints plainly, floats by ``repr`` (which reads back exactly)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def parse_date(text: str, where: str, pattern: str = "%Y-%m-%d") -> date | None:
    """A date cell (empty: None); a bad one is a :class:`BadImport` naming the cell."""
    if not text:
        return None
    try:
        return datetime.strptime(text, pattern).date()
    except ValueError:
        raise BadImport(f"{where}: {text[:40]!r} is not a date ({_shown(pattern)})") from None


def parse_int(text: str, where: str, *, low: int | None = 0, high: int | None = None) -> int | None:
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise BadImport(f"{where}: {text[:40]!r} is not a whole number") from None
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low if low is not None else ''}..{high if high is not None else ''}"
        raise BadImport(f"{where}: {value} is out of range ({bounds})")
    return value


def parse_float(text: str, where: str, *, bound: float | None = None) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise BadImport(f"{where}: {text[:40]!r} is not a number") from None
    if value != value or (bound is not None and abs(value) > bound):
        raise BadImport(f"{where}: {text[:40]!r} is out of range")
    return value


def parse_bool(text: str, where: str) -> bool:
    if text in ("true", "false"):
        return text == "true"
    raise BadImport(f"{where}: {text[:40]!r} is not true or false")


def parse_review(text: str, where: str) -> ReviewState:
    try:
        return ReviewState(text or "suggested")
    except ValueError:
        raise BadImport(f"{where}: {text[:40]!r} is not a review state") from None


def parse_confidence(text: str, where: str) -> float:
    value = parse_float(text, where)
    if value is None:
        return 0.5
    if not 0.0 <= value <= 1.0:
        raise BadImport(f"{where}: confidence {value} is outside 0..1")
    return value


def _shown(pattern: str) -> str:
    return pattern.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD")


# --- hostile input ------------------------------------------------------------------------
# Markup in an imported cell ("<script>…") is kept as the text it is: a report may
# quote it, and refusing it would lose data. Every page, report and export escapes
# what it shows, which is where markup is made harmless (tests/web, tests/share).
