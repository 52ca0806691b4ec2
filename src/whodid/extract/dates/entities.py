"""Dates the grammar does not read: spaCy's DATE entities, read by dateparser.

The grammar (:mod:`whodid.extract.dates.grammar`) is preferred: an entity is
read only where no grammar expression overlaps it, and only when it writes a
year and names no duration ("the 3rd of May, 2019", not "for the past three
years"), so that dateparser is only ever asked about calendar points.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from whodid.extract.dates.resolve import Evidence, Resolved, month_end
from whodid.model import DatePrecision

if TYPE_CHECKING:
    from spacy.tokens import Doc

_STATES_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DURATION = re.compile(
    r"(?i)\b(?:hours?|minutes?|seconds?|days|weeks|months|years|decades?|centur(?:y|ies)|ago|old|aged)\b|-year"
)


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    # Constructing a DateDataParser loads language data: do it once per process.
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def parse_stated_date(text: str) -> Resolved | None:
    """dateparser's reading of an expression that states its own year ("the 3rd of May, 2019").

    Only for expressions the grammar did not read; the caller must feed it calendar
    points only, never durations.
    """
    data = _date_parser().get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    period = data.period or "day"
    d = data.date_obj.date()
    if period == "year":
        return Resolved(date(d.year, 1, 1), date(d.year, 12, 31), DatePrecision.YEAR, 0.7)
    if period == "month":
        start = date(d.year, d.month, 1)
        return Resolved(start, month_end(start), DatePrecision.MONTH, 0.7)
    if period == "week":
        return Resolved(d, None, DatePrecision.WEEK, 0.6)
    return Resolved(d, None, DatePrecision.DAY, 0.75)


def entity_dates(doc: Doc, taken: list[tuple[int, int]], ev: Evidence) -> list[tuple[int, int, Resolved]]:
    """DATE entities the grammar missed that state a year: read by dateparser."""
    out: list[tuple[int, int, Resolved]] = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or not _STATES_YEAR.search(ent.text) or _DURATION.search(ent.text):
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        value = parse_stated_date(ent.text)
        if value is not None and (ev.upper is None or value.start <= ev.upper):
            out.append((ent.start_char, ent.end_char, value))
    return out
