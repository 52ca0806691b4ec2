"""The ``nlp`` stage: parse the document's text with the shipped spaCy model."""

from __future__ import annotations

from whodid.extract.nlp import load
from whodid.extract.pipeline import Analysis, stage


@stage("nlp")
def parse(analysis: Analysis) -> Analysis:
    """Tokenise, tag, parse and find entities (skipped when already parsed)."""
    if analysis.doc is None:
        analysis.doc = load()(analysis.document.text)
    return analysis
