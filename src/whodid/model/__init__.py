"""The domain model: one place that says what whodid knows about a report.

Everything else (ingest, extract, store, web) imports its types from here.
"""

from whodid.model.domain import (
    Act,
    Actor,
    DatePrecision,
    DateValue,
    Document,
    Event,
    EvidenceItem,
    Extracted,
    Intervention,
    Involvement,
    Page,
    Place,
    Provenance,
    Record,
    ReviewState,
    Role,
    Segment,
    Source,
)
from whodid.model.flat import to_flat
from whodid.model.vocab import (
    ACLED_SUB_EVENT_TYPES,
    ACT_TYPES,
    PERPETRATOR_TYPES,
    VICTIM_TYPES,
)

__all__ = [
    "ACLED_SUB_EVENT_TYPES",
    "ACT_TYPES",
    "PERPETRATOR_TYPES",
    "VICTIM_TYPES",
    "Act",
    "Actor",
    "DatePrecision",
    "DateValue",
    "Document",
    "Event",
    "EvidenceItem",
    "Extracted",
    "Intervention",
    "Involvement",
    "Page",
    "Place",
    "Provenance",
    "Record",
    "ReviewState",
    "Role",
    "Segment",
    "Source",
    "to_flat",
]
