"""``kill -9`` in the middle of a load that has committed chunks: nothing of it is visible,
the next node open deletes its rows, and a re-run gives the store a clean run gives."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import load_test_partners
from corridor.access import Node
from corridor.core import Settings
from corridor.store import Store, tables
from ingest._helpers import collection_events, run_ingest, statement_rows, write_mapping
from ingest.test_kill import MAPPING, ROWS, write_big_csv
from trust._faults import audit_verifies, corridor, job_env

pytestmark = pytest.mark.slow

COLUMNS = ("id", "entity_id", "prop", "value", "lang", "original_value", "source", "origin")


def rows_in_table(store: Store, source: str) -> int:
    """Rows of ``source`` in the table, published or not (administrative count)."""
    s = tables.statements
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(s).where(s.c.source == source)).scalar() or 0)


def batch_states(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(tables.batches.c.state).order_by(tables.batches.c.id)).scalars())


def test_kill_after_committed_chunks_shows_nothing_then_rerun_matches(store_url: str, tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    with Node.initialise(Settings(db=store_url, key_dir=keys), "GB-NCA") as node:
        load_test_partners(node)
        url = node.settings.database_url
    data = tmp_path / "big.csv"
    write_big_csv(data)
    mapping = write_mapping(tmp_path / "m.yml", MAPPING)
    command = corridor(store_url, "ingest", str(data), "--mapping", str(mapping), "--agency", "RS-MUP", "--marking", "B2 P")  # fmt: skip
    env = {**job_env(keys), "CORRIDOR_BATCH_SIZE": "500"}

    with Store.open(url) as store:  # Store, not Node: opening a node would clear the dead load
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 300
            while rows_in_table(store, data.name) < 2_000 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            assert proc.poll() is None, "the ingest ended before it could be killed; make the file bigger"
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        left = rows_in_table(store, data.name)
        assert left >= 2_000  # committed chunks are in the table ...
        view = store.view(store.principal("GB-NCA"))
        assert view.count() == 0  # ... and nobody sees any of them
        assert store.count_statements() == 0
        assert batch_states(store) == ["pending"]

    with Node.open(Settings(db=store_url, key_dir=keys)) as node:
        assert rows_in_table(node.store, data.name) == 0
        assert batch_states(node.store) == ["discarded"]
        assert collection_events(node) == []
    assert audit_verifies(store_url, keys)

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert audit_verifies(store_url, keys)
    fresh_dir = tmp_path / "fresh"
    fresh_dir.mkdir()
    with Node.initialise(Settings(db=str(fresh_dir / "f.db"), key_dir=fresh_dir / "keys"), "GB-NCA") as fresh:
        load_test_partners(fresh)
        run_ingest(fresh, data, mapping)
        expected = statement_rows(fresh, *COLUMNS)
    with Node.open(Settings(db=store_url, key_dir=keys)) as node:
        got = statement_rows(node, *COLUMNS)
        assert len(collection_events(node)) == 1
        assert batch_states(node.store) == ["discarded", "published"]
        assert node.store.view(node.principal()).count() == len(got)
    assert len(got) > ROWS * 4
    assert got == expected
