"""HTML: trafilatura finds the article, the line filter sweeps what it let through.

trafilatura works on the DOM (link density, tag names, page structure), which is
exactly what is needed to leave out menus, footers and donation boxes; it also
reads the title, author and publication date from the page's metadata. It is
run with ``favor_precision`` because a missing sidebar sentence costs less than
a donation appeal read as part of the story. Its output then goes through the
same line filter as plain text, which catches furniture that sits inside the
article element (captions with ``©``, "Share this" rows).

trafilatura and lxml are imported inside :func:`extract_html`, so plain-text
ingest never pays for them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from typing import Any

from whodid.ingest.cleaner import assemble, clean_lines
from whodid.ingest.errors import fail
from whodid.ingest.extraction import Extraction
from whodid.ingest.htmlmap import map_paragraphs
from whodid.ingest.lines import split_str
from whodid.ingest.sniff import UTF8_BOM

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_CHARSET_WINDOW = 4096
_METADATA_FIELDS = ("author", "sitename", "url", "description")


def extract_html(raw: bytes, origin: str, today: dt.date, charset: str | None = None) -> Extraction:
    """The article text and metadata of an HTML page; ``charset`` is a declared one."""
    page, encoding, base = decode_html(raw, charset)
    found = _trafilatura(page, origin, today)
    body = (found.get("text") or "").strip()
    if not body:
        raise fail(
            origin,
            "is HTML with no readable text (no article or paragraphs found)",
            "check that the page is the report itself and was saved completely",
        )
    lines = [line for line in split_str(body) if line.text]
    cleaned = clean_lines(lines, today)
    if not cleaned.kept:
        raise fail(
            origin,
            "is HTML with no readable text (only menus, credits and notices)",
            "check that the page is the report itself",
        )
    # Each line of trafilatura's output is a block (paragraph, heading, list item).
    breaks = [True] * len(cleaned.kept)
    text, _, starts = assemble(cleaned.kept, breaks)
    segments = map_paragraphs(raw, page, encoding, base, text, [ln.text for ln in cleaned.kept], starts)
    metadata = {key: found[key] for key in _METADATA_FIELDS if found.get(key)}
    return Extraction(
        text=text,
        title=(found.get("title") or None),
        published=_meta_date(found.get("date"), today) or cleaned.published,
        segments=segments,
        boilerplate=cleaned.boilerplate,
        metadata=metadata,
    )


def decode_html(raw: bytes, declared: str | None) -> tuple[str, str, int]:
    """The page as text, the encoding used, and how many leading bytes (a BOM) were skipped.

    The order is that of browsers: a UTF-8 byte-order mark, then the charset the
    caller declared (an HTTP header), then a ``<meta charset>`` near the top, then
    UTF-8. Bytes that do not decode are replaced, not refused: pages in the wild
    often hold a stray byte, and the text around it is still the report.
    """
    if raw.startswith(UTF8_BOM):
        return raw[len(UTF8_BOM) :].decode("utf-8", "replace"), "utf-8", len(UTF8_BOM)
    encoding = "utf-8"
    match = _META_CHARSET.search(raw[:_CHARSET_WINDOW])
    for candidate in (declared, match.group(1).decode("ascii") if match else None):
        if candidate and _known_codec(candidate):
            encoding = codecs.lookup(candidate).name
            break
    return raw.decode(encoding, "replace"), encoding, 0


def _known_codec(name: str) -> bool:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    # A page cannot declare itself UTF-16 in ASCII; such a declaration is wrong.
    return not info.name.startswith(("utf-16", "utf-32"))


def _trafilatura(page: str, origin: str, today: dt.date) -> dict[str, Any]:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            page,
            include_comments=False,
            favor_precision=True,
            with_metadata=True,
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,  # guessing from body text invents dates
                "max_date": today.isoformat(),
            },
        )
    except Exception as err:  # lxml and trafilatura raise many types on broken markup
        raise fail(
            origin,
            f"is HTML that could not be parsed ({type(err).__name__})",
            "check that the file is a complete HTML page",
        ) from None
    if result is None:
        return {}
    if isinstance(result, dict):
        return result
    return {key: getattr(result, key, None) for key in ("text", "title", "date", *_METADATA_FIELDS)}


def _meta_date(value: object, today: dt.date) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        found = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return found if dt.date(1900, 1, 1) <= found <= today + dt.timedelta(days=1) else None
