"""HURIDOCS-style events model: documents, events, acts, actors and their roles.

A :class:`Document` is what came in; a :class:`Record` is what the extractor (and
later a reviewer) says it reports. Every extracted value is an :class:`Extracted`:
it carries where in the text it came from, how sure the extractor is, and whether
a person has accepted, corrected or rejected it. The review UI, the store and the
exports all work off these same types, so nothing is lost between stages.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class ReviewState(StrEnum):
    """Where a suggested value stands with a human reviewer."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    CORRECTED = "corrected"
    REJECTED = "rejected"


class Role(StrEnum):
    """An actor's part in an event (HURIDOCS involvement roles)."""

    VICTIM = "victim"
    PERPETRATOR = "perpetrator"
    WITNESS = "witness"
    SOURCE = "source"
    INTERVENING_PARTY = "intervening_party"


class DatePrecision(StrEnum):
    """How much of a date the text fixes (ACLED time precision 1-3, plus year)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Provenance:
    """A span of a document's extracted text that a value was read from."""

    document_id: str
    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(kw_only=True, slots=True)
class Extracted:
    """Base of every value the extractor suggests: provenance, confidence, review state."""

    provenance: Provenance | None = None
    confidence: float = 0.5
    review: ReviewState = ReviewState.SUGGESTED

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside [0, 1]")


# --- the document -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """Maps ``text[text_start:text_end]`` back to ``raw[raw_start:raw_end]``.

    Extraction reads the cleaned text; evidence is the raw bytes. Segments let a
    highlighted span be shown, or verified, in the original.
    """

    text_start: int
    text_end: int
    raw_start: int
    raw_end: int


@dataclass(frozen=True, slots=True)
class Page:
    """A page of a paginated source (PDF): its number and its span of the text."""

    number: int
    text_start: int
    text_end: int


@dataclass(kw_only=True, slots=True)
class Document:
    """A report as received: raw bytes (the evidence) and the text extraction reads.

    ``id`` is the SHA-256 of ``raw``, so the same bytes are the same document
    wherever they come from, and anyone can re-check it with ``sha256sum``.
    """

    id: str
    raw: bytes
    media_type: str
    origin: str
    received_at: datetime
    text: str
    title: str | None = None
    published: date | None = None
    language: str | None = None
    segments: list[Segment] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def raw_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The byte range of ``raw`` that text ``[start, end)`` came from, if known.

        Offsets inside a segment are counted in UTF-8 bytes, since the raw is bytes.
        """
        first = next((s for s in self.segments if s.text_start <= start < s.text_end), None)
        last = next((s for s in self.segments if s.text_start < end <= s.text_end), None)
        if first is None or last is None:
            return None
        head = len(self.text[first.text_start : start].encode("utf-8"))
        tail = len(self.text[last.text_start : end].encode("utf-8"))
        return first.raw_start + head, last.raw_start + tail

    def page_of(self, offset: int) -> int | None:
        """The page number holding text offset ``offset`` (None when unpaginated)."""
        return next((p.number for p in self.pages if p.text_start <= offset < p.text_end), None)


@dataclass(kw_only=True, slots=True)
class EvidenceItem:
    """A preserved item other than a document's own bytes: a WARC capture of a page,
    a screenshot, a text derived from a file.

    ``id`` is the SHA-256 of the item's raw bytes, kept untouched and read-only;
    ``document_id`` links it to the report it preserves or came from, and
    ``derived_from`` a derived item to its original.
    """

    id: str
    kind: str  # "warc", "screenshot", "derived-text", ...
    media_type: str
    size_bytes: int
    origin: str
    captured_at: datetime
    document_id: str | None = None
    derived_from: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


# --- what the document reports ----------------------------------------------------------


@dataclass(kw_only=True, slots=True)
class DateValue(Extracted):
    """A calendar date with the precision the text supports; ``end`` for ranges."""

    start: date
    end: date | None = None
    precision: DatePrecision = DatePrecision.DAY


@dataclass(kw_only=True, slots=True)
class Place(Extracted):
    """A place resolved against the gazetteer.

    ``name`` is the gazetteer's spelling of the most precise place; ``site`` keeps
    a site within it ("hotel", "police station") when the text names one.
    ``geo_precision`` follows ACLED: 1 the place itself, 2 near it or part of a
    region, 3 only a region or country.
    """

    name: str | None
    country: str | None = None  # ISO 3166-1 alpha-3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = 3
    site: str | None = None
    feature: str = "city"  # city, admin1, country, site, region
    gazetteer_id: str | None = None


@dataclass(kw_only=True, slots=True)
class Actor(Extracted):
    """A person or a group, named or described ("unidentified men").

    ``type`` is a perpetrator type or a victim type from the vocabularies; an
    actor can be both over the life of a record, so the role lives in
    :class:`Involvement`, not here.
    """

    id: str
    name: str | None
    description: str | None = None
    is_group: bool = False
    type: str | None = None
    count: int | None = None
    count_max: int | None = None
    count_approximate: bool = False
    sex: str | None = None
    occupation: str | None = None
    affiliation: str | None = None
    nationality: str | None = None

    @property
    def label(self) -> str:
        """What to call the actor: its name, else its description."""
        return self.name or self.description or "unknown"


@dataclass(kw_only=True, slots=True)
class Involvement(Extracted):
    """An actor's role in an event."""

    actor_id: str
    role: Role


@dataclass(kw_only=True, slots=True)
class Act(Extracted):
    """One act of violence or repression: who did it to whom, when, where, how long.

    ``provenance`` points at the clause the act was read from.
    """

    type: str
    perpetrator_ids: list[str] = field(default_factory=list)
    victim_ids: list[str] = field(default_factory=list)
    date: DateValue | None = None
    place: Place | None = None
    duration_hours: float | None = None
    attempted: bool = False


@dataclass(kw_only=True, slots=True)
class Source(Extracted):
    """Who told whom: an interview, a video, a statement, a report."""

    kind: str  # interview, video, photo, statement, report, social_media, document
    by: str | None = None  # who received or published it
    informant_id: str | None = None
    where: str | None = None


@dataclass(kw_only=True, slots=True)
class Intervention(Extracted):
    """A third party's response: an embassy statement, a UN appeal, a court ruling."""

    party: str
    kind: str  # statement, appeal, visit, legal_action, ...
    content: str | None = None


@dataclass(kw_only=True, slots=True)
class Event(Extracted):
    """An incident: a chain of acts in one time and place."""

    title: str
    start: DateValue | None = None
    end: DateValue | None = None
    places: list[Place] = field(default_factory=list)
    acts: list[Act] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    fatalities: int | None = None


@dataclass(kw_only=True, slots=True)
class Record:
    """Everything extracted from one document: its events and the actors in them.

    Actors live on the record (not the event) so a person in two incidents of one
    report is one actor with two involvements.
    """

    document_id: str
    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    extractor: str = ""

    def actor(self, actor_id: str) -> Actor:
        """The actor with id ``actor_id``; KeyError when the record has none."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    @property
    def main_event(self) -> Event | None:
        """The event the report centres on (the extractor puts it first)."""
        return self.events[0] if self.events else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole record (dates as ISO strings)."""
        data: dict[str, Any] = _jsonable(dataclasses.asdict(self))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Inverse of :meth:`to_dict`."""
        from whodid.model.serialize import record_from_dict

        return record_from_dict(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value
