"""Neighbouring expressions that make one date together, and what sits beside a date.

The grammar (:mod:`whodid.extract.dates.grammar`) reads each pattern on its own;
these passes then look at what lies between and around the matches: a stated
date in brackets after relative words, the two ends of a range, "the week of",
a clock time, "three months after". Each pass takes and returns the expressions
in text order.
"""

from __future__ import annotations

import re
from dataclasses import replace

from whodid.extract.dates.expression import Expression, as_number
from whodid.extract.dates.patterns import (
    AFTER_OFFSET,
    RANGE_JOIN,
    RANGE_OPENER,
    TIME_AFTER,
    TIME_BEFORE,
    WEEK_OF,
)


def merge_parenthesised(text: str, exprs: list[Expression]) -> list[Expression]:
    """ "last night (Friday April 25, 2014)", "yesterday (Wednesday)": one expression.

    The stated date inside the brackets wins over the relative words before it.
    """
    out: list[Expression] = []
    i = 0
    while i < len(exprs):
        e = exprs[i]
        if i + 1 < len(exprs):
            nxt = exprs[i + 1]
            gap = text[e.end : nxt.start]
            close = text[nxt.end : nxt.end + 3].lstrip(" \t")
            if re.fullmatch(r"[ \t]*\([ \t]*", gap) and close.startswith(")"):
                end = text.index(")", nxt.end) + 1
                keep = nxt if nxt.kind == "absolute" else e
                out.append(
                    replace(keep, start=e.start, end=end, time_of_day=e.time_of_day or nxt.time_of_day)
                )
                i += 2
                continue
        out.append(e)
        i += 1
    return out


def merge_ranges(text: str, exprs: list[Expression]) -> list[Expression]:
    """ "from May 1 to May 3", "between 3 March and 5 March": one range."""
    out: list[Expression] = []
    i = 0
    while i < len(exprs):
        e = exprs[i]
        if i + 1 < len(exprs) and e.kind == "absolute" and e.end_day is None:
            nxt = exprs[i + 1]
            joined = RANGE_JOIN.match(text[e.end : nxt.start])
            opened = RANGE_OPENER.search(text[max(0, e.start - 10) : e.start])
            joiner = text[e.end : nxt.start].strip()
            if (
                nxt.kind == "absolute"
                and nxt.day is not None
                and e.day is not None
                and joined
                and (opened or joiner in ("-", "–", "to", "until", "through"))
            ):
                out.append(
                    replace(
                        e,
                        end=nxt.end,
                        year=e.year or nxt.year,
                        end_year=nxt.year or e.year,
                        end_month=nxt.month,
                        end_day=nxt.day,
                    )
                )
                i += 2
                continue
        out.append(e)
        i += 1
    return out


def attach_times(text: str, exprs: list[Expression]) -> list[Expression]:
    """Widen a day's span over a clock time beside it ("at about 11:30am on 22 May")."""
    out: list[Expression] = []
    prev_end = 0
    for e in exprs:
        if e.has_day:
            before = TIME_BEFORE.search(text[max(prev_end, e.start - 40) : e.start])
            after = TIME_AFTER.match(text[e.end : e.end + 40])
            start = e.start - len(before.group(0)) if before else e.start
            end = e.end + len(after.group(0)) if after else e.end
            if before or after:
                e = replace(e, start=start, end=end, time_of_day=True)
        out.append(e)
        prev_end = e.end
    return out


def add_offsets(text: str, exprs: list[Expression]) -> list[Expression]:
    """ "died July 10, 2004, three months after ...": the earlier day is stated too."""
    out: list[Expression] = []
    for e in exprs:
        out.append(e)
        if not e.has_day:
            continue
        m = AFTER_OFFSET.match(text[e.end : e.end + 40])
        if m:
            out.append(
                Expression(
                    start=e.end + m.start("n"),
                    end=e.end + m.end(),
                    kind="offset",
                    relative="before_previous",
                    amount=as_number(m.group("n")),
                    unit=m.group("unit").lower().rstrip("s"),
                )
            )
    return out


def mark_weeks(text: str, exprs: list[Expression]) -> list[Expression]:
    return [
        replace(e, week_of=True)
        if e.kind == "absolute" and WEEK_OF.search(text[max(0, e.start - 15) : e.start])
        else e
        for e in exprs
    ]
