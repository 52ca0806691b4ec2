"""People and their review work: users, corrections, and when a record was reviewed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

``users``: who can log in to the web app (an Argon2 hash of the password, never
the password), their role, whether the account is disabled, and the failed
logins that lock it for a while.
``corrections``: every decision a person made on a suggested value (accept,
reject, correct, add, reviewed), with the value before and after, who and when:
training and evaluation data, never rewritten. ``records`` gains who marked it
reviewed, and when, and the lowest confidence among its values still to review
(the review inbox's order, kept by every save).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHA = sa.String(64)
TSTZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("created_at", TSTZ, nullable=False),
        sa.Column("disabled_at", TSTZ),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", TSTZ),
        sa.PrimaryKeyConstraint("name", name="pk_users"),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        sa.Column("document_id", SHA, nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("before", sa.JSON()),
        sa.Column("after", sa.JSON()),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("at", TSTZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_corrections"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name="fk_corrections_document_id_documents", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_corrections_document_id", "corrections", ["document_id"])
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("reviewed_at", TSTZ))
        batch.add_column(sa.Column("reviewed_by", sa.Text()))
        batch.add_column(sa.Column("pending_confidence", sa.Float()))
    op.create_index(
        "ix_records_reviewed_at_pending_confidence", "records", ["reviewed_at", "pending_confidence"]
    )
    _backfill()


def _backfill() -> None:
    """The review queue's key for records stored before this revision."""
    from whodid.model import Record
    from whodid.review.fields import min_confidence

    conn = op.get_bind()
    table = sa.table(
        "records", sa.column("document_id"), sa.column("data", sa.JSON()), sa.column("pending_confidence")
    )
    for document_id, data in conn.execute(sa.select(table.c.document_id, table.c.data)).all():
        value = min_confidence(Record.from_dict(data))
        conn.execute(
            sa.update(table).where(table.c.document_id == document_id).values(pending_confidence=value)
        )


def downgrade() -> None:
    op.drop_index("ix_records_reviewed_at_pending_confidence", "records")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("pending_confidence")
        batch.drop_column("reviewed_by")
        batch.drop_column("reviewed_at")
    op.drop_table("corrections")
    op.drop_table("users")
