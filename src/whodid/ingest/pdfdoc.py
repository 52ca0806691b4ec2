"""PDF: the text layer of each page, cleaned like plain text, with page spans.

PDF text is not a byte range of the file (content streams are compressed and
glyphs are positioned, not written in reading order), so a PDF document has no
segments: evidence is cited by page number instead, through ``Document.pages``.

Pages are cleaned one by one, so running headers and page numbers at the top or
bottom of a page are dropped like any other furniture, and joined with a blank
line. A PDF without any text layer (a scan) is refused with a pointer to OCR
rather than returned empty. pypdf is imported inside :func:`extract_pdf`.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import Any

from whodid.ingest.cleaner import Cleaned, assemble, clean_lines
from whodid.ingest.errors import IngestError, fail
from whodid.ingest.extraction import Extraction
from whodid.ingest.lines import split_str
from whodid.model import Page

# Every complete PDF ends with %%EOF (possibly followed by a little padding).
_EOF_WINDOW = 2048
_DAMAGED = "re-download or re-export the PDF"


def extract_pdf(raw: bytes, origin: str, today: dt.date) -> Extraction:
    """The text of every page of the PDF ``raw``, with a :class:`Page` span for each."""
    if b"%%EOF" not in raw[-_EOF_WINDOW:]:
        raise fail(origin, "is a damaged PDF (it is truncated: no %%EOF end marker)", _DAMAGED)
    page_texts, info = _read(raw, origin)
    cleaned_pages = [clean_lines(split_str(text), today) for text in page_texts]
    if not any(page.kept for page in cleaned_pages):
        raise fail(
            origin,
            "is a PDF without a text layer (a scan or images of text)",
            "it needs OCR, which is not supported yet; run it through OCR (e.g. ocrmypdf) first",
        )
    text, pages, boilerplate = _join_pages(cleaned_pages)
    created = info.pop("created", None)
    first = next((page for page in cleaned_pages if page.kept), None)
    published = first.published if first is not None else None
    if published is None and isinstance(created, dt.datetime) and created.date() <= today:
        published = created.date()
    if isinstance(created, dt.datetime):
        info["created"] = created.isoformat()
    title = info.pop("title", None)
    return Extraction(
        text=text,
        title=title if isinstance(title, str) and title.strip() else None,
        published=published,
        pages=pages,
        boilerplate=boilerplate,
        metadata={"page_count": len(page_texts), **info},
    )


def _read(raw: bytes, origin: str) -> tuple[list[str], dict[str, Any]]:
    from pypdf import PdfReader

    # pypdf logs every repair it makes to a damaged file; the error we raise says it once.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise fail(origin, "is a password-protected PDF", "remove the password and ingest it again")
        texts = [page.extract_text() or "" for page in reader.pages]
        info = _metadata(reader)
    except IngestError:
        raise
    except Exception as err:  # pypdf raises many types on damaged files
        raise fail(origin, f"is a damaged PDF ({type(err).__name__}: {_one_line(err)})", _DAMAGED) from None
    if not texts:
        raise fail(origin, "is a damaged PDF (it has no pages)", _DAMAGED)
    return texts, info


def _metadata(reader: Any) -> dict[str, Any]:
    meta = reader.metadata
    if meta is None:
        return {}
    info: dict[str, Any] = {}
    for key, attr in (("title", "title"), ("author", "author"), ("creator", "creator")):
        value = getattr(meta, attr, None)
        if isinstance(value, str) and value.strip():
            info[key] = value.strip()
    try:
        created = meta.creation_date
    except Exception:  # a malformed date string in the info dictionary is not fatal
        created = None
    if isinstance(created, dt.datetime):
        info["created"] = created
    return info


def _join_pages(cleaned_pages: list[Cleaned]) -> tuple[str, list[Page], list[str]]:
    parts: list[str] = []
    pages: list[Page] = []
    boilerplate: list[str] = []
    pos = 0
    for number, page in enumerate(cleaned_pages, 1):
        boilerplate.extend(page.boilerplate)
        page_text, _, _ = assemble(page.kept, page.breaks)
        if pos and page_text:
            parts.append("\n\n")
            pos += 2
        pages.append(Page(number, pos, pos + len(page_text)))
        parts.append(page_text)
        pos += len(page_text)
    return "".join(parts), pages, boilerplate


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())[:200]
