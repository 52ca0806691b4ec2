"""Find where each paragraph of extracted HTML text sits in the raw page bytes.

trafilatura gives text, not offsets, so segments for HTML are recovered by
search: the page is flattened to a "view" (tags removed, entities decoded,
whitespace runs collapsed) that remembers, for every view character, the index
of the page character it came from. A paragraph is found in the view by its
first ~40 characters and then walked character by character; every stretch
where the paragraph's characters are literally the page's characters, in a row,
becomes a segment. Characters that came from an entity (``&rdquo;``) or a
collapsed line break have no literal counterpart and get no segment, so every
segment satisfies ``raw[raw_start:raw_end].decode() == text[text_start:text_end]``
and a paragraph that cannot be found simply has none. Best effort by design.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from whodid.model import Segment

_KEY_CHARS = 40
_CHECKPOINT = 4096

_TOKEN = re.compile(
    r"<!--.*?-->|<(head|script|style|noscript|template|textarea)\b.*?</\1\s*>|<[a-zA-Z/!?][^>]*>"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);|[^<&]+|[<&]",
    re.DOTALL | re.IGNORECASE,
)
# Whitespace that is not a single plain space: collapsed to one non-literal space.
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")
_SPACES = re.compile(r"\s+")


class PageView:
    """A page's text content with a map back to page character indices."""

    def __init__(self, page: str) -> None:
        self.page = page
        chars: list[str] = []
        where: list[int] = []
        for token in _TOKEN.finditer(page):
            text = token.group()
            if text[0] == "<" and len(text) > 1:
                continue  # a tag, comment or script: not text
            if text[0] == "&" and len(text) > 1:
                decoded = _SPACES.sub(" ", html.unescape(text))
                chars.append(decoded)
                where.extend([-1] * len(decoded))
                continue
            self._add_text(text, token.start(), chars, where)
        self.text = "".join(chars)
        self.where = where

    @staticmethod
    def _add_text(text: str, offset: int, chars: list[str], where: list[int]) -> None:
        pos = 0
        for odd in _ODD_SPACE.finditer(text):
            chars.append(text[pos : odd.start()])
            where.extend(range(offset + pos, offset + odd.start()))
            chars.append(" ")
            where.append(-1)
            pos = odd.end()
        chars.append(text[pos:])
        where.extend(range(offset + pos, offset + len(text)))

    def locate(self, paragraph: str, cursor: int) -> tuple[list[tuple[int, int, int, int]], int]:
        """Literal stretches of ``paragraph`` in the page, and the view index after it.

        Each stretch is ``(par_start, par_end, page_start, page_end)``. The search
        starts at view index ``cursor`` (paragraphs come in page order) and falls
        back to the whole page.
        """
        key = _SPACES.sub(" ", paragraph[:_KEY_CHARS]).strip()
        if not key:
            return [], cursor
        j = self.text.find(key, cursor)
        if j < 0:
            j = self.text.find(key)
        if j < 0:
            return [], cursor
        return self._walk(paragraph, j)

    def _walk(self, paragraph: str, j: int) -> tuple[list[tuple[int, int, int, int]], int]:
        view, where, page = self.text, self.where, self.page
        runs: list[tuple[int, int, int, int]] = []
        run: list[int] | None = None
        i = 0
        while i < len(paragraph) and j < len(view):
            pc, vc = paragraph[i], view[j]
            if pc == vc or (pc.isspace() and vc.isspace()):
                at = where[j]
                if at >= 0 and page[at] == pc:
                    if run is not None and run[1] == i and run[3] == at:
                        run[1], run[3] = i + 1, at + 1
                    else:
                        if run is not None:
                            runs.append((run[0], run[1], run[2], run[3]))
                        run = [i, i + 1, at, at + 1]
                i += 1
                j += 1
            elif pc.isspace():
                i += 1
            elif vc.isspace():
                j += 1
            else:
                break
        if run is not None:
            runs.append((run[0], run[1], run[2], run[3]))
        return runs, j


class ByteOffsets:
    """Page character index to byte offset in the encoded page, in O(checkpoint) per query."""

    def __init__(self, page: str, encoding: str, base: int) -> None:
        self.page = page
        self.encoding = encoding
        self.base = base
        self.identity = (
            encoding.replace("-", "").replace("_", "").lower() in ("utf8", "ascii") and page.isascii()
        )
        self.marks: list[int] = []
        if not self.identity:
            total = 0
            for start in range(0, len(page), _CHECKPOINT):
                self.marks.append(total)
                total += len(page[start : start + _CHECKPOINT].encode(encoding, "replace"))

    def __call__(self, index: int) -> int:
        if self.identity:
            return self.base + index
        block = index // _CHECKPOINT
        start = block * _CHECKPOINT
        return self.base + self.marks[block] + len(self.page[start:index].encode(self.encoding, "replace"))


def map_paragraphs(
    raw: bytes,
    page: str,
    encoding: str,
    base: int,
    text: str,
    paragraphs: Sequence[str],
    starts: Sequence[int],
) -> list[Segment]:
    """Segments for ``paragraphs`` (at text offsets ``starts``) found in ``page``.

    ``page`` is ``raw[base:]`` decoded with ``encoding``. Every segment is checked
    against the bytes before it is returned, so a wrong guess costs coverage,
    never a false mapping.
    """
    view = PageView(page)
    offsets = ByteOffsets(page, encoding, base)
    segments: list[Segment] = []
    cursor = 0
    for paragraph, start in zip(paragraphs, starts, strict=True):
        runs, cursor = view.locate(paragraph, cursor)
        for par_start, par_end, page_start, page_end in runs:
            segment = Segment(start + par_start, start + par_end, offsets(page_start), offsets(page_end))
            if _verified(raw, text, segment, encoding):
                segments.append(segment)
    return segments


def _verified(raw: bytes, text: str, segment: Segment, encoding: str) -> bool:
    try:
        decoded = raw[segment.raw_start : segment.raw_end].decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return decoded == text[segment.text_start : segment.text_end]
