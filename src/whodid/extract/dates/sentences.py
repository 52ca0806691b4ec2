"""Sentences by character offset, and which of them report an act."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from whodid.extract.dates.vocab import ACT_WORDS
from whodid.extract.nlp import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc


class Sentences:
    """Sentence lookups by character offset; a line break also ends a sentence.

    Scraped pages put headlines, captions and datelines on lines of their own,
    which the parser often runs into the next sentence.
    """

    def __init__(self, doc: Doc) -> None:
        text = text_of(doc)
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
            self._act[i] = i < len(self.units) and bool(ACT_WORDS.search(self.text_of(i)))
        return self._act[i]

    def first_act(self) -> int | None:
        return next((i for i in range(len(self.units)) if self.has_act(i)), None)
