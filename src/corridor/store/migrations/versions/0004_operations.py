"""joint operations: operations, partners, targets, deconfliction conflicts, timeline

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "joint_operations",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("lead", sa.String(length=32), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("compartment", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("action_at", sa.String(length=20), nullable=True),
        sa.Column("baseline", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("created_at", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "joint_operation_partners",
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("operation", "agency"),
    )
    op.create_table(
        "joint_operation_targets",
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=255), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("chosen_from", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("selectors", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("assigned_to", sa.String(length=32), nullable=False),
        sa.Column("tasked_at", sa.String(length=20), nullable=True),
        sa.Column("added_by", sa.String(length=160), nullable=False),
        sa.Column("added_at", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("operation", "entity_id"),
    )
    op.create_table(
        "joint_operation_conflicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("partner", sa.String(length=32), nullable=False),
        sa.Column("selector", sa.String(length=300), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.String(length=20), nullable=False),
        sa.Column("lead_ack_by", sa.String(length=160), nullable=True),
        sa.Column("lead_ack_at", sa.String(length=20), nullable=True),
        sa.Column("partner_ack_by", sa.String(length=160), nullable=True),
        sa.Column("partner_ack_at", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("operation", "partner", "selector", name="uq_joint_operation_conflicts_once"),
    )
    op.create_table(
        "joint_operation_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("at", sa.String(length=20), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    for name in (
        "joint_operation_events",
        "joint_operation_conflicts",
        "joint_operation_targets",
        "joint_operation_partners",
        "joint_operations",
    ):
        op.drop_table(name)
