"""Turn a document's lines into story text: drop furniture, find the dateline.

This is the plain-text half of ingest, shared by all media types: plain text
runs it over the file's lines, HTML over trafilatura's output, PDF over each
page. It applies :func:`whodid.ingest.boilerplate.classify` line by line, adds
the rules that need a neighbour to decide, and joins what is kept into the
document text with a :class:`~whodid.model.Segment` per line that has a byte
range.

Dateline lines are moved to ``boilerplate`` rather than kept: their date is
already in ``Document.published``, and left in the text a bare "Tuesday, March
3, 2020" above the headline would read to the extractor like an event date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from whodid.ingest.boilerplate import CREDIT, NUMBER, classify
from whodid.ingest.dateline import MAX_DATELINE_LINES, find_dateline
from whodid.ingest.lines import Line
from whodid.model import Segment

# A line ending like this closes a sentence, so a bare number after it is not the
# tail of a hard-wrapped sentence ("... detained on 12 March\n2019.").
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "’", "'", ")", "]")
DATELINE = "dateline"
# A caption shorter than this is not worth matching against its credited copy.
_MIN_ECHO_CHARS = 20


@dataclass(slots=True)
class Cleaned:
    """The outcome of cleaning: story lines, what was dropped, the dateline's date."""

    kept: list[Line] = field(default_factory=list)
    breaks: list[bool] = field(default_factory=list)  # a paragraph break precedes kept[i]
    boilerplate: list[str] = field(default_factory=list)
    published: dt.date | None = None


def clean_lines(lines: Sequence[Line], today: dt.date) -> Cleaned:
    """Keep the story lines of ``lines``; the rest go to ``boilerplate`` in order.

    ``published`` is the earliest dateline among the first few non-blank lines:
    a blog repost or an aggregator stamps its own, later, date above the
    original's, and the original is the reference for "on Monday" in the story.
    """
    out = Cleaned()
    lines, datelines = _split_datelines(lines, today, out)
    kinds = [classify(line.text) if line.text else None for line in lines]
    for i in datelines:
        kinds[i] = DATELINE
    previous = ""  # text of the last non-blank line, kept or not
    previous_kept = False  # whether the line just before (blank or not) was kept text
    pending_break = False
    for i, line in enumerate(lines):
        if not line.text:
            pending_break = True
            previous_kept = False
            continue
        kind = kinds[i]
        drop = kind is not None  # DATELINE and every kind of furniture
        if kind == NUMBER:
            # A bare number is a page number, a share count or a list marker,
            # unless it continues a sentence wrapped on the line before.
            drop = not (previous_kept and not previous.endswith(_SENTENCE_END))
        elif kind is None:
            drop = line.text == previous or _echoes_next_caption(lines, kinds, i)
        if drop:
            out.boilerplate.append(line.text)
        else:
            out.breaks.append(pending_break and bool(out.kept))
            out.kept.append(line)
            pending_break = False
        previous = line.text
        previous_kept = not drop
    return out


def _split_datelines(lines: Sequence[Line], today: dt.date, out: Cleaned) -> tuple[list[Line], set[int]]:
    """``lines`` with the datelines near the top marked, and their date in ``out``.

    A labelled prefix (``date 2017-08-09 MANILA – ...``) is cut off its line into
    a line of its own, and the rest of the line stays, with its byte range
    adjusted. Returns the lines and the indices of the dateline lines.
    """
    result = list(lines)
    datelines: set[int] = set()
    seen = 0
    i = 0
    while i < len(result) and seen < MAX_DATELINE_LINES:
        line = result[i]
        found = find_dateline(line.text, today) if line.text else None
        if found is None:
            seen += bool(line.text)
            i += 1
            continue
        date, used = found
        out.published = date if out.published is None else min(out.published, date)
        datelines.add(i)
        if used < len(line.text):
            # Split off the prefix; the remainder gets its own look next round.
            result[i : i + 1] = [_head(line, used), _tail(line, used)]
        i += 1
    return result, datelines


def _head(line: Line, used: int) -> Line:
    text = line.text[:used].rstrip()
    if not line.mapped:
        return Line(text)
    return Line(text, line.raw_start, line.raw_start + len(text.encode("utf-8")))


def _tail(line: Line, used: int) -> Line:
    rest = line.text[used:]
    text = rest.lstrip()
    if not line.mapped:
        return Line(text)
    skipped = line.text[:used] + rest[: len(rest) - len(text)]
    return Line(text, line.raw_start + len(skipped.encode("utf-8")), line.raw_end)


def _echoes_next_caption(lines: Sequence[Line], kinds: Sequence[str | None], i: int) -> bool:
    """Whether line ``i`` is a caption repeated, with its credit, on the next line.

    Pages print a photo's caption once as alt text and once with the credit
    ("... on August 28, 2019." then "... on August 28, 2019. (NAME/AFP via Getty
    Images)"); only the credited copy is recognisable on its own.
    """
    text = lines[i].text
    if len(text) < _MIN_ECHO_CHARS:
        return False
    for j in range(i + 1, min(i + 3, len(lines))):
        if lines[j].text:
            return kinds[j] == CREDIT and lines[j].text.startswith(text)
    return False


def assemble(kept: Sequence[Line], breaks: Sequence[bool]) -> tuple[str, list[Segment], list[int]]:
    """Join kept lines into text: ``"\\n"`` between lines, ``"\\n\\n"`` at paragraph breaks.

    Returns the text, a segment for every line with a byte range, and each line's
    start offset in the text (HTML uses those to map lines it locates later).
    """
    parts: list[str] = []
    segments: list[Segment] = []
    starts: list[int] = []
    pos = 0
    for line, brk in zip(kept, breaks, strict=True):
        if parts:
            sep = "\n\n" if brk else "\n"
            parts.append(sep)
            pos += len(sep)
        starts.append(pos)
        parts.append(line.text)
        end = pos + len(line.text)
        if line.mapped:
            segments.append(Segment(pos, end, line.raw_start, line.raw_end))
        pos = end
    return "".join(parts), segments, starts
