"""The ``dates`` stage: every date the text states, and the date of the incident.

Three steps:

1. **Read** the expressions (:func:`whodid.extract.dates.grammar.scan`, plus
   dateparser for spaCy DATE entities the grammar does not know,
   :mod:`whodid.extract.dates.entities`) and **resolve** them
   (:mod:`whodid.extract.dates.resolve`) against the anchor: the publication
   date, else the page's own dateline.
2. **Place** each one (:mod:`whodid.extract.dates.read`): a dateline ("Phnom
   Penh, 22 May 2012 –") is the ``publication``, a photo caption's date is a
   ``caption`` (:mod:`whodid.extract.dates.layout`), a date before the incident
   is ``background``, a report's or a trial's day is ``other``; the word each
   date hangs from is read from the parse (:mod:`whodid.extract.dates.governor`).
3. **Choose** the incident date the way a coder reads a news story
   (:mod:`whodid.extract.dates.choose`): the lead sentence that reports an act
   and carries a date gives it, preferring a date the act verb governs
   ("arrested on Monday") over a date in the same sentence that only dates a
   statement ("police said Sunday"). A vaguer lead date ("last week") is
   sharpened by a later day it contains. When the text gives nothing to go on,
   the stage abstains (``incident_date`` stays ``None``).
"""

from __future__ import annotations

from whodid.extract.dates.choose import assign_roles, breaking_news_date, choose_incident
from whodid.extract.dates.expression import Expression
from whodid.extract.dates.governor import Governor
from whodid.extract.dates.grammar import scan
from whodid.extract.dates.read import Found, read_dates
from whodid.extract.dates.resolve import Evidence, Resolved, resolve
from whodid.extract.pipeline import Analysis, DateMention, stage
from whodid.model import DatePrecision, DateValue, Provenance


def _value(f: Found, document_id: str, text: str, factor: float = 1.0) -> DateValue:
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
    found, unresolved, ev, sents = read_dates(analysis, doc)
    incident, trust = choose_incident(found, unresolved, sents)
    assign_roles(found, incident)
    document, text = analysis.document, analysis.document.text
    analysis.dates = [
        DateMention(value=_value(f, document.id, text), role=f.role, sentence_index=f.sentence) for f in found
    ]
    if incident is not None:
        analysis.incident_date = _value(incident, document.id, text, trust)
    else:
        breaking = breaking_news_date(found, sents, ev)
        analysis.incident_date = (
            DateValue(start=breaking, precision=DatePrecision.DAY, confidence=0.3) if breaking else None
        )
    return analysis


__all__ = ["Evidence", "Expression", "Governor", "Resolved", "extract_dates", "resolve", "scan"]
