"""Choose the incident date the way a coder reads a news story, and name every date's role.

The lead sentence that reports an act and carries a date gives it, preferring a
date the act verb governs ("arrested on Monday") over a date in the same
sentence that only dates a statement ("police said Sunday"). A vaguer lead date
("last week") is sharpened by a later day it contains. When the text gives
nothing to go on, the choice abstains.
"""

from __future__ import annotations

from datetime import date, timedelta

from whodid.extract.dates.governor import Governor
from whodid.extract.dates.read import Found, Unresolved
from whodid.extract.dates.resolve import Evidence
from whodid.extract.dates.sentences import Sentences
from whodid.extract.dates.vocab import PERFECT_ACT
from whodid.model import DatePrecision

FOLLOW_UP_SENTENCES = 3  # how far after a statement-dated lead the act's own date may come


def _candidate(f: Found) -> bool:
    return (
        f.role == "other"
        and not f.future
        and not f.background
        and f.value.precision != DatePrecision.YEAR
        and (f.expr is None or f.expr.kind != "year")
    )


def _sharpen(chosen: Found, found: list[Found]) -> Found:
    """A vague lead ("last week") gives way to a later act day inside it ("On February 5")."""
    if chosen.value.precision == DatePrecision.DAY:
        return chosen
    last = chosen.value.end or chosen.value.start
    for f in found:
        if (
            f.start > chosen.start
            and _candidate(f)
            and f.value.precision == DatePrecision.DAY
            and chosen.value.start <= f.value.start <= last
            and f.governor in (Governor.ACT, Governor.NEUTRAL)
        ):
            return f
    return chosen


def _act_told_next(report: Found, found: list[Found]) -> Found | None:
    """ "X was found beaten, his party said Monday. [...] kidnapped on Sunday": the act's own day.

    A lead dated only by its statement is followed closely by the act's date when
    the report gives one; it is never later than the statement.
    """
    for f in found:
        if (
            report.sentence < f.sentence <= report.sentence + FOLLOW_UP_SENTENCES
            and _candidate(f)
            and f.governor == Governor.ACT
            and f.value.start <= report.value.start
        ):
            return f
    return None


def choose_incident(
    found: list[Found], unresolved: list[Unresolved], sents: Sentences
) -> tuple[Found | None, float]:
    """The date of the main incident's first act, and how much to trust the choice.

    When the lead's own date cannot be placed (no year, no anchor), the stage
    abstains rather than fall back on a later, unrelated date.
    """
    eligible = (Governor.ACT, Governor.NEUTRAL, Governor.REPORT_ACT)
    by_sentence: dict[int, list[Found]] = {}
    for f in found:
        if _candidate(f) and f.governor in eligible and f.act_sentence:
            by_sentence.setdefault(f.sentence, []).append(f)
    blockers = [u for u in unresolved if u.governor in eligible and u.act_sentence]
    if by_sentence:
        lead_index = min(by_sentence)
        lead = by_sentence[lead_index]
        best = min(f.governor for f in lead)
        if any(u.sentence < lead_index or (u.sentence == lead_index and u.governor < best) for u in blockers):
            return None, 0.0
        chosen = min((f for f in lead if f.governor == best), key=lambda f: f.value.start)
        trust = {Governor.ACT: 1.0, Governor.NEUTRAL: 0.9, Governor.REPORT_ACT: 0.8}[best]
        if best == Governor.REPORT_ACT:
            told = _act_told_next(chosen, found)
            if told is not None:
                return told, 0.9
        return _sharpen(chosen, found), trust
    plain = [
        f
        for f in found
        if _candidate(f)
        and f.governor in (Governor.ACT, Governor.NEUTRAL)
        and f.value.precision == DatePrecision.DAY
    ]
    if plain:
        return _sharpen(plain[0], found), 0.75
    first_act = sents.first_act()
    for f in found:
        if f.role == "publication" and f.sentence == first_act and f.value.precision == DatePrecision.DAY:
            return f, 0.7
    for f in found:
        if f.role == "caption" and sents.has_act(f.sentence) and f.value.precision == DatePrecision.DAY:
            return f, 0.5
    return None, 0.0


def breaking_news_date(found: list[Found], sents: Sentences, ev: Evidence) -> date | None:
    """A same-day story ("Police have rounded up ...") with no date of its own: its publication day."""
    if ev.anchor is None or any(_candidate(f) for f in found):
        return None
    first_act = sents.first_act()
    if first_act is None or not PERFECT_ACT.search(sents.text_of(first_act)):
        return None
    return ev.anchor


def assign_roles(found: list[Found], incident: Found | None) -> None:
    """Name each date's role once the incident date is chosen: the incident's, earlier, or other.

    Datelines and captions keep the roles their layout gave them.
    """
    for f in found:
        if f.role in ("publication", "caption"):
            continue
        if incident is not None:
            start, end = incident.value.start, incident.value.end or incident.value.start
            if f is incident or (
                start <= f.value.start <= end + timedelta(days=1)
                and f.governor in (Governor.ACT, Governor.NEUTRAL)
                and f.act_sentence
            ):
                f.role = "incident"
                continue
            if (f.value.end or f.value.start) < start:
                f.role = "background"
                continue
        elif f.background or f.value.precision == DatePrecision.YEAR:
            f.role = "background"
            continue
        f.role = "other"
