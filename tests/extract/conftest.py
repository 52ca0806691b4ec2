"""Run one stage, or the stages up to it, over a short text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from whodid.extract.pipeline import Analysis, Pipeline
from whodid.model import Document


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(("nlp", "actors", "acts", "roles", "conventions", "sources", "assemble"))


@pytest.fixture
def analyse(pipeline: Pipeline, make_document: Callable[..., Document]) -> Callable[..., Analysis]:
    def run(text: str, published: date | None = None) -> Analysis:
        return pipeline(make_document(text, published))

    return run
