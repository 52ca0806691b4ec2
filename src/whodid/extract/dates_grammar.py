"""A small grammar for the date expressions incident reports use.

:func:`scan` finds expressions that name a calendar point ("29 May 2021",
"May 29", "Sunday (Jul 21) night", "late on Saturday afternoon", "yesterday",
"the next day", "last week", "in 2014") and returns them unresolved: what the
text says, not which day it is. Resolving them against an anchor is
:mod:`whodid.extract.dates_resolve`'s job.

Durations ("eight hours", "for three days", "an eight-hour journey", "10 months
ago" as a page's age) are deliberately not in the grammar, so they can never
become dates. All matching is done by compiled regular expressions over the
whole text, so the cost is a few C-level scans per document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from whodid.extract.numbers import number_value

MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

_S = r"[ \t\u00a0]+"  # spaces within a line: an expression never spans a line break
_S0 = r"[ \t\u00a0]*"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WD_FULL = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_ABBR = r"(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)"
_TOD = r"(?:morning|afternoon|evening|night)"
_ORD = r"(?:st|nd|rd|th)?"
_NUM = r"(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_TIME = (
    r"(?:(?:about|around|approximately|roughly|some)[ \t]+)?"
    r"(?:\d{1,2}(?:[:.]\d{2})?[ \t]*(?:[ap]\.?[ \t]?m\.?)(?![a-z])"
    r"|\d{1,2}[:.]\d{2}(?![\d.])|midnight|noon|dawn)"
)

_ABSOLUTE = re.compile(
    rf"(?:(?:the{_S})?(?i:(?P<tod0>{_TOD})){_S}of{_S})?"
    rf"(?:(?P<wd>{_WD_FULL}|{_WD_ABBR})\.?(?:{_S0},{_S0}|{_S}|{_S0}\({_S0}))?"
    rf"(?:(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\d:-])"
    rf"|(?P<d1>[0-3]?\d){_ORD}(?:{_S0}(?:-|–|to|and){_S0}(?P<d1e>[0-3]?\d){_ORD})?{_S}(?:of{_S})?"
    rf"(?P<m1>{_MONTH})\b\.?(?:,?{_S}(?P<y1>(?:19|20)\d\d)(?!\d|,\d))?"
    rf"|(?P<m2>{_MONTH})\b\.?{_S}(?P<d2>[0-3]?\d){_ORD}"
    rf"(?:{_S0}(?:-|–|to|through|and){_S0}(?P<d2e>[0-3]?\d){_ORD})?(?![\d:.,]\d)"
    rf"(?:,?{_S}(?P<y2>(?:19|20)\d\d)(?!\d|,\d))?"
    rf"|(?P<m3>{_MONTH})\b\.?,?{_S}(?P<y3>(?:19|20)\d\d)(?!\d|,\d))"
    rf"(?:{_S0}\))?(?:{_S}(?i:(?P<tod>{_TOD}))\b)?"
)
_WEEKDAY = re.compile(
    rf"(?:(?i:(?P<mod>early|late|last|this{_S}past|past|this|next|previous)){_S}(?:on{_S})?)?"
    rf"(?:(?:the{_S})?(?i:(?P<tod0>{_TOD})){_S}of{_S})?"
    rf"(?P<wd>{_WD_FULL})(?P<poss>['’]s)?\b(?:{_S}(?i:(?P<tod>{_TOD}))\b)?"
)
_RELATIVE = re.compile(
    rf"(?i:(?:(?:early|late){_S})?"
    rf"(?P<rel>yesterday|today|tonight|last{_S}night|earlier{_S}today"
    rf"|this{_S}(?:morning|afternoon|evening)"
    rf"|(?:the{_S})?(?:next|following|previous){_S}(?:day|morning|afternoon|evening|night)"
    rf"|the{_S}day{_S}(?:before|after)|the{_S}night{_S}before"
    rf"|(?P<n>{_NUM}){_S}(?P<unit>days?|weeks?){_S}(?P<dir>later|earlier|ago))\b"
    rf"(?:{_S}(?P<tod>{_TOD})\b)?)"
)
_PERIOD = re.compile(
    rf"(?i:\b(?P<which>last|this|past|previous|earlier{_S}this)"
    rf"{_S}(?P<period>week|weekend|month|year)\b)"
)
_YEAR = re.compile(
    rf"(?i:\b(?P<prep>in|since|during|by|until|early|late|mid-?|from|before|after|of)){_S0}"
    rf"(?P<year>(?:19|20)\d\d)(?![\d,.]\d|[\d-])"
)
_BARE_MONTH = re.compile(
    rf"(?i:\b(?P<prep>in|since|during|early|late|mid-?|until|by|last|this|next)){_S0}"
    rf"(?P<m>{_FULL_MONTH})\b(?!{_S0}[\d(])"
)
_ANY_YEAR = re.compile(r"(?<![\d$£€.,/#-])(?:19[5-9]\d|20[0-4]\d)(?![\d,]\d|\d|-\d|\.\d)")
_TIME_BEFORE = re.compile(rf"(?i:\bat{_S}{_TIME}(?:{_S}(?:on|of))?{_S0})$")
_TIME_AFTER = re.compile(rf"(?i:^(?:,?{_S}(?:at|from|around|about){_S}{_TIME}|,?{_S}{_TIME}))")
_AFTER_OFFSET = re.compile(
    rf"(?i:^,?{_S}(?:some{_S}|about{_S})?(?P<n>{_NUM}){_S}(?P<unit>days?|weeks?|months?|years?){_S}after\b)"
)
_RANGE_JOIN = re.compile(rf"^{_S0}(?:-|–|to|until|till|through|and){_S0}$")
_RANGE_OPENER = re.compile(rf"(?i:\b(?:from|between){_S})$")
_WEEK_OF = re.compile(rf"(?i:\bweek{_S}of{_S})$")
_HABITUAL = re.compile(rf"(?i:\b(?:each|every|on{_S}alternate){_S})$")
_NAMED_DAY = re.compile(rf"(?:Black|Good|Bloody|Holy|Cyber|Super|Easter|Palm|Ash|Maundy|Shrove|Mad){_S}$")


@dataclass(frozen=True, slots=True)
class Expression:
    """A date expression as the text states it, before any resolution.

    ``kind`` is one of:

    - ``absolute``: some of year/month/day stated ("29 May 2021", "May 29", "May 2021");
      ``end_day`` for a day range within the month ("3-5 March").
    - ``weekday``: a day named by its weekday only ("on Sunday", "last Tuesday").
    - ``relative``: a day relative to the anchor or to the previous date
      ("yesterday", "the next day", "two days later").
    - ``period``: a week, month or year relative to the anchor ("last week").
    - ``year``: a year alone ("in 2014").
    - ``month``: a month alone ("in May").
    - ``offset``: "<date>, three months after": a day before the preceding date.
    """

    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    weekday: int | None = None
    modifier: str | None = None  # last, next, this, previous, earlier this, ...
    relative: str | None = None  # yesterday, today, last_night, next_day, prev_day, days_later, ...
    amount: int = 0
    unit: str | None = None  # day, week, month, year
    time_of_day: bool = False
    week_of: bool = False

    @property
    def has_day(self) -> bool:
        return self.kind in ("weekday", "relative", "offset") or (
            self.kind == "absolute" and self.day is not None
        )


def month_number(name: str) -> int:
    return MONTHS[name[:3].lower()]


def weekday_number(name: str) -> int:
    return WEEKDAYS[name[:3].lower()]


def _number(word: str) -> int:
    value = number_value(word)
    if value is None:  # the grammar only matches numerals and number words
        raise ValueError(f"not a number: {word!r}")
    return value


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
    if _HABITUAL.search(before) or _NAMED_DAY.search(before):
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
        amount = _number(m.group("n"))
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
    for m in _ABSOLUTE.finditer(text):
        e = _absolute(m)
        if e is not None:
            found.append(e)
    for m in _WEEKDAY.finditer(text):
        w = _weekday(m, text)
        if w is not None:
            found.append(w)
    found.extend(_relative(m) for m in _RELATIVE.finditer(text))
    found.extend(_period(m) for m in _PERIOD.finditer(text))
    for m in _YEAR.finditer(text):
        found.append(Expression(start=m.start("year"), end=m.end(), kind="year", year=int(m.group("year"))))
    for m in _BARE_MONTH.finditer(text):
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


def _merge_parenthesised(text: str, exprs: list[Expression]) -> list[Expression]:
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


def _merge_ranges(text: str, exprs: list[Expression]) -> list[Expression]:
    """ "from May 1 to May 3", "between 3 March and 5 March": one range."""
    out: list[Expression] = []
    i = 0
    while i < len(exprs):
        e = exprs[i]
        if i + 1 < len(exprs) and e.kind == "absolute" and e.end_day is None:
            nxt = exprs[i + 1]
            joined = _RANGE_JOIN.match(text[e.end : nxt.start])
            opened = _RANGE_OPENER.search(text[max(0, e.start - 10) : e.start])
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


def _attach_times(text: str, exprs: list[Expression]) -> list[Expression]:
    """Widen a day's span over a clock time beside it ("at about 11:30am on 22 May")."""
    out: list[Expression] = []
    prev_end = 0
    for e in exprs:
        if e.has_day:
            before = _TIME_BEFORE.search(text[max(prev_end, e.start - 40) : e.start])
            after = _TIME_AFTER.match(text[e.end : e.end + 40])
            start = e.start - len(before.group(0)) if before else e.start
            end = e.end + len(after.group(0)) if after else e.end
            if before or after:
                e = replace(e, start=start, end=end, time_of_day=True)
        out.append(e)
        prev_end = e.end
    return out


