"""sharing between nodes: bundles, hit/no-hit sets, watchlists, alerts, targets, consent

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "share_outbox",
        sa.Column("partner", sa.String(length=32), nullable=False),
        sa.Column("sequence", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.String(length=20), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.Column("withdrawals", sa.Integer(), nullable=False),
        sa.Column("judgements", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("partner", "sequence"),
    )
    op.create_table(
        "share_inbox",
        sa.Column("sender", sa.String(length=32), nullable=False),
        sa.Column("sequence", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.String(length=20), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.Column("withdrawals", sa.Integer(), nullable=False),
        sa.Column("judgements", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sender", "sequence"),
    )
    op.create_table(
        "share_sent",
        sa.Column("partner", sa.String(length=32), nullable=False),
        sa.Column("statement_id", sa.String(length=40), nullable=False),
        sa.Column("marking", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("partner", "statement_id"),
    )
    op.create_table(
        "share_sent_judgements",
        sa.Column("partner", sa.String(length=32), nullable=False),
        sa.Column("judgement", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("partner", "judgement"),
    )
    op.create_table(
        "share_received_judgements",
        sa.Column("judgement", sa.String(length=40), nullable=False),
        sa.Column("sender", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("judgement"),
    )
    op.create_table(
        "share_psi_tags",
        sa.Column("set_name", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("tag", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("set_name", "key"),
    )
    op.create_index("ix_share_psi_tags_value", "share_psi_tags", ["value"], unique=False)
    op.create_table(
        "share_watches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("created_at", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "share_alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=120), nullable=False),
        sa.Column("statement_id", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=255), nullable=False),
        sa.Column("partner", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "ref", "statement_id", "partner", name="uq_share_alerts_once"),
    )
    op.create_table(
        "share_targets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("created_at", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "share_consent",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("requester", sa.String(length=32), nullable=False),
        sa.Column("originator", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=32), nullable=False),
        sa.Column("statement_ids", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("created_at", sa.String(length=20), nullable=False),
        sa.Column("answered_at", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("share_consent")
    op.drop_table("share_targets")
    op.drop_table("share_alerts")
    op.drop_table("share_watches")
    op.drop_index("ix_share_psi_tags_value", table_name="share_psi_tags")
    op.drop_table("share_psi_tags")
    op.drop_table("share_received_judgements")
    op.drop_table("share_sent_judgements")
    op.drop_table("share_sent")
    op.drop_table("share_inbox")
    op.drop_table("share_outbox")
