"""Turn a stated :class:`~whodid.extract.dates.expression.Expression` into calendar dates.

Resolution needs an anchor (the publication date) for "on Sunday" or
"yesterday", the previous date of the story for "the next day", and the
document's own year evidence for "May 29" when nothing else dates the report.
Without the evidence a value is not guessed: the functions return ``None``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from whodid.extract.dates.expression import Expression
from whodid.model import DatePrecision

# How many years past the latest year a text mentions a weekday may push a date.
MAX_YEARS_FROM_EVIDENCE = 12
# A year-less "May 29" more than this far after the anchor is read as last year's.
FUTURE_TOLERANCE = timedelta(days=31)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A calendar reading of an expression, with how sure the reading is."""

    start: date
    end: date | None
    precision: DatePrecision
    confidence: float


@dataclass(slots=True)
class Evidence:
    """What the document itself says about when it was written.

    ``anchor``: the publication date, when known. ``latest_year``: the latest year
    the text (or its boilerplate) writes; a photo caption's year counts, as a
    lower bound. ``upper``: no date can be later (when the document was received).
    ``weekdays``: weekdays the text names on their own ("Saturday's events").
    """

    anchor: date | None = None
    latest_year: int | None = None
    upper: date | None = None
    weekdays: set[int] = field(default_factory=set)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def weekday_on_or_before(anchor: date, weekday: int, *, strictly: bool = False) -> date:
    """The latest ``weekday`` on or before ``anchor`` ("on Sunday" in Monday's paper)."""
    back = (anchor.weekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def weekday_after(anchor: date, weekday: int) -> date:
    ahead = (weekday - anchor.weekday()) % 7 or 7
    return anchor + timedelta(days=ahead)


def nearest_year(anchor: date, month: int, day: int) -> int:
    """The year that puts month/day nearest the anchor, allowing a short look ahead."""
    this_year = _safe_date(anchor.year, month, day) or date(anchor.year, month, 28)
    return anchor.year if this_year <= anchor + FUTURE_TOLERANCE else anchor.year - 1


def resolve_year_from_weekday(
    month: int, day: int, weekday: int, lower_year: int, upper: date | None
) -> int | None:
    """The first year from ``lower_year`` on in which month/day falls on ``weekday``.

    ``lower_year`` is the latest year the document mentions (a caption's year is a
    lower bound: the report is no older than its photo); ``upper`` caps the search.
    """
    last = lower_year + MAX_YEARS_FROM_EVIDENCE
    if upper is not None:
        last = min(last, upper.year)
    for year in range(lower_year, last + 1):
        d = _safe_date(year, month, day)
        if d is not None and d.weekday() == weekday and (upper is None or d <= upper):
            return year
    return None


def infer_year(expr: Expression, ev: Evidence) -> tuple[int, float] | None:
    """The year of a year-less month/day, and how sure that is; None to abstain."""
    assert expr.month is not None
    day = expr.day or 1
    if ev.anchor is not None:
        year = nearest_year(ev.anchor, expr.month, day)
        d = _safe_date(year, expr.month, day)
        if d is None:
            return None
        if expr.weekday is not None and d.weekday() != expr.weekday:
            return year, 0.55
        return year, 0.85
    if ev.latest_year is None:
        return None
    stated = expr.weekday
    if stated is None and len(ev.weekdays) == 1:
        stated = next(iter(ev.weekdays))
    if stated is not None:
        found = resolve_year_from_weekday(expr.month, day, stated, ev.latest_year, ev.upper)
        if found is None:
            return None
        return found, 0.75 if expr.weekday is not None else 0.65
    d = _safe_date(ev.latest_year, expr.month, day)
    if d is None or (ev.upper is not None and d > ev.upper):
        return None
    if ev.weekdays and d.weekday() not in ev.weekdays:
        return None
    return ev.latest_year, 0.45


def month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def _absolute(expr: Expression, ev: Evidence) -> Resolved | None:
    assert expr.month is not None
    confidence = 0.95
    year = expr.year
    if year is None:
        inferred = infer_year(expr, ev)
        if inferred is None:
            return None
        year, confidence = inferred
    if expr.day is None:
        start = date(year, expr.month, 1)
        return Resolved(start, month_end(start), DatePrecision.MONTH, confidence)
    start_or_none = _safe_date(year, expr.month, expr.day)
    if start_or_none is None:
        return None
    start = start_or_none
    if expr.year is not None and expr.weekday is not None and start.weekday() != expr.weekday:
        confidence = 0.6
    end = None
    if expr.end_day is not None:
        end_month = expr.end_month or expr.month
        end_year = expr.end_year or year
        if (end_month, expr.end_day) < (expr.month, expr.day) and expr.end_year is None:
            end_year += 1
        end = _safe_date(end_year, end_month, expr.end_day)
    precision = DatePrecision.WEEK if expr.week_of else DatePrecision.DAY
    return Resolved(start, end, precision, confidence)


def _weekday(expr: Expression, ev: Evidence) -> Resolved | None:
    if ev.anchor is None or expr.weekday is None:
        return None
    if expr.modifier == "next":
        return Resolved(weekday_after(ev.anchor, expr.weekday), None, DatePrecision.DAY, 0.7)
    strictly = expr.modifier in ("last", "previous")
    d = weekday_on_or_before(ev.anchor, expr.weekday, strictly=strictly)
    return Resolved(d, None, DatePrecision.DAY, 0.75 if strictly else 0.85)


def _shift(d: date, amount: int, unit: str | None) -> date:
    if unit == "week":
        return d + timedelta(weeks=amount)
    if unit == "month":
        result: date = d + relativedelta(months=amount)
        return result
    if unit == "year":
        shifted: date = d + relativedelta(years=amount)
        return shifted
    return d + timedelta(days=amount)


def _relative(expr: Expression, ev: Evidence, previous: date | None) -> Resolved | None:
    rel = expr.relative
    if rel in ("next_day", "prev_day", "later", "earlier"):
        if previous is None:
            return None
        sign = -1 if rel in ("prev_day", "earlier") else 1
        amount = expr.amount or 1
        precision = DatePrecision.WEEK if expr.unit == "week" else DatePrecision.DAY
        return Resolved(_shift(previous, sign * amount, expr.unit), None, precision, 0.75)
    if ev.anchor is None:
        return None
    if rel == "ago":
        precision = DatePrecision.WEEK if expr.unit == "week" else DatePrecision.DAY
        return Resolved(_shift(ev.anchor, -expr.amount, expr.unit), None, precision, 0.7)
    offsets = {"today": 0, "yesterday": -1, "last_night": -1}
    if rel not in offsets:
        return None
    confidence = 0.75 if rel == "last_night" else 0.85
    return Resolved(ev.anchor + timedelta(days=offsets[rel]), None, DatePrecision.DAY, confidence)


def _period(expr: Expression, ev: Evidence) -> Resolved | None:
    if ev.anchor is None:
        return None
    a = ev.anchor
    last = expr.modifier == "last"
    if expr.unit == "week":
        monday = a - timedelta(days=a.weekday())
        if last:
            return Resolved(monday - timedelta(days=7), monday - timedelta(days=1), DatePrecision.WEEK, 0.6)
        return Resolved(monday, a, DatePrecision.WEEK, 0.6)
    if expr.unit == "weekend":
        saturday = weekday_on_or_before(a, 5, strictly=last and a.weekday() in (5, 6))
        return Resolved(saturday, saturday + timedelta(days=1), DatePrecision.WEEK, 0.55)
    if expr.unit == "month":
        first = date(a.year, a.month, 1)
        if last:
            prev = first - timedelta(days=1)
            return Resolved(date(prev.year, prev.month, 1), prev, DatePrecision.MONTH, 0.6)
        return Resolved(first, a, DatePrecision.MONTH, 0.6)
    year = a.year - 1 if last else a.year
    return Resolved(date(year, 1, 1), date(year, 12, 31), DatePrecision.YEAR, 0.6)


def _month(expr: Expression, ev: Evidence) -> Resolved | None:
    assert expr.month is not None
    if ev.anchor is not None:
        year = ev.anchor.year
        if expr.modifier == "next":
            year += 1 if expr.month <= ev.anchor.month else 0
        elif expr.month > ev.anchor.month or (expr.modifier == "last" and expr.month == ev.anchor.month):
            year -= 1
        confidence = 0.6
    elif ev.latest_year is not None and expr.modifier is None:
        year, confidence = ev.latest_year, 0.35
    else:
        return None
    start = date(year, expr.month, 1)
    return Resolved(start, month_end(start), DatePrecision.MONTH, confidence)


def resolve(expr: Expression, ev: Evidence, previous: date | None = None) -> Resolved | None:
    """The dates ``expr`` names, given the evidence and the story's previous date."""
    if expr.kind == "absolute":
        return _absolute(expr, ev)
    if expr.kind == "weekday":
        return _weekday(expr, ev)
    if expr.kind == "relative":
        return _relative(expr, ev, previous)
    if expr.kind == "period":
        return _period(expr, ev)
    if expr.kind == "year":
        assert expr.year is not None
        return Resolved(date(expr.year, 1, 1), date(expr.year, 12, 31), DatePrecision.YEAR, 0.9)
    if expr.kind == "month":
        return _month(expr, ev)
    if expr.kind == "offset" and previous is not None:
        precision = DatePrecision.MONTH if expr.unit in ("month", "year") else DatePrecision.DAY
        return Resolved(_shift(previous, -expr.amount, expr.unit), None, precision, 0.6)
    return None
