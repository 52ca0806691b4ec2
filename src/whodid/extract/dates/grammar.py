"""A small grammar for the date expressions incident reports use.

:func:`scan` finds expressions that name a calendar point ("29 May 2021",
"May 29", "Sunday (Jul 21) night", "late on Saturday afternoon", "yesterday",
"the next day", "last week", "in 2014") and returns them unresolved: what the
text says, not which day it is. Resolving them against an anchor is
:mod:`whodid.extract.dates.resolve`'s job. Each pattern
(:mod:`whodid.extract.dates.patterns`) is read here into an
:class:`~whodid.extract.dates.expression.Expression`; neighbours that make one
date together ("from May 1 to May 3") are joined by :mod:`whodid.extract.dates.joins`.

Durations ("eight hours", "for three days", "an eight-hour journey", "10 months
ago" as a page's age) are deliberately not in the grammar, so they can never
become dates. All matching is done by compiled regular expressions over the
whole text, so the cost is a few C-level scans per document.
"""

from __future__ import annotations

import re

from whodid.extract.dates.expression import Expression, as_number, month_number, weekday_number
from whodid.extract.dates.joins import (
    add_offsets,
    attach_times,
    mark_weeks,
    merge_parenthesised,
    merge_ranges,
)
from whodid.extract.dates.patterns import (
    ABSOLUTE,
    ANY_YEAR,
    BARE_MONTH,
    HABITUAL,
    NAMED_DAY,
    PERIOD,
    RELATIVE,
    WEEKDAY,
    YEAR,
)


def _absolute(m: re.Match[str]) -> Expression | None:
    g = m.groupdict()
    wd = weekday_number(g["wd"]) if g["wd"] else None
    tod = bool(g["tod"] or g["tod0"])
    year: int | None
    end_day: int | None
    if g["iy"]:
        year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
        end_day = None
    elif g["m1"]:
        year = int(g["y1"]) if g["y1"] else None
        month, day = month_number(g["m1"]), int(g["d1"])
        end_day = int(g["d1e"]) if g["d1e"] else None
    elif g["m2"]:
        year = int(g["y2"]) if g["y2"] else None
        month, day = month_number(g["m2"]), int(g["d2"])
        end_day = int(g["d2e"]) if g["d2e"] else None
    else:
        year, month, day, end_day = int(g["y3"]), month_number(g["m3"]), None, None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    if end_day is not None and not day_ok(day, end_day):
        end_day = None
    text = m.group(0)
    end = m.end()
    if text.endswith(")") and "(" not in text:  # a closing parenthesis we did not open
        end -= len(text) - len(text.rstrip(") \t"))
    return Expression(
        start=m.start(),
        end=end,
        kind="absolute",
        year=year,
        month=month,
        day=day,
        end_year=year if end_day else None,
        end_month=month if end_day else None,
        end_day=end_day,
        weekday=wd,
        time_of_day=tod,
    )


def day_ok(day: int | None, end_day: int) -> bool:
    return day is not None and day < end_day <= 31


def _weekday(m: re.Match[str], text: str) -> Expression | None:
    before = text[max(0, m.start() - 20) : m.start()]
    if HABITUAL.search(before) or NAMED_DAY.search(before):
        return None
    mod = (m.group("mod") or "").lower() or None
    if mod in ("early", "late"):
        mod = None
    elif mod is not None:
        mod = " ".join(mod.split())
    return Expression(
        start=m.start(),
        end=m.end(),
        kind="weekday",
        weekday=weekday_number(m.group("wd")),
        modifier=mod,
        time_of_day=bool(m.group("tod") or m.group("tod0")),
    )


def _relative(m: re.Match[str]) -> Expression:
    rel = " ".join(m.group("rel").lower().split())
    amount, unit = 0, "day"
    if m.group("n"):
        amount = as_number(m.group("n"))
        unit = m.group("unit").lower().rstrip("s")
        direction = m.group("dir").lower()
        key = {"later": "later", "earlier": "earlier", "ago": "ago"}[direction]
    elif rel in ("yesterday",):
        key = "yesterday"
    elif rel in ("today", "tonight", "earlier today") or rel.startswith("this "):
        key = "today"
    elif rel == "last night" or rel == "the night before":
        key = "last_night" if rel == "last night" else "prev_day"
    elif "previous" in rel or rel == "the day before":
        key = "prev_day"
    else:
        key = "next_day"
    return Expression(
        start=m.start(),
        end=m.end(),
        kind="relative",
        relative=key,
        amount=amount,
        unit=unit,
        time_of_day=bool(m.group("tod")) or rel in ("tonight", "last night") or rel.startswith("this "),
    )


def _period(m: re.Match[str]) -> Expression:
    which = " ".join(m.group("which").lower().split())
    return Expression(
        start=m.start(),
        end=m.end(),
        kind="period",
        modifier="last" if which in ("last", "past", "previous") else which,
        unit=m.group("period").lower(),
    )


def _collect(text: str) -> list[Expression]:
    found: list[Expression] = []
    for m in ABSOLUTE.finditer(text):
        e = _absolute(m)
        if e is not None:
            found.append(e)
    for m in WEEKDAY.finditer(text):
        w = _weekday(m, text)
        if w is not None:
            found.append(w)
    found.extend(_relative(m) for m in RELATIVE.finditer(text))
    found.extend(_period(m) for m in PERIOD.finditer(text))
    for m in YEAR.finditer(text):
        found.append(Expression(start=m.start("year"), end=m.end(), kind="year", year=int(m.group("year"))))
    for m in BARE_MONTH.finditer(text):
        prep = m.group("prep").lower()
        found.append(
            Expression(
                start=m.start() if prep in ("last", "this", "next") else m.start("m"),
                end=m.end(),
                kind="month",
                month=month_number(m.group("m")),
                modifier=prep if prep in ("last", "this", "next") else None,
            )
        )
    return found


def _without_overlaps(found: list[Expression]) -> list[Expression]:
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[Expression] = []
    for e in found:
        if kept and e.start < kept[-1].end:
            continue
        kept.append(e)
    return kept


def scan(text: str) -> list[Expression]:
    """Every date expression in ``text``, in text order, without overlaps."""
    exprs = _without_overlaps(_collect(text))
    exprs = merge_parenthesised(text, exprs)
    exprs = merge_ranges(text, exprs)
    exprs = mark_weeks(text, exprs)
    exprs = attach_times(text, exprs)
    return add_offsets(text, exprs)


def years_mentioned(text: str) -> list[int]:
    """Every plausible calendar year written in ``text`` (1950-2049), as evidence."""
    return [int(m.group(0)) for m in ANY_YEAR.finditer(text)]
