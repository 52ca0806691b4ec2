"""The repository: the one way into the store for the rest of whodid.

Nothing outside ``whodid.store`` writes SQL, so what is kept, and how (a later
change encrypts identities here), is decided in one place.

Crash safety. ``add`` writes the raw bytes to the blob directory first (atomic
rename, see :mod:`whodid.store.blobs`), then writes the document row, the
record and every row derived from it in ONE database transaction. A crash
before the commit leaves the database as it was: never a document without its
record rows, nor rows of half a record. It may leave a blob that no row names;
such orphans are harmless (re-adding the document finds and reuses the blob)
and are what a later ``gc``/verify pass removes. The reverse, a row whose blob
is missing or altered, is never produced here and is reported by
:meth:`Repository.get_document`.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from whodid.config import Settings, load_settings
from whodid.model import Document, Page, Record, Role, Segment
from whodid.review.fields import min_confidence
from whodid.store import custody, rows, sealed
from whodid.store.access import LEVELS, Access, visible
from whodid.store.accounts import Accounts
from whodid.store.blobs import SHA256_HEX, BlobStore, sha256_hex
from whodid.store.custody import HEAD_FILE
from whodid.store.engine import create_engine, migrate, writer
from whodid.store.errors import NotFoundError, StoreError
from whodid.store.keyring import Backups
from whodid.store.links import Links
from whodid.store.preserved import Preservation
from whodid.store.reviews import Reviews
from whodid.store.statistics import StatisticsQueries
from whodid.store.summaries import RecordSummary, summarise
from whodid.store.tables import (
    actors,
    documents,
    event_acts,
    events,
    grants,
    involvements,
    records,
    search_index,
)

MIN_PREFIX = 4
_HEX_PREFIX = re.compile(rf"[0-9a-f]{{{MIN_PREFIX},64}}")
_WORD = re.compile(r"[^\W_]+")
_MAX_SEARCH_WORDS = 32


@dataclass(frozen=True, slots=True)
class Appearance:
    """A named actor's role in one event."""

    document_id: str
    actor_id: str
    name: str
    type: str | None
    role: str
    title: str
    date: date | None
    country: str | None
    location: str | None


