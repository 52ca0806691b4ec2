"""The ingest entry points: bytes, a path or a stream in, a Document out.

Everything that can go wrong with input is checked here or in the handlers and
reported as one :class:`IngestError`; nothing else escapes, and no partially
filled Document is ever returned. Size limits are enforced *before* reading
(``stat`` for paths, a bounded read for streams), so a 10 GB file or an endless
pipe cannot exhaust memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

from whodid.ingest.errors import IngestError, fail, human_size
from whodid.ingest.extraction import Extraction
from whodid.ingest.sniff import DOCX, HTML, PDF, UTF8_BOM, normalise_media_type, sniff
from whodid.model import Document

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_STREAM_CHUNK = 1 << 20


def ingest_bytes(
    raw: bytes,
    origin: str,
    *,
    media_type: str | None = None,
    published: dt.date | None = None,
    received_at: dt.datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Turn ``raw`` into a :class:`Document`; IngestError when that is not possible.

    ``origin`` is where the bytes came from (a URL, a path), kept as metadata only.
    ``media_type`` is the caller's declared type (an HTTP ``Content-Type``, charset
    included); the bytes still decide when they are clearly a PDF or HTML.
    ``published`` overrides any date found in the document. ``received_at``
    defaults to now; a naive datetime is taken to be UTC.
    """
    return _ingest(raw, origin, media_type, published, received_at, max_bytes, suffix="")


def ingest_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Ingest the file at ``path``; its resolved absolute path becomes ``origin``.

    The size is checked with ``stat`` before a byte is read. The path is only
    metadata: it is never used to build another path, so a name such as
    ``..%2fetc`` or ``a/../b`` does no harm. ``-`` is an ordinary file name here;
    callers that mean stdin use :func:`read_stream`.
    """
    given = Path(path)
    origin = _absolute(given)
    try:
        info = given.stat()
    except FileNotFoundError:
        raise fail(origin, "no such file", "check the path and the current directory") from None
    except PermissionError:
        raise fail(origin, "permission denied", "check the permissions of the file and its folders") from None
    except OSError as err:
        raise fail(origin, f"cannot be opened ({err.strerror or err})", "check the path") from None
    if stat.S_ISDIR(info.st_mode):
        raise fail(origin, "is a directory, not a file", "pass the report files inside it instead")
    if not stat.S_ISREG(info.st_mode):
        raise fail(
            origin,
            "is not a regular file (a device, pipe or socket)",
            "save its contents to a file first, or pipe it to standard input",
        )
    _check_size(origin, info.st_size, max_bytes)
    try:
        with open(given, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except PermissionError:
        raise fail(
            origin, "permission denied", "check the permissions of the file (e.g. chmod u+r)"
        ) from None
    except OSError as err:
        raise fail(origin, f"cannot be read ({err.strerror or err})", "check the file and the disk") from None
    _check_size(origin, len(raw), max_bytes)  # it may have grown since stat
    return _ingest(raw, origin, None, None, None, max_bytes, suffix=given.suffix)


def read_stream(stream: BinaryIO, origin: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Ingest a binary stream such as ``sys.stdin.buffer``, reading at most ``max_bytes + 1``."""
    chunks: list[bytes] = []
    total = 0
    try:
        while total <= max_bytes:
            chunk = stream.read(min(_STREAM_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            if not isinstance(chunk, bytes):
                raise fail(
                    origin,
                    "is a text stream, not a binary one",
                    "pass the binary stream (e.g. sys.stdin.buffer)",
                )
            chunks.append(chunk)
            total += len(chunk)
    except OSError as err:
        raise fail(
            origin, f"could not be read ({err.strerror or err})", "check the input and try again"
        ) from None
    if total > max_bytes:
        raise fail(
            origin,
            f"is larger than the {human_size(max_bytes)} limit ({max_bytes} bytes)",
            "split it into smaller documents or raise max_bytes",
        )
    return _ingest(b"".join(chunks), origin, None, None, None, max_bytes, suffix="")


def _ingest(
    raw: bytes,
    origin: str,
    media_type: str | None,
    published: dt.date | None,
    received_at: dt.datetime | None,
    max_bytes: int,
    *,
    suffix: str,
) -> Document:
    _check_size(origin, len(raw), max_bytes)
    body = raw[len(UTF8_BOM) :] if raw.startswith(UTF8_BOM) else raw
    if not body.strip():
        what = "is empty (0 bytes)" if not raw else "holds only whitespace"
        raise fail(origin, what, "check that the file was saved or downloaded completely")
    if received_at is None:
        received_at = dt.datetime.now(dt.UTC)
    elif received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=dt.UTC)
    declared, charset = normalise_media_type(media_type) if media_type else (None, None)
    kind = sniff(raw, origin, declared=declared, suffix=suffix)
    try:
        found = _extract(kind, raw, origin, received_at.date(), charset)
    except IngestError:
        raise
    except Exception as err:  # a bug or a library surprise must still read as one line
        raise fail(
            origin,
            f"could not be ingested ({type(err).__name__}: {' '.join(str(err).split())[:200]})",
            "please report this together with the file",
        ) from None
    return Document(
        id=hashlib.sha256(raw).hexdigest(),
        raw=raw,
        media_type=kind,
        origin=origin,
        received_at=received_at,
        text=found.text,
        title=found.title,
        published=published if published is not None else found.published,
        segments=found.segments,
        pages=found.pages,
        boilerplate=found.boilerplate,
        metadata=found.metadata,
    )


def _extract(kind: str, raw: bytes, origin: str, today: dt.date, charset: str | None) -> Extraction:
    if kind == PDF:
        from whodid.ingest.pdfdoc import extract_pdf

        return extract_pdf(raw, origin, today)
    if kind == DOCX:
        from whodid.ingest.officedoc import extract_docx

        return extract_docx(raw, origin, today)
    if kind == HTML:
        from whodid.ingest.htmldoc import extract_html

        return extract_html(raw, origin, today, charset)
    from whodid.ingest.textdoc import extract_text

    return extract_text(raw, origin, today)


def _check_size(origin: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise fail(
            origin,
            f"is {human_size(size)} ({size} bytes), "
            f"over the {human_size(max_bytes)} limit ({max_bytes} bytes)",
            "split it into smaller documents or raise max_bytes",
        )


def _absolute(path: Path) -> str:
    """``path`` made absolute with ``..`` resolved, for the record (never for access)."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # symlink loops, unreadable cwd
        return os.path.abspath(path)


__all__ = ["DEFAULT_MAX_BYTES", "IngestError", "ingest_bytes", "ingest_path", "read_stream"]
