"""Reads during a long ingest on SQLite: published-at-once loads against one long transaction.

An ingest process loads a generated CSV while reader threads in this process do what
the workbench does per request: open the door (``Node.view``, which writes a consultation
audit entry) and read a visible entity. Measured for corridor's ingest (short
transactions into a pending load, published at once) and for the design it replaced (the
whole file in one transaction, reproduced by swapping ``Store.loading``): read latency
percentiles, failed reads, and the ingest's own wall and CPU seconds (what chunking costs).

    python bench/bench_reads_during_ingest.py [--rows 60000] [--readers 4]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from _common import write_results

MAPPING = {
    "entities": {
        "person": {
            "schema": "Person",
            "id_column": "id",
            "properties": {
                "name": {"columns": ["first", "last"], "join": " "},
                "birthDate": {"column": "born"},
                "phone": {"column": "phone"},
                "nationality": {"column": "country"},
            },
        }
    }
}


def write_people(path: Path, prefix: str, count: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,first,last,born,phone,country\n")
        for i in range(count):
            handle.write(f"{prefix}{i},Marko{i % 89},Petrovic{i % 997},1980-01-0{1 + i % 9},+38164{i:07d},rs\n")


@contextmanager
def one_transaction_loading(store: Any, kind: str, source: str, agency: str, *, chunk: int) -> Iterator[Any]:
    """The replaced design: every row and the audit entry in one write transaction."""

    class _Load:
        def __init__(self, conn: Any) -> None:
            self.conn = conn

        def write(self, rows: Any) -> int:
            return int(store.write_rows(self.conn, rows, batch_size=chunk))

        @contextmanager
        def publishing(self) -> Iterator[Any]:
            yield self.conn

    with store.transaction() as conn:
        yield _Load(conn)


def ingest_job(db: str, data: str, mapping: str, design: str) -> None:
    """The ingest process (``--job``): corridor's ingest, or with the one-transaction loader."""
    from corridor.access import Node
    from corridor.core import Settings
    from corridor.ingest import ingest_file
    from corridor.model import parse_marking
    from corridor.store import Store

    if design == "one-transaction":
        Store.loading = lambda self, kind, source, agency, *, chunk=20_000: one_transaction_loading(  # type: ignore[method-assign]
            self, kind, source, agency, chunk=chunk
        )
    with Node.open(Settings(db=db)) as node:
        ingest_file(
            node, node.principal(), Path(data), agency="GB-NCA", marking=parse_marking("B2 P"), mapping=Path(mapping)
        )


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0


def measure(work: Path, design: str, rows: int, readers: int) -> dict[str, Any]:
    from corridor.access import Node
    from corridor.core import BackendUnavailable, Settings
    from corridor.ingest import ingest_file
    from corridor.model import Agency, User, parse_marking

    db = str(work / f"{design}.db")
    keys = work / f"{design}.keys"
    mapping = work / "people.yml"
    before, data = work / "before.csv", work / "long.csv"
    with Node.initialise(Settings(db=db, key_dir=keys), "GB-NCA") as node:
        with node.store.transaction() as conn:
            node.store.replace_partners(
                conn,
                agencies=[Agency("GB-NCA", "NCA", "GB")],
                users=[User("GB-NCA", "analyst", frozenset({"analyst"}))],
                operations=[],
                agreements=[],
            )
        ingest_file(node, node.principal(), before, agency="GB-NCA", marking=parse_marking("B2 P"), mapping=mapping)
    latencies: list[float] = []
    failures: list[str] = []
    done = threading.Event()
    env = {**os.environ, "CORRIDOR_KEY_DIR": str(keys), "CORRIDOR_LOG_LEVEL": "WARNING"}
    job = [sys.executable, __file__, "--job", design, db, str(data), str(mapping)]

    def reader(number: int) -> None:
        with Node.open(Settings(db=db, key_dir=keys)) as node:
            principal = node.principal("GB-NCA/analyst")
            i = number
            while not done.is_set():
                started = time.perf_counter()
                try:
                    view = node.view(principal, purpose="bench", objects={"id": f"gb-nca.V{i % 50}"})
                    view.entity(f"gb-nca.V{i % 50}")
                except BackendUnavailable as exc:
                    failures.append(str(exc))
                # failed reads count too: their time is what the analyst waited for nothing
                latencies.append((time.perf_counter() - started) * 1000)
                i += readers

    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()
    started = time.perf_counter()
    proc = subprocess.Popen(job, env=env)
    threads = [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    proc.wait()
    ingest_wall = time.perf_counter() - started
    done.set()
    for thread in threads:
        thread.join()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise RuntimeError(f"{design} ingest failed with exit {proc.returncode}")
    with Node.open(Settings(db=db, key_dir=keys)) as node:
        statements = node.store.count_statements()
    return {
        "design": design,
        "rows": rows,
        "statements": statements,
        "ingest_wall_s": round(ingest_wall, 1),
        "ingest_cpu_s": round(
            (children.ru_utime - children_before.ru_utime) + (children.ru_stime - children_before.ru_stime), 1
        ),
        "reads": len(latencies),  # failed ones included (and in read_ms)
        "failed_reads": len(failures),
        "failure_example": failures[0] if failures else None,
        "read_ms": {
            "p50": pct(latencies, 0.5),
            "p95": pct(latencies, 0.95),
            "p99": pct(latencies, 0.99),
            "max": round(max(latencies), 1) if latencies else None,
            "mean": round(statistics.fmean(latencies), 1) if latencies else None,
        },
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=60_000, help="people in the loaded file (5 statements each)")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--job", nargs=4, metavar=("DESIGN", "DB", "DATA", "MAPPING"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:
        design, db, data, mapping = args.job
        ingest_job(db, data, mapping, design)
        return
    with tempfile.TemporaryDirectory(prefix="corridor-bench-reads-") as tmp:
        work = Path(tmp)
        (work / "people.yml").write_text(yaml.safe_dump(MAPPING))
        write_people(work / "before.csv", "V", 50)
        write_people(work / "long.csv", "L", args.rows)
        results = {}
        for design in ("published-at-once", "one-transaction"):
            results[design] = measure(work, design, args.rows, args.readers)
            print(results[design], flush=True)
    chunked, single = results["published-at-once"], results["one-transaction"]
    write_results(
        "reads_during_ingest",
        {
            "backend": "sqlite",
            "readers": args.readers,
            "note": (
                "each read = Node.view (writes a consultation audit entry) + View.entity; the ingest runs in its "
                "own process; CPU seconds are the ingest process's; the machine is shared (see loadavg)"
            ),
            "results": results,
            "ratios": {
                "max_read_wait_one_transaction_over_published": round(
                    (single["read_ms"]["max"] or 0) / max(chunked["read_ms"]["max"] or 1, 1), 1
                ),
                "ingest_cpu_published_over_one_transaction": round(
                    chunked["ingest_cpu_s"] / max(single["ingest_cpu_s"], 0.1), 2
                ),
            },
        },
    )


if __name__ == "__main__":
    main()
