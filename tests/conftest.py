"""Shared fixtures: the spaCy model (loaded once), documents built from short texts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from whodid.model import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from whodid.extract.nlp import load

    return load()


@pytest.fixture
def make_document() -> Callable[..., Document]:
    def make(text: str, published: date | None = None) -> Document:
        raw = text.encode("utf-8")
        return Document(
            id=hashlib.sha256(raw).hexdigest(),
            raw=raw,
            media_type="text/plain",
            origin="test",
            received_at=datetime(2026, 1, 1, tzinfo=UTC),
            text=text,
            published=published,
        )

    return make
