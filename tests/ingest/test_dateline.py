"""Dateline recognition: only lines that are just a full date, never a headline."""

from __future__ import annotations

import datetime as dt

import pytest

from whodid.ingest.dateline import find_dateline

TODAY = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tuesday, March 3, 2020", dt.date(2020, 3, 3)),
        ("05 Oct 2020 · 6-minute read", dt.date(2020, 10, 5)),
        ("2006-05-27 17:45:00", dt.date(2006, 5, 27)),
        ("date 2020-06-22", dt.date(2020, 6, 22)),
        ("Published: 12 January 2019", dt.date(2019, 1, 12)),
        ("Monday, March 14, 2011; 4:29 PM", dt.date(2011, 3, 14)),
        ("17:02 EDT, 19 October 2017", dt.date(2017, 10, 19)),
        ("June 9, 2018 / 1:05 PM / 10 months ago", dt.date(2018, 6, 9)),
        ("| Nov 02, 2023", dt.date(2023, 11, 2)),
        ("DARNSK Tue Dec 30, 2014 3:58pm EST", dt.date(2014, 12, 30)),
        ("12 mars 2020", dt.date(2020, 3, 12)),
    ],
)
def test_dateline_is_recognised(line: str, expected: dt.date) -> None:
    found = find_dateline(line, TODAY)
    assert found == (expected, len(line))


@pytest.mark.parametrize(
    "line",
    [
        "March 2020",
        "Police Detain 48 Protesters On May 5, 2021",
        "Three killed on 5 May 2020",
        "The 2020 protests in Darnsk",
        "1999",
        "Feb 30, 2020",
        "March 3, 2031",
        "3 days ago",
        "05/10/2020",
    ],
)
def test_non_dateline_is_rejected(line: str) -> None:
    assert find_dateline(line, TODAY) is None


def test_labelled_iso_prefix_reports_its_length() -> None:
    line = "date 2019-08-23 By Staff Reporter"
    assert find_dateline(line, TODAY) == (dt.date(2019, 8, 23), len("date 2019-08-23"))
