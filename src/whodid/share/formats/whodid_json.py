"""``json``: every report whole, as one JSON document, for another whodid.

Layout: ``{"format": "whodid", "version": 1, "profile": ..., "items": [...]}``,
each item ``{"document": {...}, "record": {...} | null}`` with every field of
both. The evidence bytes travel too, so an import is the same document under
the same id: base64 in ``document.raw``, or, with ``--attachments``, as
``raw/<sha256>`` files in a ZIP beside ``whodid.json`` (``document.raw_file``
names them). A redacted profile never carries evidence bytes (they are not
redacted): its items hold the redacted text only, and importing one creates a
new document from it whose lineage names the original.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, BinaryIO

from whodid.model import Document, Page, Record, Segment
from whodid.share.formats import archive
from whodid.share.formats.common import (
    LINEAGE,
    SHA256_HEX,
    BadImport,
    Incoming,
    Item,
    Options,
    Source,
    rebase,
    row_document,
    sha256_hex,
)

NAME = "json"
MAGIC = "whodid"
VERSION = 1
MEMBER = "whodid.json"
MEDIA_TYPE = "application/vnd.whodid.item+json"


def document_dict(document: Document, raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": document.id,
        "media_type": document.media_type,
        "origin": document.origin,
        "received_at": document.received_at.isoformat(),
        "title": document.title,
        "published": document.published.isoformat() if document.published else None,
        "language": document.language,
        "text": document.text,
        "segments": [dataclasses.asdict(s) for s in document.segments],
        "pages": [dataclasses.asdict(p) for p in document.pages],
        "boilerplate": list(document.boilerplate),
        "metadata": document.metadata,
        **raw,
    }


def write(items: Iterable[Item], out: BinaryIO, options: Options, profile: str) -> list[str]:
    """Write the export (a ZIP with ``--attachments``); the ids written, in order."""
    zipped = archive.Writer(out) if options.attachments else None
    body: list[bytes] = []
    ids: list[str] = []
    head = json.dumps({"format": MAGIC, "version": VERSION, "profile": profile}, ensure_ascii=False)
    body.append(head[:-1].encode() + b', "items": [')
    for item in items:
        if item.profile.redacts:
            raw: dict[str, Any] = {"raw": None}
        elif zipped is not None:
            raw = {"raw": None, "raw_file": zipped.add_raw(item.stored.id, item.stored.raw)}
        else:
            raw = {"raw": base64.b64encode(item.stored.raw).decode("ascii")}
        entry = {
            "document": document_dict(item.document, raw),
            "record": item.record.to_dict() if item.record else None,
        }
        body.append((b"\n" if not ids else b",\n") + json.dumps(entry, ensure_ascii=False).encode())
        ids.append(item.stored.id)
    body.append(b"\n]}\n")
    if zipped is None:
        for chunk in body:
            out.write(chunk)
    else:
        zipped.add(MEMBER, b"".join(body))
        zipped.close()
    return ids


def is_package(package: archive.Package) -> bool:
    return package.has(MEMBER)


def allowed(member: str) -> bool:
    return member in (MEMBER, "SHA256SUMS") or archive.RAW_NAME.fullmatch(member) is not None


def read(source: Source, options: Options) -> list[Incoming]:
    """Every item of a ``json`` export (plain or zipped), validated, or a BadImport."""
    package = None
    data = source.data
    if data[:2] == b"PK":
        package = archive.Package(data, source.name, allowed)
        data = package.read(MEMBER)
    try:
        top = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BadImport(f"{source.name}: not valid JSON ({e})") from None
    if not isinstance(top, dict) or top.get("format") != MAGIC or not isinstance(top.get("items"), list):
        raise BadImport(f'{source.name}: not a whodid json export (no "format": "whodid" with items)')
    if top.get("version") != VERSION:
        raise BadImport(f"{source.name}: version {top.get('version')!r}; this whodid reads version {VERSION}")
    return [_incoming(source, n, entry, package, options) for n, entry in enumerate(top["items"], 1)]


def _incoming(
    source: Source, n: int, entry: Any, package: archive.Package | None, options: Options
) -> Incoming:
    where = f"{source.name}: item {n}"
    if not isinstance(entry, dict) or not isinstance(entry.get("document"), dict):
        raise BadImport(f"{where}: has no document object")
    doc = entry["document"]
    try:
        original = str(doc["id"])
        if not SHA256_HEX.fullmatch(original):
            raise BadImport(f"{where}: document id {original[:70]!r} is not a SHA-256")
        raw = _raw(doc, package, where)
        received = datetime.fromisoformat(str(doc["received_at"]))
        if received.utcoffset() is None:
            raise BadImport(f"{where}: document.received_at has no time zone")
        record_data = entry.get("record")
        record = Record.from_dict(record_data) if record_data is not None else None
        if record is not None and record.document_id != original:
            raise BadImport(
                f"{where}: the record is for document {record.document_id[:12]}, not {original[:12]}"
            )
        text = str(doc["text"])
        metadata = doc.get("metadata") or {}
        if not isinstance(metadata, dict):
            raise BadImport(f"{where}: document.metadata is not an object")
        fields: dict[str, Any] = {
            "title": _opt(doc.get("title")),
            "published": date.fromisoformat(doc["published"]) if doc.get("published") else None,
            "language": _opt(doc.get("language")),
            "pages": [Page(**p) for p in doc.get("pages") or []],
            "boilerplate": [str(b) for b in doc.get("boilerplate") or []],
        }
        if raw is not None:
            if sha256_hex(raw) != original:
                raise BadImport(f"{where}: the evidence bytes do not hash to the document id")
            document = Document(
                id=original,
                raw=raw,
                media_type=str(doc["media_type"]),
                origin=str(doc["origin"]),
                received_at=received,
                text=text,
                segments=[Segment(**s) for s in doc.get("segments") or []],
                metadata=metadata,
                **fields,
            )
            return Incoming(f"item {n}", document, record, original)
        # no evidence bytes (a redacted export): a new document, its lineage names the original
        made = row_document(
            source,
            NAME,
            n,
            {"format": MAGIC, "item": entry},
            anchor="item",
            options=options,
            text=text,
            title=fields["title"],
            media_type=MEDIA_TYPE,
            lineage={
                "document_id": original,
                "received_at": received.isoformat(),
                "document": {"origin": str(doc["origin"]), "media_type": str(doc["media_type"])},
            },
        )
        made = dataclasses.replace(
            made,
            published=fields["published"],
            language=fields["language"],
            pages=fields["pages"],
            boilerplate=fields["boilerplate"],
            metadata={**{k: v for k, v in metadata.items() if k != LINEAGE}, **made.metadata},
        )
        return Incoming(f"item {n}", made, rebase(record, made.id) if record else None, original)
    except BadImport:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise BadImport(f"{where}: malformed ({type(e).__name__}: {e})") from None


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _raw(doc: dict[str, Any], package: archive.Package | None, where: str) -> bytes | None:
    if doc.get("raw_file"):
        if package is None:
            raise BadImport(f"{where}: names an evidence file but the export is not a ZIP")
        return package.raw(str(doc["raw_file"]), str(doc["id"]))
    if doc.get("raw") is None:
        return None
    try:
        return base64.b64decode(str(doc["raw"]), validate=True)
    except (binascii.Error, ValueError):
        raise BadImport(f"{where}: document.raw is not base64") from None
