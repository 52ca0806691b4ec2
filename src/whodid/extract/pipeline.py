"""The extraction pipeline: one :class:`Analysis` flows through small named stages.

Like a spaCy pipeline, each stage is a callable that takes the analysis, adds
its part and returns it; stages are registered by name in :data:`STAGES` and a
pipeline is just a list of names, so any stage can be swapped, skipped or
tested alone. The order is the data flow:

    nlp -> dates -> places -> actors -> acts -> roles -> conventions -> incidents -> sources -> assemble -> calibrate
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from whodid.model import (
    Act,
    Actor,
    DateValue,
    Document,
    Intervention,
    Place,
    Record,
    Source,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from whodid.extract.incidents import Incident


@dataclass(kw_only=True)
class DateMention:
    """A date expression read from the text and what the dates stage made of it.

    ``role`` says whether it dates the incident or something else ("caption",
    "background", "publication", "other"), so a photo caption's year never
    becomes the incident's date.
    """

    value: DateValue
    role: str = "incident"
    sentence_index: int = 0


@dataclass(kw_only=True)
class PlaceMention:
    """A place name (or site, or demonym) read from the text and its resolution."""

    place: Place
    start: int
    end: int
    text: str
    kind: str = "gpe"  # gpe, site, demonym, region
    role: str = "incident"  # incident, residence, other


@dataclass(frozen=True)
class ActorTypes:
    """What an actor's type is in each role (a "man" is unidentified as an attacker, a civilian as a victim)."""

    perpetrator: str
    victim: str


@dataclass(kw_only=True)
class Analysis:
    """Everything the stages know about one document, filled in as it flows.

    ``doc`` is the spaCy parse of ``document.text`` (offsets agree), set by the
    ``nlp`` stage or by :func:`run_many` in batches.
    """

    document: Document
    published: date | None = None
    doc: Doc | None = None
    dates: list[DateMention] = field(default_factory=list)
    incident_date: DateValue | None = None
    places: list[PlaceMention] = field(default_factory=list)
    main_place: Place | None = None
    country_hint: str | None = None
    actors: list[Actor] = field(default_factory=list)
    actor_spans: dict[str, list[Span]] = field(default_factory=dict)
    # token index of a mention's head -> the actor ids it stands for
    actor_at: dict[int, list[str]] = field(default_factory=dict)
    # actor id -> its type as a perpetrator and as a victim
    actor_types: dict[str, ActorTypes] = field(default_factory=dict)
    acts: list[Act] = field(default_factory=list)
    fatalities: int | None = None
    incidents: list[Incident] = field(default_factory=list)  # main first
    sources: list[Source] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    record: Record | None = None
    # set when a stage failed on this document; the record is then empty
    error: str | None = None

    def types_of(self, actor_id: str) -> ActorTypes:
        """An actor's types by role; an actor no stage typed is other / civilians."""
        return self.actor_types.get(actor_id) or ActorTypes("other", "civilians")


Stage = Callable[[Analysis], Analysis]
STAGES: dict[str, Stage] = {}
DEFAULT_STAGES = (
    "nlp",
    "dates",
    "places",
    "actors",
    "acts",
    "roles",
    "conventions",
    "incidents",
    "sources",
    "assemble",
    "calibrate",
)


def stage(name: str) -> Callable[[Stage], Stage]:
    """Register a stage under ``name`` (a decorator, like spaCy's ``Language.component``)."""

    def register(fn: Stage) -> Stage:
        STAGES[name] = fn
        return fn

    return register


# Where each built-in stage is defined. Importing the module registers the stage;
# done lazily so that importing the model or the store never pulls in spaCy.
STAGE_MODULES = {
    "nlp": "whodid.extract.stages_nlp",
    "dates": "whodid.extract.dates",
    "places": "whodid.extract.places",
    "actors": "whodid.extract.actors",
    "acts": "whodid.extract.acts",
    "roles": "whodid.extract.roles",
    "conventions": "whodid.extract.conventions",
    "incidents": "whodid.extract.incidents",
    "sources": "whodid.extract.sources",
    "assemble": "whodid.extract.assemble",
    "calibrate": "whodid.extract.calibrate",
}


def _load_stages(names: Iterable[str]) -> None:
    for name in names:
        if name not in STAGES and name in STAGE_MODULES:
            importlib.import_module(STAGE_MODULES[name])


log = logging.getLogger("whodid.extract")


def _run(analysis: Analysis, stages: Iterable[Stage]) -> Analysis:
    """Run the stages over one document; a failure is recorded on it, not raised.

    One malformed or adversarial document must not stop a batch of millions, nor
    lose the others' records: it gets an empty record and ``error`` says why.
    """
    try:
        for fn in stages:
            analysis = fn(analysis)
    except Exception as exc:
        log.exception("extraction failed on document %s", analysis.document.id[:12])
        analysis.error = f"{type(exc).__name__}: {exc}"
        analysis.record = Record(document_id=analysis.document.id, extractor="failed")
    return analysis


class Pipeline:
    """An ordered list of registered stages, run over one or many documents."""

    def __init__(self, names: Iterable[str] = DEFAULT_STAGES) -> None:
        self.names = list(names)
        _load_stages(self.names)
        missing = [n for n in self.names if n not in STAGES]
        if missing:
            raise KeyError(f"unknown pipeline stages {missing}; known: {sorted(STAGES)}")
        self.stages = [STAGES[n] for n in self.names]

    def __call__(self, document: Document) -> Analysis:
        return _run(Analysis(document=document, published=document.published), self.stages)

    def run_many(self, documents: Iterable[Document], batch_size: int = 64) -> Iterator[Analysis]:
        """Analyse many documents, parsing them in batches with ``nlp.pipe``.

        Batching the parse is what keeps whodid close to bare spaCy's speed.
        """
        from whodid.extract.nlp import load

        nlp = load()
        rest = [fn for name, fn in zip(self.names, self.stages, strict=True) if name != "nlp"]
        batch: list[Document] = []

        def flush() -> Iterator[Analysis]:
            docs = nlp.pipe((d.text for d in batch), batch_size=batch_size)
            for document, doc in zip(batch, docs, strict=True):
                yield _run(Analysis(document=document, published=document.published, doc=doc), rest)
            batch.clear()

        for document in documents:
            batch.append(document)
            if len(batch) >= batch_size:
                yield from flush()
        if batch:
            yield from flush()
