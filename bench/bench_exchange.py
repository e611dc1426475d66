"""Exchange benchmark: seconds and peak memory per export format on a generated scenario.

Run as ``.venv/bin/python bench/bench_exchange.py [--demo] [--full FORMAT]``. Writes
``bench/results/exchange.json`` (results of parts not run this time are kept from the last).

**Large** (always): the large scenario's store (``bench/_large.py``, about 12 million
statements, shared with the other benchmarks). Each format is written from it at
``--limits`` entities (the first N resolved entities of the stream), each in a forked
child that opens its own node: seconds, CPU seconds, entities and statements per second,
and the child's peak memory over its start. Memory is bounded when the peak stays flat
as the limit grows tenfold. ``--full FORMAT`` also writes that format from the whole
store. The large store's records are not merged by the truth, so only the first pass of
``resolved_entities`` runs there; the demo run covers the cluster pass.

**Demo** (``--demo``): every format from the whole demo scenario:

The scenario is generated, every manifest file ingested, and records merged by their
truth, so the exports go through both passes of ``resolved_entities`` (unmerged records
in one stream, clusters in batches). Each format runs in a forked child, so its peak
resident memory is its own (``peak_rss_growth_mib``: the child's peak over its start).
For STIX and MISP the same entities are also written the way a user of the ``stix2`` or
``pymisp`` library would (objects built, then the whole bundle or event serialised), on
the first ``--baseline`` entities, and the ratio per entity is reported beside it.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_memory, write_results

from corridor.access import Node
from corridor.core import Settings
from corridor.exchange import resolved_entities, write_export
from corridor.model import parse_marking
from corridor.store import add_judgement, rebuild_canonical

FORMATS = ["ftm", "csv", "xlsx", "stix", "misp", "anx"]


def load_scenario(out: Path, db: Path, size: str) -> Node:
    """Generate, ingest every file of the manifest, merge records by the truth."""
    from corridor.ingest import ingest_file, namespaced_id
    from corridor.scenario import generate

    generate(out, size=size, seed=7)
    node = Node.initialise(Settings(db=str(db), key_dir=db.parent / "keys"), "GB-NCA")
    node.load_partners(node.principal(), out / "partners.yml")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for item in manifest["files"]:
        ingest_file(
            node, node.principal(), out / item["path"], agency=item["agency"],
            marking=parse_marking(item["marking"]), mapping=out / item["mapping"],
        )  # fmt: skip
    groups: dict[str, list[str]] = defaultdict(list)
    for kind, item in _truth_items(out):
        if kind == "record":
            groups[item["person"]].append(namespaced_id(item["agency"], item["source_id"]))
        elif kind == "org_record":
            groups[item["organisation"]].append(namespaced_id(item["agency"], item["source_id"]))
    with node.store.transaction() as conn:
        for ids in groups.values():
            ordered = sorted(set(ids))
            for other in ordered[1:]:
                add_judgement(conn, ordered[0], other, "same", actor="truth", kind="rule", origin="GB-NCA")
        rebuild_canonical(conn)
    return node


def _truth_items(out: Path) -> Any:
    if (out / "truth.jsonl").exists():
        with (out / "truth.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                yield item.get("kind"), item
        return
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    for item in truth.get("records", []):
        yield "record", item
    for item in truth.get("org_records", []):
        yield "org_record", item


def _child(job: Callable[[], dict[str, Any]], queue: Any) -> None:
    process = psutil.Process()
    start_rss = process.memory_info().rss
    with peak_memory() as mem:
        started = time.perf_counter()
        summary = job()
        seconds = time.perf_counter() - started
    queue.put({**summary, "seconds": round(seconds, 2), "peak_rss_mib": mem.peak_mib,
               "peak_rss_growth_mib": round((mem.peak_bytes - start_rss) / 2**20, 1)})  # fmt: skip


def in_child(job: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``job`` in a forked process; its result with seconds and peak memory."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(job, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    return result


def baseline_stix(node: Node, out: Path, limit: int) -> dict[str, Any]:
    """The same entities as ``stix2`` objects in one Bundle, serialised at the end."""
    import stix2

    objects: list[Any] = []
    entities = 0
    for entity in resolved_entities(node.store.view(node.principal())):
        if entities >= limit:
            break
        entities += 1
        statements = [{"prop": s.prop, "value": s.value, "origin": s.origin, "marking": str(s.marking)} for s in entity.statements]  # fmt: skip
        if entity.proxy.schema.is_a("LegalEntity"):
            objects.append(stix2.Identity(name=entity.caption, identity_class="individual", allow_custom=True, x_corridor_statements=statements))  # fmt: skip
        else:
            objects.append(stix2.Infrastructure(name=entity.caption, allow_custom=True, x_corridor_statements=statements))  # fmt: skip
    out.write_text(stix2.Bundle(objects, allow_custom=True).serialize(), encoding="utf-8")
    return {"entities": entities}


def baseline_misp(node: Node, out: Path, limit: int) -> dict[str, Any]:
    """The same entities as a ``pymisp`` MISPEvent, serialised at the end."""
    from pymisp import MISPEvent, MISPObject

    event = MISPEvent()
    event.info = "baseline"
    entities = 0
    for entity in resolved_entities(node.store.view(node.principal())):
        if entities >= limit:
            break
        entities += 1
        obj = MISPObject("annotation", standalone=False, strict=False)
        for stmt in entity.facts():
            attribute = obj.add_attribute(stmt.prop, value=stmt.value, type="text")
            if attribute is not None:
                attribute.add_tag(f'corridor:marking="{stmt.marking}"')
        event.add_object(obj)
    out.write_text(event.to_json(), encoding="utf-8")
    return {"entities": entities}


def _large_child(settings: Any, fmt: str, out: Path, limit: int | None) -> dict[str, Any]:
    """One format from the large store, in this (forked) process: its own node and clock."""
    from itertools import islice

    import corridor.exchange._anx as anx_module
    import corridor.exchange._ftm as ftm_module
    import corridor.exchange._misp as misp_module
    import corridor.exchange._stix as stix_module
    import corridor.exchange._tabular as tabular_module

    if limit is not None:
        for module in (anx_module, ftm_module, misp_module, stix_module, tabular_module):
            original = module.resolved_entities
            module.resolved_entities = lambda view, original=original: islice(original(view), limit)  # type: ignore[misc]
    cpu = time.process_time()
    with Node.open(settings) as node:
        summary = write_export(node, node.principal(), fmt, out)
    return {**summary, "cpu_seconds": round(time.process_time() - cpu, 1)}


def bench_large(base: Path, limits: list[int], full: list[str]) -> dict[str, Any]:
    """Each format at each entity limit from the large store, and ``full`` ones from all of it."""
    from _large import sqlite_store

    store = sqlite_store()
    runs: dict[str, Any] = {}
    for fmt in FORMATS:
        per_limit = []
        wanted = [*limits, *([None] if fmt in full else [])]
        if not wanted:
            continue
        for limit in wanted:
            out = base / f"large.{fmt}"
            load = os.getloadavg()[0]
            result = in_child(lambda fmt=fmt, out=out, limit=limit: _large_child(store.settings(), fmt, out, limit))
            result["limit"] = limit
            result["bytes"] = sum(p.stat().st_size for p in out.iterdir()) if out.is_dir() else out.stat().st_size
            result["entities_per_s"] = round(result["entities"] / max(result["seconds"], 1e-9))
            if "statements" in result:
                result["statements_per_s"] = round(result["statements"] / max(result["seconds"], 1e-9))
                result["statements_per_cpu_s"] = round(result["statements"] / max(result["cpu_seconds"], 1e-9))
            result["loadavg_1min"] = [round(load, 2), round(os.getloadavg()[0], 2)]
            per_limit.append(result)
            print(f"large {fmt} limit={limit}: {result}", flush=True)
            if out.is_dir():
                import shutil

                shutil.rmtree(out)
            else:
                out.unlink()
        growth = [r["peak_rss_growth_mib"] for r in per_limit]
        runs[fmt] = {
            "runs": per_limit,
            "peak_growth_ratio_largest_to_smallest": round(max(growth[-1], 0.1) / max(growth[0], 0.1), 2),
        }
    return {"store": store.summary(), "limits": limits, "full": full, "formats": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="demo", choices=["tiny", "demo"], help="scenario of the --demo run")
    parser.add_argument("--demo", action="store_true", help="also every format from the whole demo scenario")
    parser.add_argument("--limits", default="5000,50000", help="entity limits on the large store")
    parser.add_argument("--full", default="", help="formats also written from the whole large store (comma list)")
    parser.add_argument("--full-only", action="store_true", help="only the --full formats, kept under large_full")
    parser.add_argument("--baseline", type=int, default=5000, help="entities the library baselines write")
    args = parser.parse_args()
    logging.getLogger("pymisp").setLevel(logging.ERROR)  # template warnings for FtM relations, per attribute
    from _common import RESULTS

    previous = RESULTS / "exchange.json"
    kept = json.loads(previous.read_text()) if previous.exists() else {}
    kept = {k: v for k, v in kept.items() if k not in ("benchmark", "measured_at", "machine")}
    if "formats" in kept:  # the layout before the large run: the demo run at the top level
        kept = {"demo": kept}
    with tempfile.TemporaryDirectory(prefix="corridor-bench-exchange-", dir=Path(__file__).with_name(".cache")) as tmp:
        limits = [int(x) for x in args.limits.split(",") if x]
        full = [x for x in args.full.split(",") if x]
        if args.full_only:
            measured = bench_large(Path(tmp), [], full)
            # read again now: another run may have written its part meanwhile
            kept_now = json.loads(previous.read_text()) if previous.exists() else {}
            kept = {k: v for k, v in kept_now.items() if k not in ("benchmark", "measured_at", "machine")}
            before = kept.get("large_full", {})  # formats measured by earlier runs stay, newer ones replace them
            measured["formats"] = {**before.get("formats", {}), **measured["formats"]}
            measured["full"] = list(measured["formats"])
            kept["large_full"] = measured
            write_results("exchange", kept)
            return
        kept["large"] = bench_large(Path(tmp), limits, full)
    if args.demo:
        kept["demo"] = bench_demo(args)
    kept["note"] = (
        "machine shared with other engineers' jobs: see loadavg_1min and cpu_seconds; "
        "large: first N entities of the stream per limit (records not merged), full: the whole store"
    )
    write_results("exchange", kept)


def bench_demo(args: argparse.Namespace) -> dict[str, Any]:
    """Every format from the whole demo scenario, merged by its truth, and the library baselines."""
    with tempfile.TemporaryDirectory(prefix="corridor-bench-exchange-") as tmp:
        base = Path(tmp)
        started = time.perf_counter()
        node = load_scenario(base / "scenario", base / "store.db", args.size)
        load_seconds = time.perf_counter() - started
        statements = node.store.count_statements()
        print(f"{args.size} scenario loaded: {statements} statements in {load_seconds:.0f} s", flush=True)
        formats: dict[str, Any] = {}
        for fmt in FORMATS:
            out = base / f"export.{fmt}"

            def job(fmt: str = fmt, out: Path = out) -> dict[str, Any]:
                return write_export(node, node.principal(), fmt, out)

            result = in_child(job)
            size = sum(p.stat().st_size for p in out.iterdir()) if out.is_dir() else out.stat().st_size
            result["bytes"] = size
            result["entities_per_s"] = round(result["entities"] / max(result["seconds"], 1e-9))
            formats[fmt] = result
            print(f"{fmt}: {result}", flush=True)
        baselines: dict[str, Any] = {}
        for name, fn in (("stix", baseline_stix), ("misp", baseline_misp)):
            out = base / f"baseline.{name}"
            ours = in_child(lambda name=name, out=out: _limited(node, name, out, args.baseline))
            theirs = in_child(lambda fn=fn, out=out: fn(node, out, args.baseline))
            per_ours = ours["seconds"] / max(ours["entities"], 1)
            per_theirs = theirs["seconds"] / max(theirs["entities"], 1)
            baselines[name] = {
                "library": "stix2" if name == "stix" else "pymisp",
                "entities": theirs["entities"],
                "corridor": ours,
                "library_result": theirs,
                "library_seconds_per_corridor_second": round(per_theirs / max(per_ours, 1e-9), 2),
                "library_memory_per_corridor_memory": round(
                    theirs["peak_rss_growth_mib"] / max(ours["peak_rss_growth_mib"], 0.1), 2
                ),
            }
            print(f"{name} baseline: {baselines[name]}", flush=True)
        node.close()
    return {"size": args.size, "statements": statements, "load_seconds": round(load_seconds, 1),
            "formats": formats, "baselines": baselines}  # fmt: skip


def _limited(node: Node, fmt: str, out: Path, limit: int) -> dict[str, Any]:
    """corridor's writer on the first ``limit`` entities (for the per-entity comparison)."""
    from itertools import islice

    import corridor.exchange._misp as misp_module
    import corridor.exchange._stix as stix_module

    module = stix_module if fmt == "stix" else misp_module
    original = module.resolved_entities
    module.resolved_entities = lambda view: islice(original(view), limit)  # type: ignore[assignment]
    try:
        return write_export(node, node.principal(), fmt, out)
    finally:
        module.resolved_entities = original


if __name__ == "__main__":
    main()
