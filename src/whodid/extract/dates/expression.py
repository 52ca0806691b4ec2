"""What a date expression states, before anything resolves it to a day.

:class:`Expression` is the one shape every reading of the grammar
(:mod:`whodid.extract.dates.grammar`) produces and every resolution
(:mod:`whodid.extract.dates.resolve`) consumes, so it lives apart from both.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def as_number(word: str) -> int:
    """The value of a numeral or number word the grammar matched ("two", "12")."""
    value = number_value(word)
    if value is None:  # the grammar only matches numerals and number words
        raise ValueError(f"not a number: {word!r}")
    return value
