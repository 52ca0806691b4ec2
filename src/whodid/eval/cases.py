"""Case files (JSONL, shared/gold-format.md): read them and extract flat records.

``whodid extract --flat`` and ``whodid eval`` both go through here, so what is
scored is exactly what a user gets.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from whodid.ingest import IngestError, ingest_bytes
from whodid.model import Document, Record, to_flat


class CaseFileError(ValueError):
    """A case file line that is not a usable case."""


@dataclass
class Case:
    """One line of a case file."""

    id: str
    text: str
    published: date | None
    gold: dict[str, Any] | None
    meta: dict[str, Any]


def read_cases(path: str | Path) -> list[Case]:
    """Parse a JSONL case file; errors name the line."""
    cases: list[Case] = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CaseFileError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise CaseFileError(f"{path}:{n}: a case needs a 'text' string")
            published = None
            if obj.get("published"):
                try:
                    published = date.fromisoformat(str(obj["published"])[:10])
                except ValueError as exc:
                    raise CaseFileError(f"{path}:{n}: 'published' is not YYYY-MM-DD") from exc
            cases.append(
                Case(
                    id=str(obj.get("id", n)),
                    text=obj["text"],
                    published=published,
                    gold=obj.get("gold"),
                    meta=obj.get("meta") or {},
                )
            )
    return cases


def case_document(case: Case) -> Document | None:
    """The case text ingested as a plain-text document (None when it has no readable text)."""
    try:
        return ingest_bytes(
            case.text.encode("utf-8"), f"case:{case.id}", media_type="text/plain", published=case.published
        )
    except IngestError:
        return None


def extract_records(
    cases: Iterable[Case], stages: Iterable[str] | None = None, batch_size: int = 64
) -> Iterator[Record | None]:
    """The full record of each case, in input order (None when its text is unreadable).

    Cases are parsed in batches as they stream through, so a file of millions of
    lines never sits in memory. ``stages`` defaults to the default pipeline.
    """
    from whodid.extract.pipeline import DEFAULT_STAGES, Pipeline

    pipeline = Pipeline(DEFAULT_STAGES if stages is None else stages)
    pending: deque[Document | None] = deque()

    def documents() -> Iterator[Document]:
        for case in cases:
            document = case_document(case)
            pending.append(document)
            if document is not None:
                yield document

    for analysis in pipeline.run_many(documents(), batch_size=batch_size):
        while pending and pending[0] is None:  # unreadable cases before this one
            pending.popleft()
            yield None
        pending.popleft()
        yield analysis.record
    while pending:
        pending.popleft()
        yield None


def extract_flat(cases: Iterable[Case], batch_size: int = 64) -> Iterator[dict[str, Any]]:
    """One flat record per case, in input order (a row of nulls when a text is unreadable)."""
    items = list(cases)
    for case, record in zip(items, extract_records(items, batch_size=batch_size), strict=True):
        yield to_flat(record, case.id)
