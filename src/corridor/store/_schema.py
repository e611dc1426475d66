"""The store's tables, declared once with SQLAlchemy Core for SQLite and PostgreSQL alike.

Times are ISO-8601 UTC text (``2026-11-23T16:09:31Z``): it sorts correctly, compares the
same on both backends and needs no driver adapters. Alembic migrations in ``migrations/``
create these tables; a test checks that the migrated schema matches this declaration.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

agencies = Table(
    "agencies",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("contact", Text, nullable=False, default=""),
    Column("public_key", Text, nullable=True),
)

users = Table(
    "users",
    metadata,
    Column("key", String(160), primary_key=True),
    Column("agency", String(32), nullable=False),
    Column("username", String(120), nullable=False),
    Column("roles", Text, nullable=False),
    Column("password_hash", Text, nullable=True),
    Column("display_name", Text, nullable=False, default=""),
)

operations = Table(
    "operations",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("lead", String(32), nullable=False),
    Column("name", Text, nullable=False, default=""),
    Column("agencies", Text, nullable=False),
    Column("users", Text, nullable=False, default=""),
)

agreements = Table(
    "agreements",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("provider", String(32), nullable=False),
    Column("recipient", String(32), nullable=False),
    Column("handling", String(8), nullable=False),
    Column("valid_from", String(10), nullable=True),
    Column("valid_until", String(10), nullable=True),
    Column("purpose", Text, nullable=False, default=""),
)

sources = Table(
    "sources",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("agency", String(32), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("created_at", String(20), nullable=False),
)

markings = Table(
    "markings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("originator", String(32), nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("originator", "text", name="uq_markings_originator_text"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("entity_id", String(255), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("lang", String(8), nullable=True),
    Column("original_value", Text, nullable=True),
    Column("source", String(255), nullable=False),
    Column("origin", String(32), nullable=False),
    # No foreign key: the store only writes ids that marking_id() returned, and SQLite's
    # per-row FK check halves bulk-write speed (measured: 103k -> 44k rows/s).
    Column("marking_id", Integer, nullable=False),
    Column("first_seen", String(20), nullable=False),
    Column("last_seen", String(20), nullable=False),
    Column("withdrawn", Boolean, nullable=False, default=False),
    # The load that first wrote the row (``batches``); 0 for rows written in one transaction.
    # Rows of a pending batch are invisible to the door until the batch is published.
    Column("batch", Integer, nullable=False, default=0, server_default="0"),
    Index("ix_statements_entity_id", "entity_id"),
    Index("ix_statements_batch", "batch"),
)

SELECTOR_PROPS = (
    "callerNumber",
    "cryptoAddress",
    "email",
    "iban",
    "idNumber",
    "imoNumber",
    "mmsi",
    "number",
    "passportNumber",
    "personalNumber",
    "phone",
    "publicKey",
    "receiverNumber",
    "registrationNumber",
)
"""FtM properties that hold selectors; only their values get a value index.

