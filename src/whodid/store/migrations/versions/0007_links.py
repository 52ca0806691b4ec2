"""Record linkage: candidate links and their review.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

``link_candidates``: two events or two actors of different reports that Splink
scored as possibly one incident or one person, with the field-by-field
evidence (sealed: it holds names) and a person's decision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_candidates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("left_id", sa.String(), nullable=False),
        sa.Column("right_id", sa.String(), nullable=False),
        sa.Column("left_document", sa.String(64), nullable=False),
        sa.Column("right_document", sa.String(64), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Text()),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_link_candidates"),
        sa.UniqueConstraint("kind", "left_id", "right_id", name="uq_link_candidates_kind_left_id_right_id"),
        sa.ForeignKeyConstraint(
            ["left_document"],
            ["documents.id"],
            name="fk_link_candidates_left_document_documents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["right_document"],
            ["documents.id"],
            name="fk_link_candidates_right_document_documents",
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_link_candidates_kind_status_probability", "link_candidates", ["kind", "status", "probability"]
    )
    op.create_index("ix_link_candidates_right_document", "link_candidates", ["right_document"])


def downgrade() -> None:
    op.drop_index("ix_link_candidates_right_document", "link_candidates")
    op.drop_index("ix_link_candidates_kind_status_probability", "link_candidates")
    op.drop_table("link_candidates")
