"""Confidentiality levels of records and per-record grants.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

``records.level``: public, internal, restricted or confidential (``internal``
for every existing record). ``grants``: a user who may see one document's
record whatever its level.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("level", sa.String(), nullable=False, server_default="internal"))
    op.create_table(
        "grants",
        sa.Column("document_id", sa.String(64), nullable=False),
        sa.Column("user_name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "user_name", name="pk_grants"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_grants_document_id_documents", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    op.drop_table("grants")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("level")
