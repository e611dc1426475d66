"""Benchmark scenario generation: time, peak memory and volume per size.

Run as ``.venv/bin/python bench/bench_scenario.py [--sizes tiny,demo,large] [--seed S]``.
Each size is generated in a child process into a temporary directory, so that its peak
resident memory is its own: the child reports ``ru_maxrss`` and its CPU time, and the
parent samples the child's RSS with psutil as a cross-check. Results go to
``bench/results/scenario.json`` with the machine they were measured on; sizes not run
this time keep their previous results.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from _common import RESULTS, write_results

RESULT_FILE = RESULTS / "scenario.json"

CHILD = """
import json, resource, sys, time
from pathlib import Path
from corridor.scenario import generate

out, size, seed, people = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
wall = time.perf_counter()
cpu = time.process_time()
summary = generate(Path(out), size=size, seed=seed, people=int(people) if people else None)
report = {
    "wall_seconds": round(time.perf_counter() - wall, 2),
    "cpu_seconds": round(time.process_time() - cpu, 2),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    "summary": summary,
}
print(json.dumps(report))
"""


def _sample(pid: int, peak: list[int], stop: threading.Event) -> None:
    try:
        process = psutil.Process(pid)
        while not stop.is_set():
            peak[0] = max(peak[0], process.memory_info().rss)
            stop.wait(0.2)
    except psutil.Error:
        return


def _size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(size: str, seed: int, people: int | None) -> dict[str, Any]:
    """Generate one size in a child process and measure it."""
    with tempfile.TemporaryDirectory(prefix=f"corridor-bench-{size}-") as tmp:
        out = Path(tmp) / "scenario"
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(out), size, str(seed), str(people or "")],
            stdout=subprocess.PIPE,
            text=True,
        )
        peak = [0]
        stop = threading.Event()
        sampler = threading.Thread(target=_sample, args=(child.pid, peak, stop), daemon=True)
        sampler.start()
        stdout, _ = child.communicate()
        stop.set()
        sampler.join()
        if child.returncode != 0:
            raise SystemExit(f"generation of {size} failed with exit code {child.returncode}")
        report = json.loads(stdout.strip().splitlines()[-1])
        summary = report.pop("summary")
        truth = out / summary["truth"]
        return {
            "size": size,
            "seed": seed,
            "people": summary["true_persons"],
            **report,
            "elapsed_seconds": round(time.perf_counter() - started, 2),
            "sampled_peak_rss_mb": round(peak[0] / 2**20, 1),
            "organisations": summary["organisations"],
            "records": summary["records"],
            "person_records": summary["person_records"],
            "statements_estimate": summary["statements_estimate"],
            "records_per_agency": summary["records_per_agency"],
            "files": len(summary["files"]),
            "truth_file": summary["truth"],
            "truth_mb": round(truth.stat().st_size / 2**20, 1),
            "output_mb": round(_size_of(out) / 2**20, 1),
        }


def main() -> None:
    """Run the requested sizes and write ``bench/results/scenario.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="tiny,demo", help="comma-separated sizes (tiny, demo, large)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--people", type=int, default=None, help="override the number of true persons")
    args = parser.parse_args()
    runs = []
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        result = run(size, args.seed, args.people)
        print(
            f"{size:>6}: {result['wall_seconds']:>8.1f} s wall, {result['cpu_seconds']:>8.1f} s CPU, "
            f"peak {result['peak_rss_mb']:>7.1f} MB, {result['records']:>9,} records, "
            f"{result['person_records']:>9,} person records, ~{result['statements_estimate']:,} statements"
        )
        runs.append(result)
    previous: dict[str, Any] = json.loads(RESULT_FILE.read_text(encoding="utf-8")) if RESULT_FILE.is_file() else {}
    by_size = {r["size"]: r for r in previous.get("runs", [])}
    by_size.update({r["size"]: r for r in runs})
    named = ("tiny", "demo", "large")
    order = [s for s in named if s in by_size] + [s for s in by_size if s not in named]
    write_results(
        "scenario",
        {
            "note": "wall time depends on machine load (see load_average); cpu_seconds is the child's own CPU time",
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "runs": [by_size[s] for s in order],
        },
    )


if __name__ == "__main__":
    main()
