"""Evidence items and the chain-of-custody log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

``evidence``: every preserved item other than a document's own raw bytes (a
WARC capture, a screenshot, a derived text), named by the SHA-256 of its bytes,
which live read-only in the blob directory like documents' do. A derived item
points to its original, a document or another item (so ``derived_from`` names
either table and has no foreign key).

``custody``: the append-only log. Each entry holds the hash of the one before
it, so editing, deleting or reordering history breaks the chain. The database
refuses UPDATE and DELETE on it (a trigger), so the application cannot change
history by mistake; ``whodid verify`` re-checks the chain for whoever
tampers with the database itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHA = sa.String(64)
TSTZ = sa.DateTime(timezone=True)
APPEND_ONLY = "the custody log is append-only"


def upgrade() -> None:
    op.create_table(
        "evidence",
        sa.Column("id", SHA, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("media_type", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("captured_at", TSTZ, nullable=False),
        sa.Column("document_id", SHA),
        sa.Column("derived_from", SHA),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_evidence_document_id_documents"),
    )
    op.create_index("ix_evidence_document_id", "evidence", ["document_id"])

    op.create_table(
        "custody",
        sa.Column("seq", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("at", TSTZ, nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("item_id", SHA),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", SHA, nullable=False),
        sa.Column("hash", SHA, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_custody"),
        sa.UniqueConstraint("hash", name="uq_custody_hash"),
    )
    op.create_index("ix_custody_item_id", "custody", ["item_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER custody_no_{event.lower()} BEFORE {event} ON custody "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION custody_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER custody_append_only BEFORE UPDATE OR DELETE ON custody "
            "FOR EACH ROW EXECUTE FUNCTION custody_append_only()"
        )
        op.execute(
            "CREATE TRIGGER custody_no_truncate BEFORE TRUNCATE ON custody "
            "FOR EACH STATEMENT EXECUTE FUNCTION custody_append_only()"
        )
    else:
        raise NotImplementedError(f"whodid supports SQLite and PostgreSQL, not {dialect}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER custody_no_truncate ON custody")
        op.execute("DROP TRIGGER custody_append_only ON custody")
        op.execute("DROP FUNCTION custody_append_only()")
    op.drop_table("custody")
    op.drop_table("evidence")
