"""Resolution quality on a generated scenario, end to end: generate, ingest every file, resolve, score.

Unlike ``bench_resolve.py`` (the large scenario's records parsed by the ingest's mapping
code without a database, to reach 1M, against a plain Splink model), this runs the
scenario generator's own records through ingestion and ``corridor.resolve`` on a SQLite node, and scores the visible clusters against ``truth.json``: the numbers the
issue's "on the demo scenario" goal asks for, with the noise of every missed pair counted
(the truth tags each record with the noise applied to it).

Run: ``.venv/bin/python bench/bench_resolve_scenario.py [--size demo] [--work DIR]``; a work
directory that already holds the ingested store (``ingested.db``) is reused and copied
before each run (ingestion is measured by ``bench_ingest.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_memory, write_results

from corridor.access import Node
from corridor.core import ConfigError, Settings
from corridor.ingest import namespaced_id
from corridor.resolve import evaluate, load_truth, resolve, visible_clusters


def _missed_by_noise(predicted: dict[str, str], truth_path: Path) -> dict[str, int]:
    """True pairs left apart, counted by the noise tags of their two records."""
    data = json.loads(truth_path.read_text(encoding="utf-8"))
    by_person: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for item in data.get("records", []):
        rid = namespaced_id(item["agency"], item["source_id"])
        by_person.setdefault(item["person"], []).append((rid, tuple(item.get("noise", ()))))
    missed: Counter[str] = Counter()
    for rows in by_person.values():
        for i, (a, na) in enumerate(rows):
            for b, nb in rows[i + 1 :]:
                if predicted.get(a, a) != predicted.get(b, b):
                    for tag in set(na + nb) or {"clean"}:
                        missed[tag] += 1
    return dict(missed.most_common())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="demo")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "corridor-bench-resolve-scenario")
    args = parser.parse_args()
    from corridor.scenario import generate

    out = args.work / args.size
    result: dict[str, Any] = {"size": args.size, "seed": args.seed, "load_average_start": os.getloadavg()}
    if not (out / "manifest.json").exists():
        start = time.perf_counter()
        generate(out, size=args.size, seed=args.seed)
        result["generate_seconds"] = round(time.perf_counter() - start, 1)
    ingested, resolved = out / "ingested.db", out / "q.db"
    if ingested.exists():
        try:
            with Node.open(Settings(db=str(ingested), key_dir=out / "keys")):
                pass
        except ConfigError:  # a store of an older schema: ingest again
            ingested.unlink()
    if not ingested.exists():
        sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
        from resolve._scenario import load_scenario

        start = time.perf_counter()
        with Node.initialise(Settings(db=str(ingested), key_dir=out / "keys"), "GB-NCA") as node:
            result["entities"] = load_scenario(node, out)
        result["ingest_seconds"] = round(time.perf_counter() - start, 1)
    # Every run resolves a copy of the ingested store: a store resolved before holds the last
    # run's judgements, which would start this run's clusters.
    shutil.copyfile(ingested, resolved)
    with Node.open(Settings(db=str(resolved), key_dir=out / "keys")) as node:
        start = time.perf_counter()
        with peak_memory() as peak:
            report = resolve(node, node.principal())
        result["resolve_seconds"] = round(time.perf_counter() - start, 1)
        result["peak_rss_mib"] = peak.peak_mib
        result["report"] = report.as_dict()
        predicted = dict(visible_clusters(node, node.principal()))
    truth = load_truth(out / "truth.json")
    result["quality"] = evaluate(predicted, truth)
    result["missed_pairs_by_noise"] = _missed_by_noise(predicted, out / "truth.json")
    result["load_average_end"] = os.getloadavg()
    print(json.dumps(result, indent=1), flush=True)
    write_results("resolve_scenario", result)


if __name__ == "__main__":
    main()
