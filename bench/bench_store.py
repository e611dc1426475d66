"""Store benchmark: statements/s written and read, and entity reads by id, at 1M statements.

Writes ``bench/results/store.json``. Compares SQLite and PostgreSQL in the same run, and a
plain ``sqlite3`` executemany of the same rows as the floor a hand-written loader would get.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_memory, postgres_url, write_results

from corridor.access import Node
from corridor.core import Settings
from corridor.model import parse_marking
from corridor.store import StatementRow
from corridor.store import tables as schema
from corridor.store._dialect import STATEMENT_COLUMNS, UPSERT_TAIL

BATCH = 20_000
PROPS = ("name", "birthDate", "nationality", "phone", "passportNumber")


def rows(count: int) -> Iterator[StatementRow]:
    """Deterministic person statements as ``Store.write_rows`` takes them, six per entity."""
    marking = parse_marking("B2 P")
    seen = "2026-01-01T00:00:00Z"
    for i in range(count // (len(PROPS) + 1)):
        entity = f"gb-nca.p{i:08d}"
        values = (
            ("id", entity),
            ("name", f"Person Number {i}"),
            ("birthDate", f"19{i % 90 + 10}-0{i % 9 + 1}-1{i % 9}"),
            ("nationality", ("rs", "mk", "al", "tr", "af")[i % 5]),
            ("phone", f"+38164{i:07d}"),
            ("passportNumber", f"P{i:08d}"),
        )
        for prop, value in values:
            yield (entity, "Person", prop, value, None, None, "bench", "GB-NCA", marking, seen, seen, False)


def run_backend(name: str, url: str, key_dir: Path, count: int) -> dict[str, Any]:
    """Write ``count`` statements, stream them back, and read entities by id."""
    settings = Settings(db=url, key_dir=key_dir)
    with Node.initialise(settings, "GB-NCA") as node:
        load_before = os.getloadavg()[0]
        with peak_memory() as mem_write:
            start, cpu = time.perf_counter(), time.process_time()
            with node.store.transaction() as conn:
                written = node.store.write_rows(conn, rows(count))
            write_s, write_cpu = time.perf_counter() - start, time.process_time() - cpu
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
        "write_cpu_seconds": round(write_cpu, 2),
        "write_statements_per_cpu_s": round(written / write_cpu),
        "write_peak_rss_mib": mem_write.peak_mib,
        "read_seconds": round(read_s, 2),
        "read_statements_per_s": round(read / read_s),
        "read_peak_rss_mib": mem_read.peak_mib,
        "entity_by_id_ms": {
            "mean": round(statistics.mean(latencies), 3),
            "p50": round(latencies[len(latencies) // 2], 3),
            "p95": round(latencies[int(len(latencies) * 0.95)], 3),
        },
        "loadavg_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(result)
    return result


def plain_sqlite(path: Path, count: int) -> dict[str, Any]:
    """The same rows through bare ``sqlite3.executemany``, into the same table, indexes and upsert.

    What a hand-written loader of this schema would get: corridor's own DDL and upsert
    statement, the same SHA-1 keys, one ``executemany`` per batch, no corridor code.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-262144")
    engine = create_engine(f"sqlite:///{path}")
    schema.metadata.create_all(engine, tables=[schema.statements])
    engine.dispose()
    columns = ", ".join(STATEMENT_COLUMNS)
    marks = ", ".join("?" for _ in STATEMENT_COLUMNS)
    sql = f"INSERT INTO statements ({columns}) VALUES ({marks}){UPSERT_TAIL}"  # noqa: S608
    load_before = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN IMMEDIATE")
    batch: list[tuple[Any, ...]] = []
    for e, sch, prop, value, lang, orig, src, org, _, first, last, gone in rows(count):
        key = hashlib.sha1(f"{org}\x1f{src}\x1f{e}\x1f{prop}\x1f{value}".encode()).hexdigest()  # noqa: S324
        batch.append((key, e, sch, prop, value, lang, orig, src, org, 1, first, last, gone, 0))
        if len(batch) >= BATCH:
            conn.executemany(sql, batch)
            batch = []
    conn.executemany(sql, batch)
    conn.execute("COMMIT")
    seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    return {
        "backend": "sqlite3-executemany (reference: same table, indexes, upsert and keys)",
        "statements": count,
        "write_seconds": round(seconds, 2),
        "write_statements_per_s": round(count / seconds),
        "write_cpu_seconds": round(cpu_s, 2),
        "write_statements_per_cpu_s": round(count / cpu_s),
        "loadavg_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
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
            "ratio_sqlite_write_cpu_vs_plain_executemany": round(
                results[0]["write_statements_per_cpu_s"] / reference["write_statements_per_cpu_s"], 2
            ),
            "note": "machine shared with other engineers' jobs: loadavg_1min is recorded before and after each "
            "write; statements per CPU-second (this process, every thread) is the figure the load disturbs least",
            "goals": {"sqlite_write_statements_per_s": 100_000, "entity_by_id_ms": 1.0},
        },
    )


if __name__ == "__main__":
    main()