@dataclass(frozen=True, slots=True)
class EventPoint:
    """An event with coordinates, for maps."""

    document_id: str
    ordinal: int
    lat: float
    lon: float
    location: str | None
    country: str | None
    date: date | None
    title: str


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts over the whole store; the ``by_*`` counts are of documents."""

    documents: int
    records: int
    events: int
    actors: int
    by_country: dict[str, int]
    by_act_type: dict[str, int]
    by_perpetrator_type: dict[str, int]


# stubs in later bases never shadow real methods
class Repository(Preservation, Backups, Reviews, Accounts, Links):
    """Documents, their raw bytes and their records, evidence items and the custody
    log (see :mod:`whodid.store.preserved`); open with :meth:`open`."""

    def __init__(
        self, engine: Engine, blobs: BlobStore, head_path: Path | None = None, home: Path | None = None
    ) -> None:
        self._engine = engine
        self._writer = writer(engine)
        self._blobs = blobs
        self._dialect = engine.dialect.name
        self._head_path = head_path
        self._home = home  # where the master key file lives (whodid.protect.keys)

    # --- lifecycle ------------------------------------------------------------------

    @classmethod
    def open(cls, settings: Settings | None = None) -> Repository:
        """Connect to the configured database and bring its schema up to date."""
        settings = settings or load_settings()
        settings.ensure_home()
        try:
            url = sa.make_url(settings.database_url)
            engine = create_engine(settings.database_url)
        except (SQLAlchemyError, ImportError, ValueError) as e:
            raise StoreError(f"the database URL (WHODID_DATABASE_URL) is not usable: {e}") from e
        if engine.dialect.name not in ("sqlite", "postgresql"):
            engine.dispose()
            raise StoreError(f"whodid stores to SQLite or PostgreSQL, not {engine.dialect.name}")
        if engine.dialect.name == "sqlite" and url.database not in (None, "", ":memory:"):
            _create_private(Path(url.database))
        try:
            migrate(engine)
        except SQLAlchemyError as e:
            engine.dispose()
            hint = (
                "check that its directory exists and is writable"
                if engine.dialect.name == "sqlite"
                else "check that the server is running and WHODID_DATABASE_URL is right"
            )
            raise StoreError(
                f"cannot open the database {url.render_as_string()}: {getattr(e, 'orig', None) or e}; {hint}"
            ) from e
        repo = cls(engine, BlobStore(settings.blobs_dir), settings.home / HEAD_FILE, settings.home)
        try:
            repo.unlock()
        except BaseException:
            engine.dispose()
            raise
        return repo

    def close(self) -> None:
        """Release every database connection."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._writer.begin() as conn:
            yield conn

    # --- writing --------------------------------------------------------------------

    def add(self, document: Document, record: Record | None) -> bool:
        """Store a document (and its record); False if it was already stored.

        A document already stored keeps its first row (same bytes, same
        document); a given ``record`` replaces its record unless a person has
        reviewed it (re-ingesting must never wipe review work), while ``None``
        leaves an existing record alone.
        """
        _check_document(document)
        if record is not None and record.document_id != document.id:
            raise StoreError(f"record is for document {record.document_id}, not {document.id}")
        self._blobs.put(document.id, document.raw)
        with self._write() as conn:
            # RETURNING, not rowcount: psycopg reports -1 for an INSERT's rowcount here.
            new_row = self._insert_new(documents).values(_document_row(document)).returning(documents.c.id)
            is_new = conn.execute(new_row).first() is not None
            if record is not None and (is_new or not _reviewed(conn, document.id)):
                self._replace_record(conn, record)
            elif is_new:
                conn.execute(
                    sa.insert(search_index).values(
                        rows.search_row(document.id, document.title, document.text, None)
                    )
                )
            entry = None
            if is_new:
                entry = custody.append(
                    conn,
                    "ingested",
                    document.id,
                    {
                        "origin": document.origin,
                        "media_type": document.media_type,
                        "size_bytes": len(document.raw),
                        "sha256": document.id,
                    },
                )
        if entry is not None:
            self._note_head(entry)
        return is_new

    def save_record(self, record: Record) -> None:
        """Replace the record of an already stored document, and its index rows."""
        _check_id(record.document_id)
        with self._write() as conn:
            self._replace_record(conn, record)
            entry = custody.append(conn, "edited", record.document_id, {"extractor": record.extractor})
        self._note_head(entry)

    def _rebuild_search(self, conn: Connection) -> None:
        """Write the full-text index afresh from every document and record."""
        conn.execute(sa.delete(search_index))
        for doc_id, title, text in conn.execute(
            sa.select(documents.c.id, documents.c.title, documents.c.text)
        ):
            data = conn.execute(
                sa.select(records.c.data).where(records.c.document_id == doc_id)
            ).scalar_one_or_none()
            derived = rows.record_rows(Record.from_dict(data)) if data is not None else None
            conn.execute(sa.insert(search_index).values(rows.search_row(doc_id, title, text, derived)))

    def _insert_new(self, table: sa.Table) -> sa.Insert:
        """INSERT that does nothing when the primary key exists."""
        if self._dialect == "postgresql":
            return postgresql.insert(table).on_conflict_do_nothing()
        return sqlite.insert(table).on_conflict_do_nothing()

    def _replace_record(self, conn: Connection, record: Record) -> None:
        doc_id = record.document_id
        doc = (
            conn.execute(sa.select(documents.c.title, documents.c.text).where(documents.c.id == doc_id))
            .mappings()
            .one_or_none()
        )
        if doc is None:
            raise NotFoundError(f"no document {doc_id} in the store; add the document before its record")
        derived = rows.record_rows(record)
        _delete_derived(conn, doc_id)
        now = datetime.now(UTC)
        data = {
            "data": record.to_dict(),
            "extractor": record.extractor,
            "updated_at": now,
            "pending_confidence": min_confidence(record),
        }
        updated = conn.execute(sa.update(records).where(records.c.document_id == doc_id).values(data))
        if updated.rowcount == 0:
            conn.execute(sa.insert(records).values(document_id=doc_id, created_at=now, **data))
        if derived.actors:
            conn.execute(sa.insert(actors), [{"document_id": doc_id, **a} for a in derived.actors])
        for ev in derived.events:
            result = conn.execute(sa.insert(events).values(document_id=doc_id, **ev.event))
            event_id = result.inserted_primary_key[0]  # type: ignore[index]
            if ev.act_types:
                conn.execute(
                    sa.insert(event_acts),
                    [{"event_id": event_id, "act_type": t, "ordinal": i} for i, t in enumerate(ev.act_types)],
                )
            if ev.involvements:
                conn.execute(
                    sa.insert(involvements),
                    [
                        {"event_id": event_id, "document_id": doc_id, "actor_id": a, "role": r, "ordinal": i}
                        for i, (a, r) in enumerate(ev.involvements)
                    ],
                )
        search = rows.search_row(doc_id, doc["title"], doc["text"], derived)
        conn.execute(sa.insert(search_index).values(search))

    # --- reading --------------------------------------------------------------------

    def get_document(self, document_id: str) -> Document:
        """The stored document, its raw bytes read back and checked against the id."""
        _check_id(document_id)
        with self._engine.connect() as conn:
            row = (
                conn.execute(sa.select(documents).where(documents.c.id == document_id))
                .mappings()
                .one_or_none()
            )
        if row is None:
            raise NotFoundError(f"no document {document_id} in the store")
        return Document(
            id=row["id"],
            raw=self._blobs.get(document_id),
            media_type=row["media_type"],
            origin=row["origin"],
            received_at=row["received_at"],
            text=row["text"],
            title=row["title"],
            published=row["published"],
            language=row["language"],
            segments=[Segment(**s) for s in row["segments"]],
            pages=[Page(**p) for p in row["pages"]],
            boilerplate=list(row["boilerplate"]),
            metadata=dict(row["metadata"]),
        )

    def get_record(self, document_id: str) -> Record | None:
        """The record of a document; None when it has none (or is not stored)."""
        with self._engine.connect() as conn:
            data = conn.execute(
                sa.select(records.c.data).where(records.c.document_id == document_id)
            ).scalar_one_or_none()
        return None if data is None else Record.from_dict(data)

    def resolve_id(self, prefix: str, access: Access | None = None) -> str:
        """The full id of the one document whose id starts with ``prefix``.

        With ``access``, only documents it may see count: an unseen document is
        "not found", never "forbidden", so ids cannot be probed.
        """
        wanted = prefix.strip().lower()
        if not _HEX_PREFIX.fullmatch(wanted):
            raise StoreError(
                f"{prefix!r} is not a document id: "
                f"give at least {MIN_PREFIX} of its hex characters (0-9, a-f)"
            )
        with self._engine.connect() as conn:
            found = (
                conn.execute(
                    sa.select(documents.c.id)
                    .where(documents.c.id.startswith(wanted), visible(access))
                    .order_by(documents.c.id)
                    .limit(6)
                )
                .scalars()
                .all()
            )
        if not found:
            raise NotFoundError(f"no document id starts with {wanted}")
        if len(found) > 1:
            shown = ", ".join(f[:12] for f in found[:5])
            raise NotFoundError(
                f"{wanted} is ambiguous; it starts {shown}{', ...' if len(found) > 5 else ''}"
            )
        return str(found[0])

    def list_records(
        self,
        *,
        country: str | None = None,
        act_type: str | None = None,
        perpetrator_type: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        victim_type: str | None = None,
        reviewed: bool | None = None,
        limit: int = 50,
        offset: int = 0,
        access: Access | None = None,
    ) -> list[RecordSummary]:
        """Documents, newest received first, that have one event matching every filter.

        All filters must hold for the same event; an event's date range matches
        when it overlaps ``[date_from, date_to]``. With no filter, documents
        without a record are listed too.
        """
        _check_page(limit, offset)
        conditions = _event_filters(
            country, act_type, perpetrator_type, date_from, date_to, victim_type, reviewed
        )
        query = (
            sa.select(documents.c.id)
            .where(visible(access))
            .order_by(documents.c.received_at.desc(), documents.c.id)
        )
        if conditions:
            # an uncorrelated IN runs the event filters once; a correlated EXISTS ran them
            # again for every document (5 s on 10,000 events in SQLite, see benchmarks/pages.py)
            query = query.where(documents.c.id.in_(sa.select(events.c.document_id).where(*conditions)))
        with self._engine.connect() as conn:
            ids = list(conn.execute(query.limit(limit).offset(offset)).scalars())
            return summarise(conn, ids)

    def event_points(
        self,
        *,
        country: str | None = None,
        act_type: str | None = None,
        perpetrator_type: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        victim_type: str | None = None,
        reviewed: bool | None = None,
        limit: int = 20_000,
        access: Access | None = None,
    ) -> list[EventPoint]:
        """Events with coordinates that match every filter (as :meth:`list_records`), for maps."""
        _check_page(limit, 0)
        conditions = _event_filters(
            country, act_type, perpetrator_type, date_from, date_to, victim_type, reviewed
        )
        query = (
            sa.select(
                events.c.document_id,
                events.c.ordinal,
                events.c.lat,
                events.c.lon,
                events.c.location,
                events.c.country,
                events.c.date_start,
                events.c.title,
            )
            .where(
                events.c.lat.is_not(None),
                events.c.lon.is_not(None),
                visible(access, events.c.document_id),
                *conditions,
            )
            .order_by(events.c.date_start, events.c.document_id, events.c.ordinal)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [EventPoint(*row) for row in conn.execute(query)]

    def appearances(self, name: str, limit: int = 500, access: Access | None = None) -> list[Appearance]:
        """Every event, in any report, where an actor of this name (any case) has a role.

        The same name in two reports is not proven to be the same person: linking
        identities across reports and scripts is its own step (issue 7); this is the
        exact-name view a researcher starts from.
        """
        _check_page(limit, 0)
        query = (
            sa.select(
                events.c.document_id,
                actors.c.id,
                actors.c.name,
                actors.c.type,
                involvements.c.role,
                events.c.title,
                events.c.date_start,
                events.c.country,
                events.c.location,
            )
            .join(
                involvements,
                sa.and_(
                    involvements.c.document_id == actors.c.document_id, involvements.c.actor_id == actors.c.id
                ),
            )
            .join(events, events.c.id == involvements.c.event_id)
            .where(actors.c.name_index == name, visible(access, events.c.document_id))
            .order_by(events.c.date_start, events.c.document_id)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [Appearance(*row) for row in conn.execute(query)]

    def acts_by_day(self, access: Access | None = None) -> list[tuple[date, str, int]]:
        """(event start day, act type, events) over the whole store, for timelines."""
        query = (
            sa.select(events.c.date_start, event_acts.c.act_type, sa.func.count())
            .join(event_acts, event_acts.c.event_id == events.c.id)
            .where(events.c.date_start.is_not(None), visible(access, events.c.document_id))
            .group_by(events.c.date_start, event_acts.c.act_type)
            .order_by(events.c.date_start)
        )
        with self._engine.connect() as conn:
            return [(row[0], str(row[1]), int(row[2])) for row in conn.execute(query)]

    def search(self, query: str, limit: int = 50, access: Access | None = None) -> list[RecordSummary]:
        """Documents containing every word of ``query``, best match first.

        The query is reduced to its words, each quoted as a literal, so no
        search syntax (quotes, ``*``, ``OR``, ``NEAR``) reaches the engine: any
        input either matches or does not. Words are matched whole, without
        stemming, in the text, title, actor names, act types and places.
        """
        _check_page(limit, 0)
        words = _WORD.findall(query)[:_MAX_SEARCH_WORDS]
        if not words:
            return []
        # the index holds keyed tokens, not words (whodid.store.sealed): look for the same tokens
        words = sealed.query_words(sealed.keyring_of(self._engine.dialect), words)
        if not words:
            return []
        if self._dialect == "postgresql":
            tsquery = sa.func.plainto_tsquery(sa.literal_column("'simple'::regconfig"), " ".join(words))
            tsv: sa.ColumnClause[Any] = sa.literal_column("search_index.tsv")
            stmt = (
                sa.select(search_index.c.document_id)
                .where(tsv.op("@@")(tsquery), visible(access, search_index.c.document_id))
                .order_by(sa.func.ts_rank(tsv, tsquery).desc(), search_index.c.document_id)
                .limit(limit)
            )
        else:
            match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
            stmt = (
                sa.select(search_index.c.document_id)
                .where(
                    sa.literal_column("search_index").op("MATCH")(match),
                    visible(access, search_index.c.document_id),
                )
                .order_by(sa.literal_column("rank"), search_index.c.document_id)
                .limit(limit)
            )
        with self._engine.connect() as conn:
            ids = list(conn.execute(stmt).scalars())
            return summarise(conn, ids)

    def document_ids(self, access: Access | None = None) -> Iterator[str]:
        """Every document id ``access`` may see, oldest received first (exports)."""
        with self._engine.connect() as conn:
            ids = list(
                conn.execute(
                    sa.select(documents.c.id)
                    .where(visible(access))
                    .order_by(documents.c.received_at, documents.c.id)
                ).scalars()
            )
        yield from ids

    def log_exports(self, document_ids: list[str], details: dict[str, Any], *, by: str | None = None) -> None:
        """One ``exported`` custody entry per exported document, in one transaction."""
        entry = None
        with self._write() as conn:
            for doc_id in document_ids:
                entry = custody.append(conn, "exported", doc_id, details, actor=by)
        if entry is not None:
            self._note_head(entry)

    def pseudonym(self, name: str) -> str:
        """A stable pseudonym for a person's name (redacted views, whodid.protect.redact):
        a keyed HMAC of the transliterated name, so spellings and scripts that
        transliterate alike share it and nobody without the key can reverse it."""
        ring = sealed.keyring_of(self._engine.dialect)
        return "Person " + ring.blind("pseudonym\x00" + sealed.normal(name))[:6].upper()

    def can_see(self, document_id: str, access: Access | None) -> bool:
        """Whether ``access`` may see this document and its record."""
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(documents.c.id).where(documents.c.id == document_id, visible(access))
            ).first()
        return row is not None

    def set_level(self, document_id: str, level: str, *, by: str | None = None) -> None:
        """A record's confidentiality level (audited)."""
        if level not in LEVELS:
            raise StoreError(f"{level!r} is not a level; one of {', '.join(LEVELS)}")
        with self._write() as conn:
            done = conn.execute(
                sa.update(records).where(records.c.document_id == document_id).values(level=level)
            )
            if done.rowcount == 0:
                raise NotFoundError(f"no record for document {document_id}")
            entry = custody.append(conn, "edited", document_id, {"level": level}, actor=by)
        self._note_head(entry)

    def grant(self, document_id: str, user: str, *, by: str | None = None) -> None:
        """Let one user see one document whatever its level (audited)."""
        with self._write() as conn:
            if conn.execute(sa.select(documents.c.id).where(documents.c.id == document_id)).first() is None:
                raise NotFoundError(f"no document {document_id}")
            exists = conn.execute(
                sa.select(grants.c.user_name).where(
                    grants.c.document_id == document_id, grants.c.user_name == user
                )
            ).first()
            if exists is None:
                conn.execute(sa.insert(grants).values(document_id=document_id, user_name=user))
            entry = custody.append(conn, "edited", document_id, {"granted": user}, actor=by)
        self._note_head(entry)

    def revoke(self, document_id: str, user: str, *, by: str | None = None) -> None:
        """Take back a grant (audited); revoking one that does not exist is an error."""
        with self._write() as conn:
            done = conn.execute(
                sa.delete(grants).where(grants.c.document_id == document_id, grants.c.user_name == user)
            )
            if done.rowcount == 0:
                raise NotFoundError(f"{user} holds no grant on {document_id[:12]}")
            entry = custody.append(conn, "edited", document_id, {"revoked": user}, actor=by)
        self._note_head(entry)

    def count(self, access: Access | None = None) -> int:
        """How many documents are stored (that ``access`` may see)."""
        with self._engine.connect() as conn:
            stmt = sa.select(sa.func.count()).select_from(documents).where(visible(access))
            return int(conn.execute(stmt).scalar_one())

    @property
    def statistics(self) -> StatisticsQueries:
        """Documented counts for a filter, and the events they count (whodid.store.statistics)."""
        return StatisticsQueries(self._engine)

    def stats(self, access: Access | None = None) -> Stats:
        """Totals, and how many documents report each country, act type and perpetrator type."""

        def total(table: sa.Table) -> int:
            key = table.c.id if table is documents else table.c.document_id
            stmt = sa.select(sa.func.count()).select_from(table).where(visible(access, key))
            return int(conn.execute(stmt).scalar_one())

        def by(
            column: sa.ColumnElement[Any], *joins: tuple[sa.Table, sa.ColumnElement[bool]]
        ) -> dict[str, int]:
            n = sa.func.count(sa.distinct(events.c.document_id))
            stmt = sa.select(column, n).select_from(events)
            for table, on in joins:
                stmt = stmt.join(table, on)
            stmt = (
                stmt.where(column.is_not(None), visible(access, events.c.document_id))
                .group_by(column)
                .order_by(n.desc(), column)
            )
            return {str(k): int(v) for k, v in conn.execute(stmt)}

        with self._engine.connect() as conn:
            return Stats(
                documents=total(documents),
                records=total(records),
                events=total(events),
                actors=total(actors),
                by_country=by(events.c.country),
                by_act_type=by(event_acts.c.act_type, (event_acts, event_acts.c.event_id == events.c.id)),
                by_perpetrator_type=by(
                    actors.c.type,
                    (
                        involvements,
                        sa.and_(
                            involvements.c.event_id == events.c.id,
                            involvements.c.role == Role.PERPETRATOR.value,
                        ),
                    ),
                    (
                        actors,
                        sa.and_(
                            actors.c.document_id == involvements.c.document_id,
                            actors.c.id == involvements.c.actor_id,
                        ),
                    ),
                ),
            )


# --- helpers --------------------------------------------------------------------------


def _event_filters(
    country: str | None,
    act_type: str | None,
    perpetrator_type: str | None,
    date_from: date | None,
    date_to: date | None,
    victim_type: str | None = None,
    reviewed: bool | None = None,
) -> list[sa.ColumnElement[bool]]:
    """Conditions on one event: all must hold for the same event; a date range matches
    when it overlaps ``[date_from, date_to]``."""
    conditions: list[sa.ColumnElement[bool]] = []
    if country:
        conditions.append(events.c.country == country.upper())
    if act_type:
        conditions.append(
            sa.exists().where(event_acts.c.event_id == events.c.id, event_acts.c.act_type == act_type)
        )
    if perpetrator_type:
        conditions.append(
            sa.exists().where(
                involvements.c.event_id == events.c.id,
                involvements.c.role == Role.PERPETRATOR.value,
                actors.c.document_id == involvements.c.document_id,
                actors.c.id == involvements.c.actor_id,
                actors.c.type == perpetrator_type,
            )
        )
    if victim_type:
        conditions.append(
            sa.exists().where(
                involvements.c.event_id == events.c.id,
                involvements.c.role == Role.VICTIM.value,
                actors.c.document_id == involvements.c.document_id,
                actors.c.id == involvements.c.actor_id,
                actors.c.type == victim_type,
            )
        )
    if reviewed is not None:
        done = records.c.reviewed_at.is_not(None) if reviewed else records.c.reviewed_at.is_(None)
        conditions.append(sa.exists().where(records.c.document_id == events.c.document_id, done))
    if date_from:
        conditions.append(sa.func.coalesce(events.c.date_end, events.c.date_start) >= date_from)
    if date_to:
        conditions.append(events.c.date_start <= date_to)
    return conditions


def _reviewed(conn: Connection, document_id: str) -> bool:
    """Whether the stored record holds any value a person accepted, corrected or rejected."""
    data = conn.execute(
        sa.select(records.c.data).where(records.c.document_id == document_id)
    ).scalar_one_or_none()

    def touched(value: Any) -> bool:
        if isinstance(value, dict):
            return value.get("review", "suggested") != "suggested" or any(touched(v) for v in value.values())
        if isinstance(value, list):
            return any(touched(v) for v in value)
        return False

    return data is not None and touched(data)


def _check_id(document_id: str) -> None:
    if not SHA256_HEX.fullmatch(document_id):
        raise StoreError(f"{document_id!r} is not a document id (64 lowercase hex characters)")


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise StoreError(f"limit ({limit}) and offset ({offset}) must not be negative")


def _check_document(document: Document) -> None:
    _check_id(document.id)
    if sha256_hex(document.raw) != document.id:
        raise StoreError(f"document {document.id} is not the SHA-256 of its raw bytes")
    if document.received_at.utcoffset() is None:
        raise StoreError(f"document {document.id}: received_at has no time zone")


def _create_private(path: Path) -> None:
    """Create a new SQLite file readable by its owner only (SQLite gives its -wal and
    -shm files the same mode); an existing file is left as it is."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot create the database file {path}: {exc.strerror}") from exc


def _document_row(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "media_type": document.media_type,
        "origin": document.origin,
        "received_at": document.received_at,
        "title": document.title,
        "published": document.published,
        "text": document.text,
        "size_bytes": len(document.raw),
        "language": document.language,
        "metadata": document.metadata,
        "boilerplate": document.boilerplate,
        "segments": [dataclasses.asdict(s) for s in document.segments],
        "pages": [dataclasses.asdict(p) for p in document.pages],
    }


def _delete_derived(conn: Connection, doc_id: str) -> None:
    """Delete the index rows of one document (explicitly, not trusting cascades)."""
    event_ids = sa.select(events.c.id).where(events.c.document_id == doc_id).scalar_subquery()
    conn.execute(sa.delete(involvements).where(involvements.c.document_id == doc_id))
    conn.execute(sa.delete(event_acts).where(event_acts.c.event_id.in_(event_ids)))
    conn.execute(sa.delete(events).where(events.c.document_id == doc_id))
    conn.execute(sa.delete(actors).where(actors.c.document_id == doc_id))
    conn.execute(sa.delete(search_index).where(search_index.c.document_id == doc_id))
