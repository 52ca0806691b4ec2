"""The pipeline: registered stages in order, batches, and failures kept to one document."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from whodid.extract.pipeline import STAGES, Analysis, Pipeline, stage
from whodid.model import Document


def test_unknown_stage_is_refused() -> None:
    with pytest.raises(KeyError, match="no-such-stage"):
        Pipeline(("nlp", "no-such-stage"))


def test_a_failing_document_does_not_stop_the_batch(make_document: Callable[..., Document]) -> None:
    @stage("explode-on-boom")
    def explode(analysis: Analysis) -> Analysis:
        if "boom" in analysis.document.text:
            raise RuntimeError("cannot cope")
        return analysis

    try:
        pipe = Pipeline(("nlp", "explode-on-boom", "actors", "acts", "roles", "sources", "assemble"))
        docs = [make_document(t) for t in ("Police beat a man.", "boom", "Soldiers detained two nurses.")]
        out = list(pipe.run_many(docs, batch_size=2))
    finally:
        del STAGES["explode-on-boom"]
    assert [a.error for a in out] == [None, "RuntimeError: cannot cope", None]
    assert out[1].record is not None and out[1].record.events == []
    assert out[2].record is not None and out[2].record.events
