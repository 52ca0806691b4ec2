"""Encryption at rest: sensitive columns become sealed text; actors get a blind name index.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

Sealing needs the master key, which a migration never sees, so this revision
only changes the schema: on PostgreSQL the JSON and float columns that are now
sealed become ``text`` (SQLite stores any value in any column); ``actors``
gains ``name_index``; and a store that already holds documents is marked
``seal_pending`` in the new ``store_state`` table; the access filter's
indexes (records by level, grants by user) are added. The repository, which holds
the keys, seals those rows, fills the name index and rebuilds the full-text
index as blind tokens the first time it opens the store, then clears the mark
(``whodid.store.keyring``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TO_TEXT = {
    "documents": ("metadata", "boilerplate", "segments", "pages"),
    "records": ("data",),
    "events": ("lat", "lon"),
    "evidence": ("metadata",),
    "custody": ("details",),
    "corrections": ("before", "after"),
}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table, columns in TO_TEXT.items():
            for column in columns:
                op.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE text USING "{column}"::text')
    with op.batch_alter_table("actors") as batch:
        batch.add_column(sa.Column("name_index", sa.String(64)))
        batch.create_index("ix_actors_name_index", ["name_index"])
    # the access filter (whodid.store.access) reads records by level and grants by user
    op.create_index("ix_records_level_document_id", "records", ["level", "document_id"])
    op.create_index("ix_grants_user_name", "grants", ["user_name"])
    op.create_table(
        "store_state",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_store_state"),
    )
    if bind.execute(sa.text("SELECT 1 FROM documents LIMIT 1")).first() is not None:
        op.execute("INSERT INTO store_state (key, value) VALUES ('seal_pending', '1')")


def downgrade() -> None:
    op.drop_table("store_state")
    op.drop_index("ix_grants_user_name", "grants")
    op.drop_index("ix_records_level_document_id", "records")
    with op.batch_alter_table("actors") as batch:
        batch.drop_index("ix_actors_name_index")
        batch.drop_column("name_index")
