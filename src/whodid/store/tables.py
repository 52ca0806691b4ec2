"""The database schema as SQLAlchemy Core tables.

The record itself is kept whole as JSON (``records.data``): that is the truth, and
what the review UI edits. ``events``, ``event_acts``, ``actors`` and
``involvements`` are a denormalised copy of it, rewritten from the JSON on every
save, that exists only so the list filters can use indexes. Raw bytes are not in
the database at all: they live in the blob directory, named by their SHA-256,
which is also ``documents.id``. Every column that holds words of a report or
about a person is sealed by its type (:mod:`whodid.store.sealed`); the codes
the filters use (country, act and actor types, dates, levels) stay clear.

The full-text index (``search_index``) differs per dialect, so it is created by
the migration and not declared here. Changes to these tables need a new
migration in ``migrations/versions``; ``tests/store`` checks the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from whodid.store.sealed import BlindIndex, BlindWords, Sealed, SealedFloat, SealedJSON


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware datetime, stored as UTC on every dialect.

    SQLite has no time zones and PostgreSQL's ``timestamptz`` keeps the instant
    but not the offset, so both store UTC and give back UTC-aware datetimes.
    Naive datetimes are refused: their instant is unknown.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} has no time zone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class SafeText(sa.TypeDecorator[str]):
    """Text that PostgreSQL accepts: NUL characters become U+FFFD.

    PDF extraction can leave NULs that PostgreSQL's ``text`` rejects. One
    character for one keeps every provenance offset valid; done on all dialects
    so SQLite and PostgreSQL stores hold the same text.
    """

    impl = sa.Text()
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return value.replace("\x00", "\ufffd") if value is not None else None


def _text(name: str, *args: Any, **kw: Any) -> sa.Column[str]:
    return sa.Column(name, SafeText(), *args, **kw)


metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 hex of the raw bytes
    _text("media_type", nullable=False),
    sa.Column("origin", Sealed("documents.origin"), nullable=False),  # URL or file path it came from
    sa.Column("received_at", UTCDateTime(), nullable=False),
    sa.Column("title", Sealed("documents.title")),
    sa.Column("published", sa.Date()),
    sa.Column("text", Sealed("documents.text"), nullable=False),
    sa.Column("size_bytes", sa.BigInteger(), nullable=False),
    sa.Column("language", sa.String()),
    sa.Column("metadata", SealedJSON("documents.metadata"), nullable=False),
    sa.Column("boilerplate", SealedJSON("documents.boilerplate"), nullable=False),
    sa.Column("segments", SealedJSON("documents.segments"), nullable=False),
    sa.Column("pages", SealedJSON("documents.pages"), nullable=False),
    sa.Index(None, "received_at"),
)

records = sa.Table(
    "records",
    metadata,
    sa.Column(
        "document_id",
        sa.String(64),
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("data", SealedJSON("records.data"), nullable=False),  # Record.to_dict()
    _text("extractor", nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("reviewed_at", UTCDateTime()),  # when a person marked the record reviewed
    _text("reviewed_by"),
    # the lowest confidence among values still to review: the review inbox's order
    sa.Column("pending_confidence", sa.Float()),
    # public, internal, restricted or confidential (whodid.store.access)
    sa.Column("level", sa.String(), nullable=False, server_default="internal"),
    sa.Index(None, "reviewed_at", "pending_confidence"),
    # covering index of the access filter: without it every listing reads each sealed record
    sa.Index(None, "level", "document_id"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column(
        "document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("ordinal", sa.Integer(), nullable=False),  # index into Record.events
    sa.Column("title", Sealed("events.title"), nullable=False),
    sa.Column("date_start", sa.Date()),
    sa.Column("date_end", sa.Date()),
    sa.Column("date_precision", sa.String()),
    sa.Column("country", sa.String()),
    _text("admin1"),
    sa.Column("location", Sealed("events.location")),
    sa.Column("lat", SealedFloat("events.lat")),
    sa.Column("lon", SealedFloat("events.lon")),
    sa.Column("geo_precision", sa.Integer()),
    _text("acled_event_type"),
    _text("acled_sub_event_type"),
    sa.Column("fatalities", sa.Integer()),
    sa.UniqueConstraint("document_id", "ordinal"),
    sa.Index(None, "country"),
    sa.Index(None, "date_start"),
)

event_acts = sa.Table(
    "event_acts",
    metadata,
    sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("act_type", sa.String(), primary_key=True),
    sa.Column("ordinal", sa.Integer(), nullable=False),  # first appearance in the event
    sa.Index(None, "act_type"),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column(
        "document_id",
        sa.String(64),
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("id", sa.String(), primary_key=True),  # Actor.id, unique within a record
    sa.Column("name", Sealed("actors.name")),
    sa.Column("description", Sealed("actors.description")),
    sa.Column("type", sa.String()),
    sa.Column("count", sa.Integer()),
    # the name's blind index (whodid.store.sealed): lookups and linkage without the name
    sa.Column("name_index", BlindIndex()),
    sa.Index(None, "type"),
    sa.Index(None, "name_index"),
)

involvements = sa.Table(
    "involvements",
    metadata,
    sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("document_id", sa.String(64), nullable=False),
    sa.Column("actor_id", sa.String(), primary_key=True),
    sa.Column("role", sa.String(), primary_key=True),
    sa.Column("ordinal", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(
        ["document_id", "actor_id"], ["actors.document_id", "actors.id"], ondelete="CASCADE"
    ),
    sa.Index(None, "role", "document_id", "actor_id"),
)

# Preserved items other than a document's own raw bytes (WARC captures, screenshots,
# derived texts), content-addressed like documents; see migrations/versions/0002.
evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 hex of the raw bytes
    sa.Column("kind", sa.String(), nullable=False),
    _text("media_type", nullable=False),
    sa.Column("size_bytes", sa.BigInteger(), nullable=False),
    sa.Column("origin", Sealed("evidence.origin"), nullable=False),
    sa.Column("captured_at", UTCDateTime(), nullable=False),
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id")),
    sa.Column("derived_from", sa.String(64)),  # a document or an evidence item
    sa.Column("metadata", SealedJSON("evidence.metadata"), nullable=False),
    sa.Index(None, "document_id"),
)

# The chain of custody: append-only (a trigger refuses UPDATE and DELETE), each
# entry hashing the one before it (see whodid.store.custody).
custody = sa.Table(
    "custody",
    metadata,
    sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    _text("actor", nullable=False),
    sa.Column("action", sa.String(), nullable=False),
    sa.Column("item_id", sa.String(64)),
    sa.Column("details", SealedJSON("custody.details", legacy_plain=True), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
    sa.Index(None, "item_id"),
)

# People who log in to the web app (see migrations/versions/0003); ``role`` is where
# the permissions of the access-control issue attach.
users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(), primary_key=True),
    _text("password_hash", nullable=False),  # Argon2id, never the password
    sa.Column("role", sa.String(), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("disabled_at", UTCDateTime()),  # a disabled account cannot log in; its history stays
    sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("locked_until", UTCDateTime()),  # set after too many failed logins in a row
    _text("totp_secret"),  # sealed with a data key (whodid.protect.keys), never in the clear
)

# A user who may see one document's record whatever its level.
grants = sa.Table(
    "grants",
    metadata,
    sa.Column(
        "document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("user_name", sa.String(), primary_key=True),
    sa.Index(None, "user_name"),
)

# Data keys of the envelope encryption, each stored only wrapped by the master key
# (see whodid.protect.keys and migrations/versions/0004).
keys = sa.Table(
    "keys",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("purpose", sa.String(), nullable=False),  # "data" (sealing) or "index" (blind indexes)
    _text("wrapped", nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("active", sa.Boolean(), nullable=False),
)

# Every review decision, before and after: training and evaluation data.
corrections = sa.Table(
    "corrections",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column(
        "document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("field", sa.String(), nullable=False),
    sa.Column("action", sa.String(), nullable=False),
    sa.Column("before", SealedJSON("corrections.before")),
    sa.Column("after", SealedJSON("corrections.after")),
    _text("actor", nullable=False),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Index(None, "document_id"),
)

# Candidate links between two events (one incident) or two actors (one person) of
# different reports, as Splink scored them, and what a person decided
# (migrations/versions/0007). Records are never merged in place: accepted links
# join them into clusters, so every source keeps its provenance and a link can be undone.
link_candidates = sa.Table(
    "link_candidates",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(), nullable=False),  # "persons" or "events"
    sa.Column("left_id", sa.String(), nullable=False),  # document:actor or document:event ordinal
    sa.Column("right_id", sa.String(), nullable=False),
    sa.Column(
        "left_document", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "right_document", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("probability", sa.Float(), nullable=False),
    sa.Column("weight", sa.Float(), nullable=False),
    sa.Column("evidence", SealedJSON("link_candidates.evidence"), nullable=False),  # names: sealed
    sa.Column("status", sa.String(), nullable=False),  # pending, accepted, rejected
    sa.Column("scored_at", UTCDateTime(), nullable=False),
    _text("decided_by"),
    sa.Column("decided_at", UTCDateTime()),
    sa.UniqueConstraint("kind", "left_id", "right_id"),
    sa.Index(None, "kind", "status", "probability"),
    sa.Index(None, "right_document"),
)

# Facts about the store itself; ("seal_pending", "1") while rows written before
# encryption at rest still wait to be sealed (migrations/versions/0006).
store_state = sa.Table(
    "store_state",
    metadata,
    sa.Column("key", sa.String(), primary_key=True),
    sa.Column("value", sa.String(), nullable=False),
)

# Maintained by hand, not by metadata: an FTS5 virtual table on SQLite, a table
# with a generated tsvector column on PostgreSQL (see migrations/versions/0001).
search_index = sa.table(
    "search_index",
    sa.column("document_id", sa.String()),
    sa.column("title", BlindWords()),
    sa.column("body", BlindWords()),
)
