"""Read every date of a document: find, resolve and place each one.

Expressions are read by the grammar (:mod:`whodid.extract.dates.grammar`) and
resolved in text order (:mod:`whodid.extract.dates.resolve`), each against the
anchor and the story's previous day; then each is placed: a dateline, a caption,
a future or background date, or a date in the story with its :class:`Governor`.
A stated day that cannot be resolved is kept as :class:`Unresolved`, so that the
choice of the incident date can abstain rather than skip it. Dates the grammar
does not read come from spaCy's entities (:mod:`whodid.extract.dates.entities`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from whodid.extract.dates.entities import entity_dates
from whodid.extract.dates.expression import Expression
from whodid.extract.dates.governor import Governor, classify
from whodid.extract.dates.grammar import scan, years_mentioned
from whodid.extract.dates.layout import HEADER_CHARS, is_caption_line, is_dateline, line_bounds
from whodid.extract.dates.resolve import Evidence, Resolved, resolve
from whodid.extract.dates.sentences import Sentences
from whodid.extract.dates.vocab import BACKGROUND_CUE, FUTURE_CUE
from whodid.model import DatePrecision

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from whodid.extract.pipeline import Analysis


@dataclass(slots=True)
class Found:
    """A resolved expression with what the stage learned about its place in the text."""

    start: int
    end: int
    expr: Expression | None
    value: Resolved
    sentence: int
    role: str = "other"
    governor: Governor = Governor.NEUTRAL
    act_sentence: bool = False
    future: bool = False
    background: bool = False


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A stated day the evidence cannot place ("On May 29" with no year anywhere)."""

    sentence: int
    governor: Governor
    act_sentence: bool


def _evidence(analysis: Analysis, text: str, exprs: list[Expression]) -> Evidence:
    document = analysis.document
    upper = document.received_at.date() if document.received_at else None
    years = years_mentioned(text)
    for line in document.boilerplate:
        years.extend(years_mentioned(line))
    if upper is not None:
        years = [y for y in years if y <= upper.year]
    weekdays = {e.weekday for e in exprs if e.kind == "weekday" and e.weekday is not None}
    anchor = analysis.published or document.published
    return Evidence(anchor=anchor, latest_year=max(years) if years else None, upper=upper, weekdays=weekdays)


def _dateline_anchor(text: str, exprs: list[Expression]) -> date | None:
    """The page's own date: the last full dateline in its header."""
    found: date | None = None
    for e in exprs:
        if e.start > HEADER_CHARS:
            break
        if (
            e.kind == "absolute"
            and e.year
            and e.day
            and e.end_day is None
            and is_dateline(text, e.start, e.end)
        ):
            try:
                found = date(e.year, e.month or 1, e.day)
            except ValueError:
                continue
    return found


def read_dates(analysis: Analysis, doc: Doc) -> tuple[list[Found], list[Unresolved], Evidence, Sentences]:
    """Every resolved date in text order, the stated days left unresolved, the evidence, the sentences.

    Sets ``analysis.published`` from the page's own dateline when nothing else dated it.
    """
    text = analysis.document.text
    exprs = scan(text)
    ev = _evidence(analysis, text, exprs)
    if ev.anchor is None:
        ev.anchor = _dateline_anchor(text, exprs)
        if ev.anchor is not None and analysis.published is None:
            analysis.published = ev.anchor
    sents = Sentences(doc)
    boilerplate = frozenset(line.strip() for line in analysis.document.boilerplate)
    limit = ev.anchor or ev.upper
    found: list[Found] = []
    unresolved: list[Unresolved] = []
    previous: date | None = None
    for e in exprs:
        value = resolve(e, ev, previous)
        if value is None:
            if e.has_day and _in_story(text, e, boilerplate):
                g = classify(doc, e.start, e.end)
                unresolved.append(Unresolved(sents.index(e.start), g, sents.has_act(sents.index(e.start))))
            continue
        f = Found(start=e.start, end=e.end, expr=e, value=value, sentence=sents.index(e.start))
        ls, le = line_bounds(text, e.start, e.end)
        if e.kind == "absolute" and e.year is not None and is_dateline(text, e.start, e.end):
            f.role = "publication"
        elif is_caption_line(text[ls:le], text, boilerplate):
            f.role = "caption"
        else:
            f.future = (limit is not None and value.start > limit) or bool(
                FUTURE_CUE.search(text[max(ls, e.start - 40) : e.start])
            )
            f.background = bool(BACKGROUND_CUE.search(text[max(ls, e.start - 20) : e.start]))
            if value.precision == DatePrecision.DAY and not f.future:
                previous = value.start
        found.append(f)
    for s, e_, value in entity_dates(doc, [(f.start, f.end) for f in found], ev):
        found.append(Found(start=s, end=e_, expr=None, value=value, sentence=sents.index(s)))
    found.sort(key=lambda f: f.start)
    for f in found:
        if f.role == "other":
            f.governor = classify(doc, f.start, f.end)
            f.act_sentence = sents.has_act(f.sentence)
    return found, unresolved, ev, sents


def _in_story(text: str, e: Expression, boilerplate: frozenset[str]) -> bool:
    ls, le = line_bounds(text, e.start, e.end)
    if is_caption_line(text[ls:le], text, boilerplate):
        return False
    return not FUTURE_CUE.search(text[max(ls, e.start - 40) : e.start])
