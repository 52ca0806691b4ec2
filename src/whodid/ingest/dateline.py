"""Recognise a publication-date line ("dateline") near the top of a report.

Scraped pages often carry the publication date as a line of its own above or
below the headline: ``Tuesday, March 3, 2020``, ``05 Oct 2020 · 6-minute read ·
Share``, ``2006-05-27 17:45:00``, or a scraper's label ``date 2020-06-22``. It is
the reference date that "on Monday" in the story is counted from, so it matters.

Only a line that is *just* a date counts (with weekday, time, time zone, a wire
city such as ``HAVANA`` and reading-time or share crumbs around it): a headline
that happens to hold a date must never be eaten. And only full dates with a day
are accepted, with the month in words or in ISO order; "March 2020" is not a
publication date and "05/10/2020" is May or October depending on the site. Common English forms are
parsed with a regular expression (fast, and this runs on every document); other
forms fall back to ``dateparser`` restricted to absolute dates, so it cannot turn
"3 days ago" or a bare number into a date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# How many non-blank lines at the top of a document may hold the dateline.
MAX_DATELINE_LINES = 6
_MAX_CHARS = 90
_EARLIEST = dt.date(1900, 1, 1)
# dateparser's languages for dates in forms the fast path does not know.
_LANGUAGES = ["en", "fr", "es", "pt", "de", "it", "ru"]
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "PREFER_DATES_FROM": "past",
    "PARSERS": ["absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_WEEKDAYS = frozenset(
    {
        "monday",
        "mon",
        "tuesday",
        "tue",
        "tues",
        "wednesday",
        "wed",
        "thursday",
        "thu",
        "thur",
        "thurs",
        "friday",
        "fri",
        "saturday",
        "sat",
        "sunday",
        "sun",
    }
)
_FILLERS = frozenset(
    {"am", "pm", "a", "m", "p", "at", "on", "the", "of", "st", "nd", "rd", "th", "utc", "gmt", "h", "hrs"}
)

_LABEL = re.compile(r"(?:date|published|posted|updated|last updated)(?: on)?\s*:?\s+", re.IGNORECASE)
_ISO = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_TRIM = " \t|·•-–—,;:"
_PARTS = re.compile(r"\s*(?:[·•|;]|\s/\s|\s[–—-]\s)\s*")
_FURNITURE = re.compile(
    r"\d+[- ]?min(?:ute)?s?(?:[- ]read)?|share|print|comments?|\d+ comments?"
    r"|\d+ (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago|(?:last )?updated\b.*",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?", re.IGNORECASE
)
_WORD = re.compile(r"[^\W\d_]+")
_DMY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})")
_MDY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def find_dateline(line: str, today: dt.date) -> tuple[dt.date, int] | None:
    """The date ``line`` announces and how many of its characters announce it.

    The count is ``len(line)`` when the whole line is a dateline, or the length of
    a labelled ISO prefix (``date 2017-08-09 MANILA – A broadcaster ...``) whose
    remainder is story text. None when the line is not a dateline.
    """
    label = _LABEL.match(line)
    if label:
        iso = _ISO.match(line, label.end())
        if iso:
            found = _iso_date(iso, today)
            if found is None:
                return None
            end = iso.end()
            return found, (len(line) if not line[end:].strip() else end)
        rest = _whole_line_date(line[label.end() :], today)
        return (rest, len(line)) if rest else None
    found = _whole_line_date(line, today)
    return (found, len(line)) if found else None


def _iso_date(match: re.Match[str], today: dt.date) -> dt.date | None:
    try:
        value = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return _plausible(value, today)


def _plausible(value: dt.date, today: dt.date) -> dt.date | None:
    """``value`` unless it is before 1900 or after tomorrow (a parse gone wrong)."""
    return value if _EARLIEST <= value <= today + dt.timedelta(days=1) else None


def _whole_line_date(line: str, today: dt.date) -> dt.date | None:
    text = line.strip(_TRIM)
    if len(text) > _MAX_CHARS or not _YEAR.search(text):
        return None
    iso = _ISO.fullmatch(text)
    if iso:
        return _iso_date(iso, today)
    parts = [p for p in _PARTS.split(text) if p and not _FURNITURE.fullmatch(p)]
    dated = [p for p in parts if _YEAR.search(p)]
    if len(dated) != 1 or not all(_only_date_words(p) for p in parts):
        return None
    return _parse(dated[0], today)


def _only_date_words(part: str) -> bool:
    """Whether ``part`` holds nothing but date and time words (and a wire city)."""
    unknown = capitals = 0
    for word in _WORD.findall(_TIME.sub(" ", part)):
        low = word.lower()
        if low in _MONTHS or low in _WEEKDAYS or low in _FILLERS:
            continue
        if word.isupper() and len(word) >= 2:
            capitals += 1  # a wire city ("HAVANA") or a time zone ("EDT")
        else:
            unknown += 1  # perhaps a month in another language ("mars")
    return unknown <= 1 and capitals <= 3


def _parse(part: str, today: dt.date) -> dt.date | None:
    words = [w for w in _WORD.findall(_TIME.sub(" ", part))]
    drop = {w for w in words if w.lower() in _WEEKDAYS or (w.isupper() and w.lower() not in _MONTHS)}
    drop |= {w for w in words if w.lower() in ("at", "on", "am", "pm", "utc", "gmt")}
    cleaned = " ".join(
        t for t in _TIME.sub(" ", part).replace(",", " , ").split() if t.strip(".") not in drop
    )
    cleaned = re.sub(r"\s+,", ",", cleaned).strip(" ,").lower()
    for pattern, day_group, month_group in ((_DMY, 1, 2), (_MDY, 2, 1)):
        match = pattern.fullmatch(cleaned)
        if match and match.group(month_group) in _MONTHS:
            try:
                value = dt.date(
                    int(match.group(3)), _MONTHS[match.group(month_group)], int(match.group(day_group))
                )
            except ValueError:
                return None
            return _plausible(value, today)
    if not _WORD.search(cleaned):
        return None  # all-numeric ("05/10/2020"): day and month order is a guess
    return _dateparser(cleaned, today)


def _dateparser(text: str, today: dt.date) -> dt.date | None:
    import dateparser  # imported here: heavy, and most datelines take the fast path

    try:
        parsed = dateparser.parse(text, languages=_LANGUAGES, settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input; a non-date is not an error
        return None
    return _plausible(parsed.date(), today) if parsed is not None else None
