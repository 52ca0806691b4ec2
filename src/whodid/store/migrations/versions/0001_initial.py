"""Initial schema: documents, records, their denormalised index and full-text search.

Revision ID: 0001
Revises:
Create Date: 2025-11-24

Written out by hand, not imported from ``whodid.store.tables``: a migration must
keep creating what it created on the day it was written, whatever the tables
module says later.

Full-text search differs per dialect. SQLite gets an FTS5 virtual table
(``unicode61`` with diacritics folded, no stemming: reports come in many
languages). PostgreSQL gets a plain table whose ``tsv`` column is generated
from title and body with the ``simple`` configuration (same reasoning), under a
GIN index.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHA = sa.String(64)
TSTZ = sa.DateTime(timezone=True)


def _fk_document(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["document_id"], ["documents.id"], name=f"fk_{table}_document_id_documents", ondelete="CASCADE"
    )


def _fk_event(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["event_id"], ["events.id"], name=f"fk_{table}_event_id_events", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", SHA, nullable=False),
        sa.Column("media_type", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("received_at", TSTZ, nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("language", sa.String()),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.Column("boilerplate", sa.JSON(), nullable=False),
        sa.Column("segments", sa.JSON(), nullable=False),
        sa.Column("pages", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
    )
    op.create_index("ix_documents_received_at", "documents", ["received_at"])

    op.create_table(
        "records",
        sa.Column("document_id", SHA, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("extractor", sa.Text(), nullable=False),
        sa.Column("created_at", TSTZ, nullable=False),
        sa.Column("updated_at", TSTZ, nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_records"),
        _fk_document("records"),
    )

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("document_id", SHA, nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("date_start", sa.Date()),
        sa.Column("date_end", sa.Date()),
        sa.Column("date_precision", sa.String()),
        sa.Column("country", sa.String()),
        sa.Column("admin1", sa.Text()),
        sa.Column("location", sa.Text()),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("geo_precision", sa.Integer()),
        sa.Column("acled_event_type", sa.Text()),
        sa.Column("acled_sub_event_type", sa.Text()),
        sa.Column("fatalities", sa.Integer()),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.UniqueConstraint("document_id", "ordinal", name="uq_events_document_id_ordinal"),
        _fk_document("events"),
    )
    op.create_index("ix_events_country", "events", ["country"])
    op.create_index("ix_events_date_start", "events", ["date_start"])

    op.create_table(
        "event_acts",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("act_type", sa.String(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "act_type", name="pk_event_acts"),
        _fk_event("event_acts"),
    )
    op.create_index("ix_event_acts_act_type", "event_acts", ["act_type"])

    op.create_table(
        "actors",
        sa.Column("document_id", SHA, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.Text()),
        sa.Column("description", sa.Text()),
        sa.Column("type", sa.String()),
        sa.Column("count", sa.Integer()),
        sa.PrimaryKeyConstraint("document_id", "id", name="pk_actors"),
        _fk_document("actors"),
    )
    op.create_index("ix_actors_type", "actors", ["type"])

    op.create_table(
        "involvements",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("document_id", SHA, nullable=False),
        sa.Column("actor_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "actor_id", "role", name="pk_involvements"),
        _fk_event("involvements"),
        sa.ForeignKeyConstraint(
            ["document_id", "actor_id"],
            ["actors.document_id", "actors.id"],
            name="fk_involvements_document_id_actor_id_actors",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_involvements_role_document_id_actor_id", "involvements", ["role", "document_id", "actor_id"]
    )

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "document_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif dialect == "postgresql":
        op.create_table(
            "search_index",
            sa.Column("document_id", SHA, nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("body", sa.Text(), nullable=False),
            sa.Column(
                "tsv",
                postgresql.TSVECTOR(),
                sa.Computed(
                    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
                    "setweight(to_tsvector('simple'::regconfig, body), 'B')",
                    persisted=True,
                ),
            ),
            sa.PrimaryKeyConstraint("document_id", name="pk_search_index"),
            _fk_document("search_index"),
        )
        op.create_index("ix_search_index_tsv", "search_index", ["tsv"], postgresql_using="gin")
    else:
        raise NotImplementedError(f"whodid supports SQLite and PostgreSQL, not {dialect}")


def downgrade() -> None:
    op.drop_table("search_index")
    for table in ("involvements", "actors", "event_acts", "events", "records", "documents"):
        op.drop_table(table)
