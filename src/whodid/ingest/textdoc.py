"""Plain text: decode UTF-8, drop page furniture, map every kept line to its bytes.

This is the hot path (most of what arrives is scraped text), so it does no more
than one decode per line, one classification per line and one join; nothing
heavy is imported.
"""

from __future__ import annotations

import datetime as dt

from whodid.ingest.cleaner import assemble, clean_lines
from whodid.ingest.errors import fail
from whodid.ingest.extraction import Extraction
from whodid.ingest.lines import Line, split_utf8
from whodid.ingest.sniff import UTF8_BOM

# A headline is short and does not end like a sentence.
_MAX_TITLE_CHARS = 200


def extract_text(raw: bytes, origin: str, today: dt.date) -> Extraction:
    """The story text of UTF-8 ``raw`` with one segment per kept line."""
    start = len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0
    cleaned = clean_lines(split_utf8(raw, origin, start), today)
    if not cleaned.kept:
        raise fail(
            origin,
            "has no readable text: every line looks like page furniture (menus, credits)",
            "check that this is the report itself and not a page's navigation",
        )
    text, segments, _ = assemble(cleaned.kept, cleaned.breaks)
    return Extraction(
        text=text,
        title=guess_title(cleaned.kept),
        published=cleaned.published,
        segments=segments,
        boilerplate=cleaned.boilerplate,
    )


def guess_title(kept: list[Line]) -> str | None:
    """The first line when it reads like a headline: short, not a sentence, not a byline."""
    first = kept[0].text
    if (
        len(first) > _MAX_TITLE_CHARS
        or first.endswith((".", ",", ":", ";"))
        or first.lower().startswith("by ")
    ):
        return None
    return first
