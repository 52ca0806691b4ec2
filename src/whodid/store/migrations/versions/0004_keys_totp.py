"""Keys for encryption at rest, and a second factor for accounts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

``keys``: data keys for envelope encryption (AES-256-GCM), each stored only
wrapped by the master key, which never enters the database (a key file with
strict permissions, or an environment variable). ``users.totp_secret``: the
TOTP secret of an account with a second factor, sealed with a data key.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "keys",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("wrapped", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_keys"),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("totp_secret", sa.Text()))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("totp_secret")
    op.drop_table("keys")
