"""api: bearer tokens, search tokens and entity links

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_key", sa.String(length=160), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=20), nullable=False),
        sa.Column("expires_at", sa.String(length=20), nullable=True),
        sa.Column("revoked_at", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_api_tokens_user_key", "api_tokens", ["user_key"], unique=False)
    op.create_table(
        "search_tokens",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("token", "entity_id"),
    )
    op.create_index("ix_search_tokens_entity_id", "search_tokens", ["entity_id"], unique=False)
    op.create_table(
        "entity_links",
        sa.Column("source_id", sa.String(length=255), nullable=False),
        sa.Column("prop", sa.String(length=64), nullable=False),
        sa.Column("target_id", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("source_id", "prop", "target_id"),
    )
    op.create_index("ix_entity_links_target_id", "entity_links", ["target_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_entity_links_target_id", table_name="entity_links")
    op.drop_table("entity_links")
    op.drop_index("ix_search_tokens_entity_id", table_name="search_tokens")
    op.drop_table("search_tokens")
    op.drop_index("ix_api_tokens_user_key", table_name="api_tokens")
    op.drop_table("api_tokens")