def _offsets(text: str, exprs: list[Expression]) -> list[Expression]:
    """ "died July 10, 2004, three months after ...": the earlier day is stated too."""
    out: list[Expression] = []
    for e in exprs:
        out.append(e)
        if not e.has_day:
            continue
        m = _AFTER_OFFSET.match(text[e.end : e.end + 40])
        if m:
            out.append(
                Expression(
                    start=e.end + m.start("n"),
                    end=e.end + m.end(),
                    kind="offset",
                    relative="before_previous",
                    amount=_number(m.group("n")),
                    unit=m.group("unit").lower().rstrip("s"),
                )
            )
    return out


def _mark_weeks(text: str, exprs: list[Expression]) -> list[Expression]:
    return [
        replace(e, week_of=True)
        if e.kind == "absolute" and _WEEK_OF.search(text[max(0, e.start - 15) : e.start])
        else e
        for e in exprs
    ]


def scan(text: str) -> list[Expression]:
    """Every date expression in ``text``, in text order, without overlaps."""
    exprs = _without_overlaps(_collect(text))
    exprs = _merge_parenthesised(text, exprs)
    exprs = _merge_ranges(text, exprs)
    exprs = _mark_weeks(text, exprs)
    exprs = _attach_times(text, exprs)
    return _offsets(text, exprs)


def years_mentioned(text: str) -> list[int]:
    """Every plausible calendar year written in ``text`` (1950-2049), as evidence."""
    return [int(m.group(0)) for m in _ANY_YEAR.finditer(text)]
