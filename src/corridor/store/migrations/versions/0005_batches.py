"""batches: loads written in short transactions stay invisible until published

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.String(length=20), nullable=False),
        sa.Column("heartbeat_at", sa.String(length=20), nullable=False),
        sa.Column("published_at", sa.String(length=20), nullable=True),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_batches_state", "batches", ["state"], unique=False)
    op.add_column("statements", sa.Column("batch", sa.Integer(), server_default="0", nullable=False))
    op.create_index("ix_statements_batch", "statements", ["batch"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_statements_batch", table_name="statements")
    op.drop_column("statements", "batch")
    op.drop_index("ix_batches_state", table_name="batches")
    op.drop_table("batches")
