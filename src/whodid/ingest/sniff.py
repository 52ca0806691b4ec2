"""Decide what kind of document some bytes are, and refuse what is not one.

The bytes decide, not the file name: a scraper saves HTML as ``.txt`` and a
browser saves PDFs without an extension, so magic numbers and markup near the
start are checked first and the extension (or a caller's declared type) is only
a tie-breaker for content that could be either. Binary files that are not PDFs
are refused here, before any decoding, so the user hears "this is a ZIP
archive" instead of a confusing encoding error.
"""

from __future__ import annotations

import re

from whodid.ingest.errors import IngestError, fail
from whodid.ingest.officedoc import DOCX, is_docx

TEXT = "text/plain"
HTML = "text/html"
PDF = "application/pdf"

SUPPORTED = (TEXT, HTML, PDF, DOCX)

UTF8_BOM = b"\xef\xbb\xbf"

_HEAD = 1024
_SAMPLE = 8192
# Bytes that never appear in text documents (keep TAB, LF, FF, CR).
_CONTROL = bytes([*range(0, 9), 11, *range(14, 32), 127])
_MAX_CONTROL_RATIO = 0.02

_HTML_MARKERS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<p[\s>]|<div[\s>]|<article[\s>]|<title[\s>]|<meta\s",
    re.IGNORECASE,
)
_STRONG_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)

# Signatures of common binary formats, so the refusal can name what was sent.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (an .odt or .xlsx file is one)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)

_EXT_HINTS = {
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
    ".pdf": PDF,
}


def normalise_media_type(media_type: str) -> tuple[str, str | None]:
    """Split a declared type like ``text/html; charset=KOI8-R`` into type and charset."""
    main, _, params = media_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    main = main.strip().lower()
    if main in ("application/xhtml+xml", "text/xhtml"):
        main = HTML
    return main, charset


def sniff(raw: bytes, origin: str, *, declared: str | None = None, suffix: str = "") -> str:
    """The media type of ``raw``: PDF, Word, HTML or plain text; IngestError for anything else.

    ``declared`` (a caller's media type, already normalised) and ``suffix`` (a file
    extension) are hints used only when the bytes themselves do not decide.
    """
    if raw.find(b"%PDF-", 0, _HEAD) >= 0:
        return PDF
    if is_docx(raw):
        return DOCX
    head = raw[:_HEAD]
    _refuse_known_binary(head, origin)
    hint = declared or _EXT_HINTS.get(suffix.lower())
    if hint == PDF:
        raise fail(
            origin,
            "is named or declared a PDF but has no %PDF- header, so it is damaged or not a PDF",
            "re-download or re-export the file",
        )
    _refuse_binary(raw, origin)
    if declared is not None and declared not in SUPPORTED:
        raise fail(
            origin,
            f"has media type {declared!r}, which is not supported",
            "convert it to plain text (UTF-8), HTML or PDF",
        )
    stripped = head.lstrip(UTF8_BOM).lstrip()
    if _STRONG_HTML.search(head) or (stripped.startswith(b"<") and _HTML_MARKERS.search(head)):
        return HTML
    if hint == HTML and b"<" in head:
        return HTML
    return TEXT


def _refuse_known_binary(head: bytes, origin: str) -> None:
    for magic, name in _MAGIC:
        if head.startswith(magic):
            raise fail(
                origin,
                f"looks like {name}, not a text, HTML or PDF document",
                "export it as PDF or plain text first",
            )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(
            origin,
            "is encoded as UTF-16, which is not supported",
            "re-encode it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)",
        )


def _refuse_binary(raw: bytes, origin: str) -> None:
    if b"\x00" in raw:
        raise fail(
            origin,
            "contains NUL bytes, so it is binary data, not a text, HTML or PDF document",
            "check that this is the right file",
        )
    sample = raw[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise fail(
            origin,
            f"is mostly binary ({controls} control bytes in the first {len(sample)})",
            "check that this is the right file",
        )


__all__ = [
    "DOCX",
    "HTML",
    "PDF",
    "SUPPORTED",
    "TEXT",
    "UTF8_BOM",
    "IngestError",
    "normalise_media_type",
    "sniff",
]
