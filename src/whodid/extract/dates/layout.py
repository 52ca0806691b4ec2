"""Page layout: which dates are a page's datelines and which are photo captions.

A dateline ("Phnom Penh, 22 May 2012 –", "Published 3 June 2019 10:42") dates
the page, not the incident; a caption dates a photo, often of an older event.
Both are told apart by the line a date sits on, not by the parse.
"""

from __future__ import annotations

import re

from whodid.extract.dates.vocab import word_set

_CREDIT_END = re.compile(r"[.!?\"”’]\s*\([^()\n]{2,80}\)\s*$")
_CAPTION_MARK = re.compile(
    r"©|\b(?:Photo|Photograph|Picture|Credit|Image)s?\s*:|Getty Images|/AFP\b|/Reuters\b|/AP\b|"
    r"\bAFP via\b|\bvia Getty\b"
)
_DATELINE_WORDS = word_set(
    "date published posted updated last modified on at edt est gmt utc bst cet cest pm am ago year "
    "years months month weeks week days day hours hour minutes minute min read share by"
)
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?|\d+")
_DATELINE_PREFIX = re.compile(
    r"^[\s(|]*(?:[A-Z][A-Z/]+\)\s*[–—-]\s*)?(?:[A-Z][\w'.’-]*[ \t]*){1,4}(?:\([^)\n]*\))?,[ \t]*$"
)
_DATELINE_SUFFIX = re.compile(r"^,?[ \t]*(?:[A-Z][\w/]*[ \t]*)?(?:\([^)\n]*\)[ \t]*)?[–—-]")
_LABEL_PREFIX = re.compile(r"(?i)^\W*(?:date|published|posted|updated|last updated)\W*$")
HEADER_CHARS = 1500  # datelines live at the top of a page


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end of the line holding ``[start, end)``: layout is read line by line."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, len(text) if le < 0 else le


def is_caption_line(line: str, text: str, boilerplate: frozenset[str]) -> bool:
    """A photo caption: a credit in brackets at the end, a © or photo label, or a repeated line."""
    stripped = line.strip()
    if not stripped:
        return False
    if stripped in boilerplate or _CREDIT_END.search(stripped) or _CAPTION_MARK.search(stripped):
        return True
    return len(stripped) > 40 and text.count(stripped) > 1


def is_dateline(text: str, start: int, end: int) -> bool:
    """A publication date line: a line that is only a date (and a clock), or "City, DATE –"."""
    if start > HEADER_CHARS:
        return False
    ls, le = line_bounds(text, start, end)
    before, after = text[ls:start], text[end:le]
    residual = _CLOCK.sub(" ", before + " " + after)
    words = [w for w in re.findall(r"[A-Za-z]+", residual) if w.lower() not in _DATELINE_WORDS]
    # What is left beside the date may only be names: a city, an agency, a byline.
    if len(words) <= 4 and all(w[0].isupper() for w in words) and len(residual.strip()) < 60:
        return True
    if _LABEL_PREFIX.match(before):
        return True
    return bool(_DATELINE_PREFIX.match(before) and _DATELINE_SUFFIX.match(after))
