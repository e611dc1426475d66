"""Store benchmark: statements/s written and read, and entity reads by id, at 1M statements.

Writes ``bench/results/store.json``. Compares SQLite and PostgreSQL in the same run, and a
plain ``sqlite3`` executemany of the same rows as the floor a hand-written loader would get.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_memory, postgres_url, write_results

from corridor.access import Node
from corridor.core import Settings
from corridor.model import Statement, parse_marking

PROPS = ("name", "birthDate", "nationality", "phone", "passportNumber")


def statements(count: int) -> Iterator[Statement]:
    """Deterministic person statements, five per entity (plus the base one)."""
    marking = parse_marking("B2 P")
    per_entity = len(PROPS) + 1
    seen = "2026-01-01T00:00:00Z"
    for i in range(count // per_entity):
        entity = f"gb-nca.p{i:08d}"
        yield Statement(entity, "Person", "id", entity, "bench", "GB-NCA", marking, seen, seen)
        yield Statement(entity, "Person", "name", f"Person Number {i}", "bench", "GB-NCA", marking, seen, seen)
        yield Statement(
            entity,
            "Person",
            "birthDate",
            f"19{i % 90 + 10}-0{i % 9 + 1}-1{i % 9}",
            "bench",
            "GB-NCA",
            marking,
            seen,
            seen,
        )
        yield Statement(
            entity,
            "Person",
            "nationality",
            ("rs", "mk", "al", "tr", "af")[i % 5],
            "bench",
            "GB-NCA",
            marking,
            seen,
            seen,
        )
        yield Statement(entity, "Person", "phone", f"+38164{i:07d}", "bench", "GB-NCA", marking, seen, seen)
        yield Statement(entity, "Person", "passportNumber", f"P{i:08d}", "bench", "GB-NCA", marking, seen, seen)


def run_backend(name: str, url: str, key_dir: Path, count: int) -> dict[str, Any]:
    """Write ``count`` statements, stream them back, and read entities by id."""
    settings = Settings(db=url, key_dir=key_dir)
    with Node.initialise(settings, "GB-NCA") as node:
        with peak_memory() as mem_write:
            start = time.perf_counter()
            with node.store.transaction() as conn:
                written = node.store.write_statements(conn, statements(count))
            write_s = time.perf_counter() - start
        view = node.store.view(node.principal())
        with peak_memory() as mem_read:
            start = time.perf_counter()
            read = sum(1 for _ in view.statements())
            read_s = time.perf_counter() - start
        entities = count // (len(PROPS) + 1)
        rng = random.Random(1)
        ids = [f"gb-nca.p{rng.randrange(entities):08d}" for _ in range(2000)]
        view.entity(ids[0])
        latencies = []
        for entity_id in ids:
            t0 = time.perf_counter()
            view.entity(entity_id)
            latencies.append((time.perf_counter() - t0) * 1000)
        latencies.sort()
    result = {
        "backend": name,
        "statements": written,
        "write_seconds": round(write_s, 2),
        "write_statements_per_s": round(written / write_s),
        "write_peak_rss_mib": mem_write.peak_mib,
        "read_seconds": round(read_s, 2),
        "read_statements_per_s": round(read / read_s),
        "read_peak_rss_mib": mem_read.peak_mib,
        "entity_by_id_ms": {
            "mean": round(statistics.mean(latencies), 3),
            "p50": round(latencies[len(latencies) // 2], 3),
            "p95": round(latencies[int(len(latencies) * 0.95)], 3),
        },
    }
    print(result)
    return result


def plain_sqlite(path: Path, count: int) -> dict[str, Any]:
    """The same rows through bare ``sqlite3.executemany`` into an indexed table, no corridor."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(
        "CREATE TABLE s (id TEXT PRIMARY KEY, entity_id TEXT, schema TEXT, prop TEXT, value TEXT, source TEXT, origin TEXT)"
    )
    conn.execute("CREATE INDEX s_e ON s(entity_id)")
    conn.execute("CREATE INDEX s_pv ON s(prop, value)")
    start = time.perf_counter()
    rows = ((s.id, s.entity_id, s.schema, s.prop, s.value, s.source, s.origin) for s in statements(count))
    with conn:
        conn.executemany("INSERT OR REPLACE INTO s VALUES (?,?,?,?,?,?,?)", rows)
    seconds = time.perf_counter() - start
    conn.close()
    return {
        "backend": "sqlite3-executemany (reference)",
        "statements": count,
        "write_seconds": round(seconds, 2),
        "write_statements_per_s": round(count / seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        results.append(run_backend("sqlite", str(base / "bench.db"), base / "keys1", args.statements))
        reference = plain_sqlite(base / "plain.db", args.statements)
        results.append(reference)
        if not args.no_postgres:
            with postgres_url() as admin:
                if admin:
                    import psycopg

                    with psycopg.connect(admin, autocommit=True) as conn:
                        conn.execute("CREATE DATABASE bench")
                    results.append(
                        run_backend("postgresql", admin.rsplit("/", 1)[0] + "/bench", base / "keys2", args.statements)
                    )
    sqlite_rate = results[0]["write_statements_per_s"]
    write_results(
        "store",
        {
            "sizes": {"statements": args.statements, "entities": args.statements // (len(PROPS) + 1)},
            "results": results,
            "ratio_sqlite_write_vs_plain_executemany": round(sqlite_rate / reference["write_statements_per_s"], 2),
            "goals": {"sqlite_write_statements_per_s": 100_000, "entity_by_id_ms": 1.0},
        },
    )


if __name__ == "__main__":
    main()
