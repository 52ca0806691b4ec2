"""The ``dates`` stage: every date the text states, and the date of the incident.

Three steps:

1. **Read** the expressions (:func:`whodid.extract.dates_grammar.scan`, plus
   dateparser for spaCy DATE entities the grammar does not know) and **resolve**
   them (:mod:`whodid.extract.dates_resolve`) against the anchor: the
   publication date, else the page's own dateline.
2. **Place** each one: a dateline ("Phnom Penh, 22 May 2012 –") is the
   ``publication``, a photo caption's date is a ``caption``, a date before the
   incident is ``background``, a report's or a trial's day is ``other``.
3. **Choose** the incident date the way a coder reads a news story: the lead
   sentence that reports an act and carries a date gives it, preferring a date
   the act verb governs ("arrested on Monday") over a date in the same sentence
   that only dates a statement ("police said Sunday"). A vaguer lead date
   ("last week") is sharpened by a later day it contains. When the text gives
   nothing to go on, the stage abstains (``incident_date`` stays ``None``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING

from whodid.extract.dates_grammar import Expression, scan, years_mentioned
from whodid.extract.dates_resolve import Evidence, Resolved, parse_stated_date, resolve
from whodid.extract.pipeline import Analysis, DateMention, stage
from whodid.model import DatePrecision, DateValue, Provenance

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# --- what the words around a date say -------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ACT_VERBS = _words(
    "arrest detain beat kill shoot abduct kidnap attack raid seize torture assault injure wound stab "
    "rape murder execute deport expel disperse ambush punch kick harass threaten intimidate storm "
    "confiscate die hurt fight clash bomb shell interrogate handcuff manhandle grab snatch block ban "
    "jail imprison lynch behead loot burn whip flog hit strike slap disappear mistreat gun "
    "teargas tear-gas"
)
ACT_NOUNS = _words(
    "arrest arrests detention custody attack raid assault beating killing shooting abduction "
    "kidnapping torture murder death clash clashes violence crackdown deportation expulsion ambush "
    "bombing shelling execution disappearance confrontation altercation teargas gunfire"
)
# Verbs of telling: "said Monday" dates the statement, not the act.
REPORT_VERBS = _words(
    "say tell announce report state claim allege add explain confirm write tweet post note insist accuse"
)
# Steps that come after an act: trials, releases, appeals, reactions.
LATER_VERBS = _words(
    "sentence convict hand charge try release free acquit fine investigate probe condemn call urge "
    "demand denounce criticise criticize pledge promise apologise apologize respond deny reject "
    "comment lodge file appeal issue publish express voice rule bail settle sue"
)
_ACT_WORDS = re.compile(
    r"(?i)\b(?:arrest|detain|detention|custody|beat(?:en|ing|s)?\b|kill|shot\b|shoot|gunned|abduct|"
    r"kidnap|attack|raid|seiz|tortur|assault|injur|wound|stab|rape|murder|execut|disappear|deport|"
    r"expel|expuls|dispers|tear[ -]?gas|rubber bullet|ambush|set upon|punch|kick|harass|threat|"
    r"intimidat|storm|burst into|confiscat|died|death|dead\b|hurt|clash|fought|bomb|shell|airstrike|"
    r"air strike|interrogat|handcuff|manhandl|grabb|snatch|round(?:ed|ing)? up|blocked|banned|jail|"
    r"imprison|lynch|hostage|behead|loot|whip|flog|opened fire|fired (?:on|at|upon)|picked up|"
    r"struck|slapp|mistreat|ill-treat|crackdown)"
)
_PERFECT_ACT = re.compile(
    r"(?i)\b(?:has|have)\s+(?:been\s+)?(?:\w+ly\s+)?(?:rounded up|arrested|detained|killed|shot|"
    r"abducted|beaten|attacked|raided|seized|kidnapped|tortured|assaulted|injured|wounded|dispersed|"
    r"deported|expelled|stormed|disappeared|picked up|taken into custody|jailed|locked up)\b"
)
_FUTURE_CUE = re.compile(
    r"(?i)(?:\b(?:due|scheduled|set|planned|expected|slated|pledged)\s+(?:to\s+\w+\s+)?(?:on|for)?"
    r"|\bwill\s+\w+(?:\s+\w+)?\s+(?:on|by)?|\bby|\buntil|\bbefore|\bahead\s+of)\s*$"
)
_BACKGROUND_CUE = re.compile(r"(?i)\b(?:since|previously|in the past)\s*$")

# --- page layout: datelines and captions ------------------------------------------------

_CREDIT_END = re.compile(r"[.!?\"”’]\s*\([^()\n]{2,80}\)\s*$")
_CAPTION_MARK = re.compile(
    r"©|\b(?:Photo|Photograph|Picture|Credit|Image)s?\s*:|Getty Images|/AFP\b|/Reuters\b|/AP\b|"
    r"\bAFP via\b|\bvia Getty\b"
)
_DATELINE_WORDS = _words(
    "date published posted updated last modified on at edt est gmt utc bst cet cest pm am ago year "
    "years months month weeks week days day hours hour minutes minute min read share by"
)
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?|\d+")
_DATELINE_PREFIX = re.compile(
    r"^[\s(|]*(?:[A-Z][A-Z/]+\)\s*[–—-]\s*)?(?:[A-Z][\w'.’-]*[ \t]*){1,4}(?:\([^)\n]*\))?,[ \t]*$"
)
_DATELINE_SUFFIX = re.compile(r"^,?[ \t]*(?:[A-Z][\w/]*[ \t]*)?(?:\([^)\n]*\)[ \t]*)?[–—-]")
_LABEL_PREFIX = re.compile(r"(?i)^\W*(?:date|published|posted|updated|last updated)\W*$")
HEADER_CHARS = 1500  # datelines live at the top of a page
FOLLOW_UP_SENTENCES = 3  # how far after a statement-dated lead the act's own date may come


class Governor(IntEnum):
    """What governs a date in its sentence, best incident evidence first."""

    ACT = 0  # "arrested on Monday", "Saturday's clashes"
    NEUTRAL = 1  # "took part in the protest on Saturday"
    REPORT_ACT = 2  # "said on Thursday that three people died"
    REPORT = 3  # "police announced Sunday"
    LATER = 4  # "were handed jail terms on Thursday"


@dataclass(slots=True)
class _Found:
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
class _Unresolved:
    """A stated day the evidence cannot place ("On May 29" with no year anywhere)."""

    sentence: int
    governor: Governor
    act_sentence: bool


# --- layout ---------------------------------------------------------------------------


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, len(text) if le < 0 else le


def is_caption_line(line: str, text: str, boilerplate: frozenset[str]) -> bool:
    """A photo caption: a credit in brackets at the end, a © or photo label, or a repeated line."""
    stripped = line.strip()
    if not stripped:
        return False
    if stripped in boilerplate or _CREDIT_END.search(stripped) or _CAPTION_MARK.search(stripped):
        return True
    return len(stripped) > 40 and text.count(stripped) > 1


def is_dateline(text: str, start: int, end: int) -> bool:
    """A publication date line: a line that is only a date (and a clock), or "City, DATE –"."""
    if start > HEADER_CHARS:
        return False
    ls, le = _line(text, start, end)
    before, after = text[ls:start], text[end:le]
    residual = _CLOCK.sub(" ", before + " " + after)
    words = [w for w in re.findall(r"[A-Za-z]+", residual) if w.lower() not in _DATELINE_WORDS]
    # What is left beside the date may only be names: a city, an agency, a byline.
    if len(words) <= 4 and all(w[0].isupper() for w in words) and len(residual.strip()) < 60:
        return True
    if _LABEL_PREFIX.match(before):
        return True
    return bool(_DATELINE_PREFIX.match(before) and _DATELINE_SUFFIX.match(after))


# --- the parse ------------------------------------------------------------------------


_PREPOSITIONS = _words("on in at by during since until from of")


def _same_line(text: str, a: int, b: int) -> bool:
    return "\n" not in text[min(a, b) : max(a, b)]


def _governor_token(span: Span) -> Token | None:
    """The verb (or act noun) that a date phrase hangs from, on the date's own line.

    A bare date beside a verb ("said Monday", "today called", "Saturday were
    arrested") belongs to that verb, whatever the parser attached it to.
    """
    doc, text = span.doc, span.doc.text
    first, last = span[0], span[-1]
    if first.i > 0 and doc[first.i - 1].lower_ not in _PREPOSITIONS:
        prev = doc[first.i - 1]
        if prev.pos_ == "VERB" and _same_line(text, prev.idx, first.idx):
            return prev
        if last.i + 1 < len(doc):
            nxt = doc[last.i + 1]
            if nxt.pos_ == "AUX" and nxt.head.pos_ == "VERB":
                nxt = nxt.head
            if nxt.pos_ == "VERB" and _same_line(text, last.idx, nxt.idx):
                return nxt
    t = span.root
    for _ in range(6):
        h = t.head
        if h.i == t.i or not _same_line(text, h.idx, span.start_char):
            return t if t.pos_ in ("VERB", "AUX") else None
        if h.pos_ in ("VERB", "AUX"):
            return h
        if h.pos_ in ("NOUN", "PROPN") and h.lemma_.lower() in ACT_NOUNS:
            return h
        t = h
    return None


def _is_act_verb(v: Token) -> bool:
    if v.lemma_.lower() in ACT_VERBS or v.lemma_.lower() in ACT_NOUNS:
        return True
    for c in v.children:
        lemma = c.lemma_.lower()
        if c.dep_ in ("dobj", "attr", "npadvmod", "nsubjpass") and lemma in ACT_NOUNS:
            return True
        if c.dep_ in ("advcl", "xcomp", "conj") and c.pos_ == "VERB" and lemma in ACT_VERBS:
            return True
        if c.dep_ in ("prep", "agent") and any(g.lemma_.lower() in ACT_NOUNS for g in c.children):
            return True
        if c.dep_ == "prt" and f"{v.lemma_.lower()} {lemma}" in (
            "round up",
            "pick up",
            "break up",
            "set upon",
        ):
            return True
    return False


def classify(doc: Doc, start: int, end: int) -> Governor:
    """How the verb governing the date at ``[start, end)`` relates to an act."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Governor.NEUTRAL
    gov = _governor_token(span)
    text = doc.text
    if gov is None:
        return Governor.NEUTRAL
    if gov.pos_ in ("NOUN", "PROPN") or _is_act_verb(gov):
        return Governor.ACT
    lemma = gov.lemma_.lower()
    if lemma in REPORT_VERBS:
        told = any(
            (t.pos_ == "VERB" and t.lemma_.lower() in ACT_VERBS)
            or (t.pos_ == "NOUN" and t.lemma_.lower() in ACT_NOUNS)
            for t in gov.subtree
            if t.i != gov.i and not start <= t.idx < end and _same_line(text, t.idx, start)
        )
        return Governor.REPORT_ACT if told else Governor.REPORT
    if lemma in LATER_VERBS:
        return Governor.LATER
    return Governor.NEUTRAL


# --- reading and resolving ------------------------------------------------------------


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


def _spacy_extras(doc: Doc, taken: list[tuple[int, int]], ev: Evidence) -> list[tuple[int, int, Resolved]]:
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


_STATES_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DURATION = re.compile(
    r"(?i)\b(?:hours?|minutes?|seconds?|days|weeks|months|years|decades?|centur(?:y|ies)|ago|old|aged)\b|-year"
)


class _Sentences:
    """Sentence lookups by character offset; a line break also ends a sentence.

    Scraped pages put headlines, captions and datelines on lines of their own,
    which the parser often runs into the next sentence.
    """

    def __init__(self, doc: Doc) -> None:
        text = doc.text
        self.text = text
        self.units: list[tuple[int, int]] = []
        for sent in doc.sents:
            start = sent.start_char
            while start < sent.end_char:
                nl = text.find("\n", start, sent.end_char)
                end = sent.end_char if nl < 0 else nl
                if text[start:end].strip():
                    self.units.append((start, end))
                start = end + 1
        self.starts = [u[0] for u in self.units]
        self._act: dict[int, bool] = {}

    def index(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def text_of(self, i: int) -> str:
        start, end = self.units[i]
        return self.text[start:end]

    def has_act(self, i: int) -> bool:
        if i not in self._act:
            self._act[i] = i < len(self.units) and bool(_ACT_WORDS.search(self.text_of(i)))
        return self._act[i]

    def first_act(self) -> int | None:
        return next((i for i in range(len(self.units)) if self.has_act(i)), None)


def _read(analysis: Analysis, doc: Doc) -> tuple[list[_Found], list[_Unresolved], Evidence, _Sentences]:
    text = analysis.document.text
    exprs = scan(text)
    ev = _evidence(analysis, text, exprs)
    if ev.anchor is None:
        ev.anchor = _dateline_anchor(text, exprs)
        if ev.anchor is not None and analysis.published is None:
            analysis.published = ev.anchor
    sents = _Sentences(doc)
    boilerplate = frozenset(line.strip() for line in analysis.document.boilerplate)
    limit = ev.anchor or ev.upper
    found: list[_Found] = []
    unresolved: list[_Unresolved] = []
    previous: date | None = None
    for e in exprs:
        value = resolve(e, ev, previous)
        if value is None:
            if e.has_day and _in_story(text, e, boilerplate):
                g = classify(doc, e.start, e.end)
                unresolved.append(_Unresolved(sents.index(e.start), g, sents.has_act(sents.index(e.start))))
            continue
        f = _Found(start=e.start, end=e.end, expr=e, value=value, sentence=sents.index(e.start))
        ls, le = _line(text, e.start, e.end)
        if e.kind == "absolute" and e.year is not None and is_dateline(text, e.start, e.end):
            f.role = "publication"
        elif is_caption_line(text[ls:le], text, boilerplate):
            f.role = "caption"
        else:
            f.future = (limit is not None and value.start > limit) or bool(
                _FUTURE_CUE.search(text[max(ls, e.start - 40) : e.start])
            )
            f.background = bool(_BACKGROUND_CUE.search(text[max(ls, e.start - 20) : e.start]))
            if value.precision == DatePrecision.DAY and not f.future:
                previous = value.start
        found.append(f)
    for s, e_, value in _spacy_extras(doc, [(f.start, f.end) for f in found], ev):
        found.append(_Found(start=s, end=e_, expr=None, value=value, sentence=sents.index(s)))
    found.sort(key=lambda f: f.start)
    for f in found:
        if f.role == "other":
            f.governor = classify(doc, f.start, f.end)
            f.act_sentence = sents.has_act(f.sentence)
    return found, unresolved, ev, sents


def _in_story(text: str, e: Expression, boilerplate: frozenset[str]) -> bool:
    ls, le = _line(text, e.start, e.end)
    if is_caption_line(text[ls:le], text, boilerplate):
        return False
    return not _FUTURE_CUE.search(text[max(ls, e.start - 40) : e.start])


# --- choosing the incident date -------------------------------------------------------


def _candidate(f: _Found) -> bool:
    return (
        f.role == "other"
        and not f.future
        and not f.background
        and f.value.precision != DatePrecision.YEAR
        and (f.expr is None or f.expr.kind != "year")
    )


def _sharpen(chosen: _Found, found: list[_Found]) -> _Found:
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


def _act_told_next(report: _Found, found: list[_Found]) -> _Found | None:
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
    found: list[_Found], unresolved: list[_Unresolved], sents: _Sentences
) -> tuple[_Found | None, float]:
    """The date of the main incident's first act, and how much to trust the choice.

    When the lead's own date cannot be placed (no year, no anchor), the stage
    abstains rather than fall back on a later, unrelated date.
    """
    eligible = (Governor.ACT, Governor.NEUTRAL, Governor.REPORT_ACT)
    by_sentence: dict[int, list[_Found]] = {}
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


def _breaking_news_date(found: list[_Found], sents: _Sentences, ev: Evidence) -> date | None:
    """A same-day story ("Police have rounded up ...") with no date of its own: its publication day."""
    if ev.anchor is None or any(_candidate(f) for f in found):
        return None
    first_act = sents.first_act()
    if first_act is None or not _PERFECT_ACT.search(sents.text_of(first_act)):
        return None
    return ev.anchor


def _assign_roles(found: list[_Found], incident: _Found | None) -> None:
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


def _value(f: _Found, document_id: str, text: str, factor: float = 1.0) -> DateValue:
    return DateValue(
        start=f.value.start,
        end=f.value.end,
        precision=f.value.precision,
        confidence=round(f.value.confidence * factor, 3),
        provenance=Provenance(document_id, f.start, f.end, text[f.start : f.end]),
    )


@stage("dates")
def extract_dates(analysis: Analysis) -> Analysis:
    """Fill ``analysis.dates`` and ``analysis.incident_date`` (None to abstain)."""
    doc = analysis.doc
    if doc is None:
        from whodid.extract.nlp import load

        doc = analysis.doc = load()(analysis.document.text)
    found, unresolved, ev, sents = _read(analysis, doc)
    incident, trust = choose_incident(found, unresolved, sents)
    _assign_roles(found, incident)
    document, text = analysis.document, analysis.document.text
    analysis.dates = [
        DateMention(value=_value(f, document.id, text), role=f.role, sentence_index=f.sentence) for f in found
    ]
    if incident is not None:
        analysis.incident_date = _value(incident, document.id, text, trust)
    else:
        breaking = _breaking_news_date(found, sents, ev)
        analysis.incident_date = (
            DateValue(start=breaking, precision=DatePrecision.DAY, confidence=0.3) if breaking else None
        )
    return analysis