A full ``(prop, value)`` index would cost every bulk load about a third of its speed for
lookups that only selectors need (hit/no-hit, watchlists, deterministic links). Names
are searched through their own index, not this one.
"""

_selector_rows = statements.c.prop.in_(SELECTOR_PROPS)
Index(
    "ix_statements_selector_value",
    statements.c.value,
    sqlite_where=_selector_rows,
    postgresql_where=_selector_rows,
)

batches = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(16), nullable=False),
    Column("source", String(255), nullable=False),
    Column("agency", String(32), nullable=False),
    Column("state", String(16), nullable=False),
    Column("owner", String(200), nullable=False),
    Column("started_at", String(20), nullable=False),
    Column("heartbeat_at", String(20), nullable=False),
    Column("published_at", String(20), nullable=True),
    Column("statements", Integer, nullable=False),
    Index("ix_batches_state", "state"),
)
"""Loads written in many short transactions (``corridor.store._batches``): ``pending`` until
one tiny transaction publishes them, so a long load never holds the write lock for long."""

judgements = Table(
    "judgements",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("left_id", String(255), nullable=False),
    Column("right_id", String(255), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("actor", String(160), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("score", Float, nullable=True),
    Column("reason", Text, nullable=False, default=""),
    Column("origin", String(32), nullable=False),
    Column("created_at", String(20), nullable=False),
    Index("ix_judgements_left", "left_id"),
    Index("ix_judgements_right", "right_id"),
)

canonical = Table(
    "canonical",
    metadata,
    Column("entity_id", String(255), primary_key=True),
    Column("canonical_id", String(255), nullable=False),
    Index("ix_canonical_canonical_id", "canonical_id"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("ts", String(32), nullable=False),
    Column("principal", String(160), nullable=False),
    Column("action", String(32), nullable=False),
    Column("objects", Text, nullable=False),
    Column("justification", Text, nullable=False, default=""),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# -- API (issue 9): bearer tokens and the derived lookup indexes of the web workbench ------

api_tokens = Table(
    "api_tokens",
    metadata,
    # The SHA-256 of the token: tokens are 256-bit random strings, so a plain hash cannot be
    # reversed, and a stolen database yields no usable token.
    Column("id", String(64), primary_key=True),
    Column("user_key", String(160), nullable=False),
    Column("label", Text, nullable=False, default=""),
    Column("created_at", String(20), nullable=False),
    Column("expires_at", String(20), nullable=True),
    Column("revoked_at", String(20), nullable=True),
    Index("ix_api_tokens_user_key", "user_key"),
)

search_tokens = Table(
    "search_tokens",
    metadata,
    # Candidates only: a hit here is re-read through the door before anyone sees it.
    Column("token", String(64), primary_key=True),
    Column("entity_id", String(255), primary_key=True),
    Index("ix_search_tokens_entity_id", "entity_id"),
)

entity_links = Table(
    "entity_links",
    metadata,
    # Which record names which other record in an entity property (reverse lookups for
    # neighbours); candidates only, re-read through the door like ``search_tokens``.
    Column("source_id", String(255), primary_key=True),
    Column("prop", String(64), primary_key=True),
    Column("target_id", String(255), primary_key=True),
    Index("ix_entity_links_target_id", "target_id"),
)

# -- sharing between nodes (corridor.share; migration 0003) ------------------------------

share_outbox = Table(
    "share_outbox",
    metadata,
    Column("partner", String(32), primary_key=True),
    Column("sequence", Integer, primary_key=True, autoincrement=False),
    Column("created_at", String(20), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("statements", Integer, nullable=False),
    Column("withdrawals", Integer, nullable=False),
    Column("judgements", Integer, nullable=False),
    Column("content", LargeBinary, nullable=True),
)
"""Bundles this node built, per partner and sequence number (gzip content kept for pulls)."""

share_inbox = Table(
    "share_inbox",
    metadata,
    Column("sender", String(32), primary_key=True),
    Column("sequence", Integer, primary_key=True, autoincrement=False),
    Column("sha256", String(64), nullable=False),
    Column("imported_at", String(20), nullable=False),
    Column("statements", Integer, nullable=False),
    Column("withdrawals", Integer, nullable=False),
    Column("judgements", Integer, nullable=False),
)
"""Bundles this node imported: the sequence check (no replays, no silent gaps) reads it."""

share_sent = Table(
    "share_sent",
    metadata,
    Column("partner", String(32), primary_key=True),
    Column("statement_id", String(40), primary_key=True),
    Column("marking", String(16), nullable=False),
)
"""What each partner already received, with a digest of the marking it was sent under."""

share_sent_judgements = Table(
    "share_sent_judgements",
    metadata,
    Column("partner", String(32), primary_key=True),
    Column("judgement", String(40), primary_key=True),
)

share_received_judgements = Table(
    "share_received_judgements",
    metadata,
    Column("judgement", String(40), primary_key=True),
    Column("sender", String(32), nullable=False),
)

share_psi_tags = Table(
    "share_psi_tags",
    metadata,
    Column("set_name", String(16), primary_key=True),
    Column("key", String(300), primary_key=True),
    Column("value", Text, nullable=False),
    Column("tag", String(16), nullable=False),
    Index("ix_share_psi_tags_value", "value"),
)
"""The holder's blinded selectors ``H(key)^b`` (truncated), kept up to date incrementally."""

