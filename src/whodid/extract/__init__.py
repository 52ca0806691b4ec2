"""Extraction: from a :class:`~whodid.model.Document` to a :class:`~whodid.model.Record`.

``Extractor`` is the library entry point; the stages live in their own modules
and are assembled by :class:`~whodid.extract.pipeline.Pipeline`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from whodid.model import Document, Record


class Extractor:
    """Runs the default pipeline; one per process (the spaCy model loads once)."""

    def __init__(self) -> None:
        from whodid.extract.pipeline import Pipeline

        self.pipeline = Pipeline()

    def extract(self, document: Document) -> Record:
        """The record of one document."""
        record = self.pipeline(document).record
        assert record is not None
        return record

    def extract_many(self, documents: Iterable[Document], batch_size: int = 64) -> Iterator[Record]:
        """Records of many documents, in input order, parsed in batches."""
        for analysis in self.pipeline.run_many(documents, batch_size=batch_size):
            assert analysis.record is not None
            yield analysis.record


__all__ = ["Extractor"]
