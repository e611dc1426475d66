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
    Index("ix_statements_entity_id", "entity_id"),
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