share_watches = Table(
    "share_watches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("target", String(300), nullable=False),
    Column("created_by", String(160), nullable=False),
    Column("created_at", String(20), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
)

share_alerts = Table(
    "share_alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("ref", String(120), nullable=False),
    Column("statement_id", String(40), nullable=False, default=""),
    Column("entity_id", String(255), nullable=False, default=""),
    Column("partner", String(32), nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    Column("created_at", String(20), nullable=False),
    UniqueConstraint("kind", "ref", "statement_id", "partner", name="uq_share_alerts_once"),
)
"""Alerts raised by watchlists, hits on this node's data and deconfliction matches."""

share_targets = Table(
    "share_targets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency", String(32), nullable=False),
    Column("operation", String(64), nullable=False),
    Column("key", String(300), nullable=False),
    Column("created_by", String(160), nullable=False),
    Column("created_at", String(20), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
)
"""Targets of live operations registered for deconfliction (selector keys)."""

share_consent = Table(
    "share_consent",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("direction", String(8), nullable=False),
    Column("requester", String(32), nullable=False),
    Column("originator", String(32), nullable=False),
    Column("recipient", String(32), nullable=False),
    Column("statement_ids", Text, nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("status", String(16), nullable=False),
    Column("answer", Text, nullable=False, default=""),
    Column("created_by", String(160), nullable=False),
    Column("created_at", String(20), nullable=False),
    Column("answered_at", String(20), nullable=True),
)
"""Onward-release requests: sent by a sharing officer, answered by the originator's node."""

joint_operations = Table(
    "joint_operations",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("lead", String(32), nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("compartment", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("action_at", String(20), nullable=True),
    Column("baseline", Text, nullable=True),
    Column("created_by", String(160), nullable=False),
    Column("created_at", String(20), nullable=False),
    Column("updated_at", String(20), nullable=False),
)
"""Joint operations led from this node (corridor.operations); seen only inside the compartment."""

joint_operation_partners = Table(
    "joint_operation_partners",
    metadata,
    Column("operation", String(64), primary_key=True),
    Column("agency", String(32), primary_key=True),
    Column("timezone", String(64), nullable=False),
)

joint_operation_targets = Table(
    "joint_operation_targets",
    metadata,
    Column("operation", String(64), primary_key=True),
    Column("entity_id", String(255), primary_key=True),
    Column("label", Text, nullable=False, default=""),
    Column("chosen_from", String(32), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("selectors", Text, nullable=False, default="[]"),
    Column("country", String(2), nullable=False, default=""),
    Column("action", String(16), nullable=False, default=""),
    Column("assigned_to", String(32), nullable=False, default=""),
    Column("tasked_at", String(20), nullable=True),
    Column("added_by", String(160), nullable=False),
    Column("added_at", String(20), nullable=False),
)

joint_operation_conflicts = Table(
    "joint_operation_conflicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("operation", String(64), nullable=False),
    Column("partner", String(32), nullable=False),
    Column("selector", String(300), nullable=False),
    Column("contact", Text, nullable=False, default=""),
    Column("detected_at", String(20), nullable=False),
    Column("lead_ack_by", String(160), nullable=True),
    Column("lead_ack_at", String(20), nullable=True),
    Column("partner_ack_by", String(160), nullable=True),
    Column("partner_ack_at", String(20), nullable=True),
    UniqueConstraint("operation", "partner", "selector", name="uq_joint_operation_conflicts_once"),
)
"""Deconfliction hits of an operation's targets; approval waits until both sides acknowledge."""

joint_operation_events = Table(
    "joint_operation_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("operation", String(64), nullable=False),
    Column("at", String(20), nullable=False),
    Column("agency", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False, default=""),
)
"""The operation's timeline (status changes, tasking, action-day moments), times in UTC."""
