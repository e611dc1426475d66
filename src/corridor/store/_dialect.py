"""Every difference between SQLite and PostgreSQL that the store cares about, in one place.

Bulk writes are the hot path: SQLite takes a batched ``executemany`` of an upsert straight
through the driver; PostgreSQL takes ``COPY`` into a temporary table followed by one
``INSERT … SELECT … ON CONFLICT``, which is an order of magnitude faster than row inserts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

STATEMENT_COLUMNS = (
    "id",
    "entity_id",
    "schema",
    "prop",
    "value",
    "lang",
    "original_value",
    "source",
    "origin",
    "marking_id",
    "first_seen",
    "last_seen",
    "withdrawn",
    "batch",
)

# A re-ingest of a known statement only moves last_seen forward, takes the new marking
# (a re-grading) and clears a withdrawal: the statement's key never changes.
UPSERT_TAIL = (
    " ON CONFLICT (id) DO UPDATE SET"
    " last_seen = CASE WHEN excluded.last_seen > statements.last_seen"
    " THEN excluded.last_seen ELSE statements.last_seen END,"
    " first_seen = CASE WHEN excluded.first_seen < statements.first_seen"
    " THEN excluded.first_seen ELSE statements.first_seen END,"
    " marking_id = excluded.marking_id,"
    " withdrawn = excluded.withdrawn"
)


def is_postgres(conn: Connection) -> bool:
    """Whether the connection talks to PostgreSQL."""
    return conn.dialect.name == "postgresql"


def upsert_statements(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert or refresh statement rows given in ``STATEMENT_COLUMNS`` order."""
    if not rows:
        return
    columns = ", ".join(STATEMENT_COLUMNS)
    if is_postgres(conn):
        _copy_upsert(conn, rows, columns)
        return
    marks = ", ".join("?" for _ in STATEMENT_COLUMNS)
    sql = f"INSERT INTO statements ({columns}) VALUES ({marks}){UPSERT_TAIL}"  # noqa: S608
    conn.exec_driver_sql(sql, list(rows))


def stored_rows(conn: Connection) -> int:
    """About how many statement rows the store holds, cheaply (SQLite only).

    Statements are never deleted, so the largest rowid is their count, read from the end of
    the table's B-tree instead of by counting a million rows.
    """
    return int(conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM statements").scalar() or 0)


def drop_secondary_indexes(conn: Connection) -> list[str]:
    """Drop the statements table's secondary indexes; returns the SQL that recreates them (SQLite).

    Used around a bulk load that outgrows the table: sorting every row once into a new
    index costs less than inserting each row into each index in key order of arrival.
    Only the key's own index stays, as the upsert needs it. SQLite's DDL is
    transactional, so a kill before the commit leaves the indexes as they were; and WAL
    readers keep reading the committed schema (with its indexes) meanwhile.
    """
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'statements' AND sql IS NOT NULL"
    ).all()
    for name, _ in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]


def create_indexes(conn: Connection, statements: Sequence[str]) -> None:
    """Recreate indexes from the SQL ``drop_secondary_indexes`` returned."""
    for sql in statements:
        conn.exec_driver_sql(sql)


def _copy_upsert(conn: Connection, rows: Sequence[tuple[Any, ...]], columns: str) -> None:
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS statements_load (LIKE statements INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        )
        cursor.execute("TRUNCATE statements_load")
        with cursor.copy(f"COPY statements_load ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # Rows repeated inside one batch would make ON CONFLICT touch a row twice.
        cursor.execute(
            f"INSERT INTO statements ({columns}) "  # noqa: S608
            f"SELECT DISTINCT ON (id) {columns} FROM statements_load ORDER BY id, last_seen DESC" + UPSERT_TAIL
        )


def lock_audit_chain(conn: Connection) -> None:
    """Serialise writers of the audit chain until the transaction ends.

    SQLite transactions already start with ``BEGIN IMMEDIATE``, which holds the write lock;
    PostgreSQL needs an explicit transaction-scoped advisory lock.
    """
    if is_postgres(conn):
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(872115)")
