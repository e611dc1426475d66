"""The bulk write path: plain-tuple rows, and SQLite's deferred indexes around a large load.

A load that outgrows the table drops the statements' secondary indexes inside its
transaction and rebuilds them before the commit. These tests hold it to that: the indexes
come back exactly as declared, a failed or killed load leaves them (and the data) as they
were, and small loads into a larger table never pay for a rebuild.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, text

from corridor.access import Node
from corridor.model import parse_marking, statement_id
from corridor.store import StatementRow

MARK = parse_marking("B2 P")
SEEN = "2026-01-01T00:00:00Z"
BATCH = 200


def person_rows(first: int, count: int, source: str = "bulk") -> Iterator[StatementRow]:
    """Three statements per person: the base one, a name and a phone (a selector)."""
    for i in range(first, first + count):
        entity = f"gb-nca.b{i:06d}"
        yield (entity, "Person", "id", entity, None, None, source, "GB-NCA", MARK, SEEN, SEEN, False)
        yield (entity, "Person", "name", f"Person {i}", None, None, source, "GB-NCA", MARK, SEEN, SEEN, False)
        yield (entity, "Person", "phone", f"+38164{i:07d}", None, None, source, "GB-NCA", MARK, SEEN, SEEN, False)


def statement_indexes(conn: Connection) -> set[tuple[str, str]]:
    """Name and definition of every index on the statements table."""
    if conn.dialect.name == "postgresql":
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'statements'"
    else:
        query = "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'statements'"
    return {(row[0], row[1]) for row in conn.execute(text(query))}


def traced_drops(conn: Connection, seen: list[str] | None = None) -> list[str]:
    """Start recording (into ``seen``) the DROP INDEX statements SQLite runs on this connection."""
    seen = [] if seen is None else seen
    raw: Any = conn.connection.driver_connection
    raw.set_trace_callback(lambda sql: seen.append(sql) if sql.startswith("DROP INDEX") else None)
    return seen


def test_large_load_rebuilds_every_index_and_reads_by_them(node: Node) -> None:
    with node.store.engine.connect() as conn:
        before = statement_indexes(conn)
    assert any("entity_id" in name for name, _ in before)
    with node.store.transaction() as conn:
        drops = traced_drops(conn) if conn.dialect.name == "sqlite" else None
        written = node.store.write_rows(conn, person_rows(0, 1000), batch_size=BATCH)
    assert written == 3000
    if drops is not None:
        assert len(drops) >= 2, "a load 15 batches long into an empty table defers its indexes"
    with node.store.engine.connect() as conn:
        assert statement_indexes(conn) == before
        keys = {row[0] for row in conn.execute(text("SELECT id FROM statements WHERE entity_id = 'gb-nca.b000123'"))}
    assert keys == {
        statement_id("GB-NCA", "bulk", "gb-nca.b000123", p, v)
        for p, v in (
            ("id", "gb-nca.b000123"),
            ("name", "Person 123"),
            ("phone", "+381640000123"),
        )
    }
    view = node.store.view(node.principal())
    assert view.entity("gb-nca.b000777").get("name") == ["Person 777"]
    found = {s.entity_id for s in view.statements(props=["phone"], values=["+381640000042"])}
    assert found == {"gb-nca.b000042"}


def test_small_load_into_a_larger_table_keeps_its_indexes(node: Node) -> None:
    # Only SQLite ever defers indexes; on PostgreSQL the indexes must simply stay as they are.
    sqlite = node.store.engine.dialect.name == "sqlite"
    with node.store.transaction() as conn:
        node.store.write_rows(conn, person_rows(0, 1000), batch_size=BATCH)
    with node.store.engine.connect() as conn:
        before = statement_indexes(conn)
    with node.store.transaction() as conn:
        drops = traced_drops(conn) if sqlite else []
        node.store.write_rows(conn, person_rows(1000, 300), batch_size=BATCH)
    assert drops == []
    with node.store.engine.connect() as conn:
        assert statement_indexes(conn) == before
    assert node.store.count_statements() == 3900


def test_reloading_the_same_rows_is_idempotent(node: Node) -> None:
    for _ in range(2):
        with node.store.transaction() as conn:
            node.store.write_rows(conn, person_rows(0, 500), batch_size=BATCH)
    assert node.store.count_statements() == 1500


class Boom(Exception):
    """Raised by a row source half-way through a load."""


def test_failed_large_load_leaves_indexes_and_data_as_they_were(node: Node) -> None:
    with node.store.transaction() as conn:
        node.store.write_rows(conn, person_rows(0, 10), batch_size=BATCH)
    with node.store.engine.connect() as conn:
        before = statement_indexes(conn)

    def failing() -> Iterator[StatementRow]:
        yield from person_rows(100, 900)
        raise Boom

    drops: list[str] = []

    def load() -> None:
        with node.store.transaction() as conn:
            if conn.dialect.name == "sqlite":
                traced_drops(conn, drops)
            node.store.write_rows(conn, failing(), batch_size=BATCH)

    with pytest.raises(Boom):
        load()
    if node.store.engine.dialect.name == "sqlite":
        assert drops, "the load failed after its indexes were deferred"
    with node.store.engine.connect() as conn:
        assert statement_indexes(conn) == before
    assert node.store.count_statements() == 30


KILLED_WRITER = """
import sys, time
from pathlib import Path
from corridor.core import database_url
from corridor.model import parse_marking
from corridor.store import Store

url, marker, batch = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
mark = parse_marking("B2 P")
seen = "2026-01-01T00:00:00Z"

def rows():
    for i in range(1_000_000):
        if i == 4 * batch:
            marker.write_text("\\n".join(drops) or "none")
            time.sleep(120)
        entity = f"gb-nca.k{i:07d}"
        yield (entity, "Person", "name", f"Killed {i}", None, None, "kill", "GB-NCA", mark, seen, seen, False)

drops = []
with Store.open(database_url(url)) as store, store.transaction() as conn:
    raw = conn.connection.driver_connection
    if conn.dialect.name == "sqlite":
        raw.set_trace_callback(lambda sql: drops.append(sql) if sql.startswith("DROP INDEX") else None)
    store.write_rows(conn, rows(), batch_size=batch)
"""


@pytest.mark.slow
def test_kill_during_a_deferred_index_load_leaves_the_store_as_it_was(node: Node, tmp_path: Path) -> None:
    with node.store.transaction() as conn:
        node.store.write_rows(conn, person_rows(0, 10), batch_size=BATCH)
    with node.store.engine.connect() as conn:
        before = statement_indexes(conn)
    marker = tmp_path / "deferred"
    url = node.settings.db
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, url, str(marker), str(BATCH)])
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the writer ended before it could be killed"
        time.sleep(0.1)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    if node.store.engine.dialect.name == "sqlite":
        assert "DROP INDEX" in marker.read_text(encoding="utf-8"), "killed while the indexes were deferred"
    with Node.open(node.settings) as reopened:
        with reopened.store.engine.connect() as conn:
            assert statement_indexes(conn) == before
            if conn.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert reopened.store.count_statements() == 30
        assert reopened.store.view(reopened.principal()).entity("gb-nca.b000003").get("name") == ["Person 3"]
