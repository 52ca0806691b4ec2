"""Datelines: the place a report was filed from, at the start of a line.

"BEIJING -", "KAMPALA (Reuters) -", "Moscow, May 27, Interfax -": agencies put the
place of the story first, so a dateline is strong evidence of the scene (or at
least of the country). Only names the gazetteer knows as a city, region or
country count, so that headings ("UPDATE -") stay out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from whodid.extract.nlp import text_of
from whodid.extract.places.mention import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from whodid.extract.places.gazetteer import Gazetteer

_DATELINE = re.compile(
    r"^[ \t]*(?:\([A-Z/]{2,20}\)[ \t]*[-–—][ \t]*|[A-Z]{2,10}/)?"
    r"(?P<place>[A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,3})"
    r"(?:,[ \t]*(?P<extra>[^\n–—:|]{1,40}?))?[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*(?:[-–—:]|$)",
    re.MULTILINE,
)
# "(Kabul Now) -": a source's name in parentheses before the story; not where it happened
_ORG_DATELINE = re.compile(r"^[ \t]*\((?P<place>[A-Z][\w .'-]{1,40})\)[ \t]*[-–—]", re.MULTILINE)


def add_datelines(doc: Doc, gz: Gazetteer, sent_of: list[int], mentions: list[Mention]) -> None:
    """Mark the mentions that are datelines, and add the datelines no mention covers."""
    text = text_of(doc)
    for dm in _DATELINE.finditer(text):
        place = dm.group("place").strip()
        pstart, pend = dm.start("place"), dm.end("place")
        if not _line_start(text, pstart):
            continue
        cands = gz.lookup(place)
        if not cands or cands[0].feature not in ("city", "country", "admin1") or not cands[0].primary:
            continue
        for mm in mentions:
            if mm.start == pstart:
                mm.dateline = True
                mm.strong = True
                break
        else:
            span = doc.char_span(pstart, pend, alignment_mode="expand")
            if span is None:
                continue
            mentions.append(Mention(pstart, pend, place, "gpe", sent_of[span.start], dateline=True))


def mark_org_datelines(text: str, mentions: list[Mention]) -> None:
    """Names inside a parenthesised source at a line's start are no scene."""
    for om in _ORG_DATELINE.finditer(text):
        for mm in mentions:
            if om.start("place") <= mm.start < om.end("place"):
                mm.role = "other"


def _line_start(text: str, pos: int) -> bool:
    """Whether only blanks or an agency prefix ("(AP) -", "AFP/") come before ``pos`` on its line."""
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip() or bool(
        re.fullmatch(r"\s*(?:\(?[A-Z/]{2,12}\)?\s*[-–—/]\s*)", text[line_start:pos])
    )
