"""Shared pieces of the benchmarks: machine facts, peak memory, result files, PostgreSQL."""

from __future__ import annotations

import json
import os
import platform
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

RESULTS = Path(__file__).with_name("results")
sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
    }


@dataclass
class PeakMemory:
    """Peak resident memory of this process while a block runs, sampled every 20 ms."""

    peak_bytes: int = 0

    @property
    def peak_mib(self) -> float:
        """The peak in MiB."""
        return round(self.peak_bytes / 2**20, 1)


@contextmanager
def peak_memory() -> Iterator[PeakMemory]:
    """Sample RSS in a thread while the block runs."""
    process = psutil.Process()
    result = PeakMemory(process.memory_info().rss)
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            result.peak_bytes = max(result.peak_bytes, process.memory_info().rss)
            time.sleep(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield result
    finally:
        stop.set()
        thread.join()
        result.peak_bytes = max(result.peak_bytes, process.memory_info().rss)


def write_results(name: str, data: dict[str, Any]) -> Path:
    """Write ``bench/results/NAME.json`` with the machine facts added."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {
        "benchmark": name,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        **data,
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    return path


@contextmanager
def postgres_url() -> Iterator[str | None]:
    """A throwaway PostgreSQL database URL, or ``None`` if no server can be started."""
    from _pg import throwaway_server

    try:
        with throwaway_server() as admin:
            yield admin
    except (RuntimeError, OSError) as exc:
        print(f"PostgreSQL not available: {exc}")
        yield None
