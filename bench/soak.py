"""``make soak``: the long versions of the trust tests and the load test, summed in one report.

Runs ``pytest tests/trust`` with ``CORRIDOR_SOAK_SCALE`` (more rounds, principals, faults
and inputs per test) and ``CORRIDOR_SOAK_COUNTS`` (the JSON Lines file each test appends
its counts to, see ``tests/trust/_soak.py``), then ``bench/bench_load.py`` on the large
scenario, and writes ``bench/results/soak.json``: principals × exits checked, faults
injected, inputs fuzzed, items lost or leaked (the goal for both is 0), with the machine,
the date and the scale. ``--counts-only`` sums an existing counts file without running.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import RESULTS, machine

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent
HEADLINES = {
    "principals_x_exits_checked": ("checks",),
    "faults_injected": ("faults",),
    "inputs_fuzzed": ("inputs", "fuzzed", "inputs_fuzzed"),
    "items_lost": ("lost",),
    "items_leaked": ("leaked",),
    "items_written_twice": ("duplicated",),
}
NOT_COUNTS = {"seed", "scale"}


def sum_counts(path: Path) -> dict[str, Any]:
    """Totals per suite and the headline numbers, from the tests' JSON Lines counts."""
    suites: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    runs: dict[str, int] = defaultdict(int)
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            entry = json.loads(line)
            suite = str(entry.pop("suite", "unknown"))
            runs[suite] += 1
            for key, value in entry.items():
                if key not in NOT_COUNTS and isinstance(value, int) and not isinstance(value, bool):
                    suites[suite][key] += value
    totals: dict[str, int] = defaultdict(int)
    for counts in suites.values():
        for key, value in counts.items():
            totals[key] += value
    headline = {name: sum(totals.get(k, 0) for k in keys) for name, keys in HEADLINES.items()}
    by_suite = {s: {"tests": runs[s], **dict(c)} for s, c in sorted(suites.items())}
    return {**headline, "by_suite": by_suite}


def run_pytest(scale: int, counts: Path, extra: list[str]) -> dict[str, Any]:
    env = {**os.environ, "CORRIDOR_SOAK_SCALE": str(scale), "CORRIDOR_SOAK_COUNTS": str(counts)}
    env.setdefault("OMP_WAIT_POLICY", "passive")
    junit = counts.with_suffix(".junit.xml")
    command = [str(BIN / "pytest"), "-p", "no:cacheprovider", "tests/trust", f"--junitxml={junit}", *extra]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)
    result: dict[str, Any] = {"exit": done.returncode, "seconds": round(time.perf_counter() - started)}
    if junit.exists():
        from defusedxml import ElementTree  # type: ignore[import-untyped]

        suite = ElementTree.parse(junit).getroot()
        suite = suite.find("testsuite") if suite.tag == "testsuites" else suite
        if suite is not None:
            result.update({k: int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")})
    return result


def run_load(size: str, seconds: int) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).with_name("bench_load.py")),
        "--size",
        size,
        "--seconds",
        str(seconds),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, check=False)
    result: dict[str, Any] = {"exit": done.returncode, "size": size, "seconds": round(time.perf_counter() - started)}
    load = RESULTS / "load.json"
    if load.exists():
        run = json.loads(load.read_text()).get("runs", {}).get(size, {})
        result.update(
            {
                "ok": run.get("ok"),
                "users": run.get("load", {}).get("users"),
                "statements": run.get("scenario", {}).get("statements"),
                "requests": run.get("latency", {}).get("total", {}).get("requests"),
                "failed_requests": run.get("errors", {}).get("failed_requests"),
                "store_lost": run.get("store", {}).get("lost"),
            }
        )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=int(os.environ.get("CORRIDOR_SOAK_SCALE", "20")))
    parser.add_argument("--counts", type=Path, help="the counts file (default: $CORRIDOR_SOAK_COUNTS)")
    parser.add_argument("--load-size", default=os.environ.get("CORRIDOR_LOAD_SIZE", "large"))
    parser.add_argument("--load-seconds", type=int, default=300)
    parser.add_argument("--no-load", action="store_true", help="skip the load test")
    parser.add_argument("--counts-only", action="store_true", help="only sum an existing counts file")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (e.g. -k faults)")
    args = parser.parse_args()
    counts = args.counts or Path(
        os.environ.get("CORRIDOR_SOAK_COUNTS") or ROOT / "bench" / ".cache" / "soak-counts.jsonl"
    )
    counts.parent.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    report: dict[str, Any] = {"benchmark": "soak", "date": started, "machine": machine(), "scale": args.scale}
    if not args.counts_only:
        counts.unlink(missing_ok=True)
        report["pytest"] = run_pytest(args.scale, counts, args.pytest_args)
        report["load"] = None if args.no_load else run_load(args.load_size, args.load_seconds)
    report.update(sum_counts(counts))
    report["goal"] = {"items_lost": 0, "items_leaked": 0, "items_written_twice": 0}
    met = all(report[k] == 0 for k in report["goal"])
    tests_ok = args.counts_only or report["pytest"]["exit"] == 0
    load_ok = args.counts_only or report.get("load") is None or bool(report["load"].get("ok"))
    report["ok"] = bool(met and tests_ok and load_ok)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "soak.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    headline = {k: report[k] for k in HEADLINES}
    print(f"wrote {out}: {json.dumps(headline)} ok={report['ok']}")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
