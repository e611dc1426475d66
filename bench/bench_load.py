"""Load test: 50 analysts at once against a real ``corridor serve``, while an ingest runs.

Builds (once, cached under ``bench/.cache/load/`` by size and seed) a GB-NCA node holding
a synthetic scenario, serves a copy of it with ``corridor serve`` (uvicorn, its own
process), and drives it from a second process with locust (``bench/load/locustfile.py``,
headless): search, profile, neighbours, graph and judgement writes from ``--users``
clients with bearer tokens for ``--seconds``. Meanwhile ``corridor ingest`` loads a fresh
file into the same store. Passes only with zero failed requests, the ingest done, and the
store holding exactly what was there plus what the ingest reported.

Writes the run into ``bench/results/load.json`` under its size (``demo`` from ``make
bench``, ``large`` from ``make soak``), with latency percentiles per request type. The
comparison is the same load against ``/api/health`` (no store work, no auth): what
uvicorn and FastAPI cost on this machine under this concurrency, before corridor's work.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import RESULTS, machine

import _serve

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent
CORRIDOR = str(BIN / "corridor")
LOCUST = str(BIN / "locust")
LOCUSTFILE = Path(__file__).with_name("load") / "locustfile.py"
CACHE = Path(__file__).with_name(".cache") / "load"
PEOPLE = {"tiny": 300, "demo": 10_000, "large": 320_000}
CACHE_VERSION = 1


def _env(keys: Path) -> dict[str, str]:
    return {**os.environ, "CORRIDOR_KEY_DIR": str(keys), "CORRIDOR_LOG_LEVEL": "WARNING", "OMP_WAIT_POLICY": "passive"}


# -- the node, built once per size and seed ---------------------------------------------------


def cached_node(size: str, people: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The cache directory holding ``node.db`` and ``keys/``, built if missing.

    The large scenario's node is the one every benchmark shares (``bench/_large.py``): its
    ingest takes most of an hour, once."""
    if size == "large" and people == PEOPLE["large"]:
        import _large

        store = _large.sqlite_store(size, seed)
        if not store.url.endswith("/node.db") or store.key_dir.name != "keys":
            raise SystemExit(f"the large store at {store.url} is not laid out as node.db and keys/")
        return store.key_dir.parent, {**store.summary(), "statements": store.built["statements"]}
    where = CACHE / f"{size}-p{people}-s{seed}-v{CACHE_VERSION}"
    marker = where / "built.json"
    if marker.exists():
        return where, json.loads(marker.read_text())
    from corridor.access import Node
    from corridor.core import Settings
    from corridor.ingest import ingest_file
    from corridor.model import parse_marking
    from corridor.scenario import generate

    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    started = time.perf_counter()
    generate(where / "scenario", size=size, people=people, seed=seed)
    generated = time.perf_counter() - started
    settings = Settings(db=str(where / "node.db"), key_dir=where / "keys")
    print(f"building the {size} node in {where} (once) …", flush=True)
    with Node.initialise(settings, "GB-NCA") as node:
        admin = node.principal()
        node.load_partners(admin, where / "scenario" / "partners.yml")
        for item in json.loads((where / "scenario" / "manifest.json").read_text())["files"]:
            ingest_file(
                node,
                admin,
                where / "scenario" / item["path"],
                agency=item["agency"],
                marking=parse_marking(item["marking"]),
                mapping=where / "scenario" / item["mapping"],
            )
        statements = node.store.count_statements()
    built = {
        "size": size,
        "people": people,
        "seed": seed,
        "statements": statements,
        "generate_s": round(generated, 1),
        "ingest_s": round(time.perf_counter() - started - generated, 1),
    }
    marker.write_text(json.dumps(built))
    return where, built


def plan(db: str, keys: Path, seed: int, sample: int = 500) -> dict[str, Any]:
    """What the clients ask for: words of visible names, visible ids, pairs of visible records."""
    from corridor.access import Node
    from corridor.core import Settings

    rng = random.Random(seed)
    with Node.open(Settings(db=db, key_dir=keys)) as node:
        view = node.store.view(node.store.principal("GB-NCA", "analyst"))
        names: dict[str, str] = {}
        for stmt in view.statements(schemata=["Person"], props=["name"]):
            names.setdefault(stmt.entity_id, stmt.value)
    ids = rng.sample(sorted(names), min(sample, len(names)))
    words = sorted({w for i in ids for w in names[i].split() if len(w) > 2})
    return {"words": words, "ids": ids, "pairs": list(zip(ids[::2], ids[1::2], strict=False))}


def extra_file(where: Path, rows: int, seed: int) -> tuple[Path, Path]:
    """A CSV of new person records and its mapping: the ingest that runs under the load."""
    rng = random.Random(seed)
    data, mapping = where / "arrivals.csv", where / "arrivals.yml"
    first = ("Marko", "Ana", "Đorđe", "Мехмед", "Ahmad", "Jelena", "Besnik", "Yusuf")
    last = ("Petrović", "Kovač", "Hoxha", "Yılmaz", "Karimi", "Lleshi", "Шарић", "Rahimi")
    with data.open("w", encoding="utf-8") as out:
        out.write("id,first,last,born,phone\n")
        for i in range(rows):
            born = f"{rng.randint(1960, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.write(f"LOAD{i},{rng.choice(first)},{rng.choice(last)},{born},+44790{i:07d}\n")
    mapping.write_text(
        "entities:\n  person:\n    schema: Person\n"
        "    id_column: id\n    properties:\n      name:\n        columns: [first, last]\n        join: ' '\n"
        "      birthDate:\n        column: born\n      phone:\n        column: phone\n",
        encoding="utf-8",
    )
    return data, mapping


# -- serving and loading ------------------------------------------------------------------------


def _pct(row: dict[str, str], key: str) -> float | None:
    value = row.get(key, "N/A")
    return None if value in ("N/A", "") else float(value)


def locust(
    base: str, env: dict[str, str], users: int, rate: int, seconds: int, out: Path, *, health: bool
) -> dict[str, Any]:
    """Run locust headless in its own process; latency percentiles and failures per request type."""
    prefix = out / ("health" if health else "load")
    locustfile = out / "health_locustfile.py" if health else LOCUSTFILE
    if health:
        locustfile.write_text(
            "from locust import HttpUser, between, task\n\n\nclass Probe(HttpUser):\n"
            "    wait_time = between(0.05, 0.5)\n\n    @task\n    def health(self):\n"
            "        self.client.get('/api/health', name='health')\n"
        )
    command = [
        LOCUST, "-f", str(locustfile), "--headless", "-u", str(users), "-r", str(rate), "-t", f"{seconds}s",
        "--host", base, "--csv", str(prefix), "--only-summary", "--stop-timeout", "30", "--loglevel", "WARNING",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=seconds + 600)
    by_type: dict[str, Any] = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            name = "total" if row["Name"] == "Aggregated" else row["Name"]
            by_type[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": _pct(row, "50%"),
                "p90_ms": _pct(row, "90%"),
                "p95_ms": _pct(row, "95%"),
                "p99_ms": _pct(row, "99%"),
                "max_ms": _pct(row, "100%"),
                "requests_per_s": round(float(row["Requests/s"]), 1),
            }
    failures = []
    failures_csv = Path(f"{prefix}_failures.csv")
    if failures_csv.exists():
        failures = list(csv.DictReader(failures_csv.open(encoding="utf-8")))
    return {
        "by_type": by_type,
        "failures": failures[:20],
        "locust_exit": done.returncode,
        "stderr": done.stderr[-2000:],
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    people = args.people or PEOPLE[args.size]
    cache, built = cached_node(args.size, people, args.seed)
    print(f"node: {built}", flush=True)
    from corridor.access import Node
    from corridor.api import create_token
    from corridor.core import Settings

    with tempfile.TemporaryDirectory(prefix="corridor-load-", dir=args.tmp) as tmp:
        work = Path(tmp)
        db, keys = str(work / "node.db"), work / "keys"
        shutil.copy(cache / "node.db", db)
        shutil.copytree(cache / "keys", keys)
        requests = plan(db, keys, args.seed)
        (work / "work.json").write_text(json.dumps(requests))
        with Node.open(Settings(db=db, key_dir=keys)) as node:
            bearer, _ = create_token(node.store, "GB-NCA/analyst", label="load test", days=1)
            before = node.store.count_statements()
        data, mapping = extra_file(work, args.ingest_rows, args.seed)
        env = {**_env(keys), "CORRIDOR_LOAD_WORK": str(work / "work.json"), "CORRIDOR_LOAD_TOKEN": bearer}
        server = _serve.start(db, env=_env(keys), log=work / "serve.log")
        base = server.base
        try:
            # a large store on a loaded 2-core machine starts slowly
            _serve.wait_healthy(base, server.proc, timeout=900)
            import httpx

            warm = time.perf_counter()
            httpx.get(
                f"{base}/api/search",
                params={"q": requests["words"][0]},
                headers={"Authorization": f"Bearer {bearer}"},
                timeout=900,
            )
            warm_s = round(time.perf_counter() - warm, 1)
            print(
                f"serving {base}; search index warm in {warm_s} s; {args.users} clients for {args.seconds} s …",
                flush=True,
            )
            ingest_cmd = [CORRIDOR, "--db", db, "--json", "ingest", str(data), "--mapping", str(mapping), "--agency", "GB-NCA", "--marking", "B2 P"]  # fmt: skip
            ingest = subprocess.Popen(
                ingest_cmd, env=_env(keys), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            began = time.perf_counter()
            load = locust(base, env, args.users, args.spawn_rate, args.seconds, work, health=False)
            out, err = ingest.communicate(timeout=3600)
            ingest_wall = round(time.perf_counter() - began, 1)
            baseline = None
            if not args.smoke:
                baseline = locust(base, env, args.users, args.spawn_rate, min(args.seconds, 30), work, health=True)
            alive = server.proc.poll() is None
        finally:
            _serve.stop(server, grace=60)
            served_log = (work / "serve.log").read_text(errors="replace")
            (CACHE / f"serve-{args.size}.log").write_text(served_log)  # kept for the post-mortem
        tracebacks = served_log.count("Traceback")
        report = json.loads(out.strip().splitlines()[-1]) if ingest.returncode == 0 and out.strip() else {}
        with Node.open(Settings(db=db, key_dir=keys)) as node:
            after = node.store.count_statements()
            verified = node.audit.verify()
    total = load["by_type"].get("total", {})
    ingested = int(report.get("statements", 0))
    result = {
        "size": args.size,
        "scenario": {"people": people, "seed": args.seed, "statements": built["statements"], "build": built},
        "load": {
            "client": "locust (separate process, gevent), bearer token, keep-alive",
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "seconds": args.seconds,
            "mix": {"search": 5, "profile": 4, "neighbours": 2, "graph": 1, "judge": 1},
            "search_index_warm_s": warm_s,
        },
        "latency": load["by_type"],
        "baseline_health": None if baseline is None else baseline["by_type"].get("health"),
        "concurrent_ingest": {
            "rows": args.ingest_rows,
            "exit": ingest.returncode,
            "statements": ingested,
            "seconds": report.get("seconds"),
            "wall_s": ingest_wall,
            "error": None if ingest.returncode == 0 else err[-500:],
        },
        "store": {
            "before": before,
            "after": after,
            "lost": before + ingested - after if ingest.returncode == 0 else None,
        },
        "errors": {
            "failed_requests": total.get("failures", 0),
            "failures": load["failures"],
            "server_tracebacks": tracebacks,
            "server_alive": alive,
            "audit_chain_ok": verified.intact,
        },
    }
    result["ok"] = (
        total.get("requests", 0) > 0
        and total.get("failures", 1) == 0
        and ingest.returncode == 0
        and after == before + ingested
        and tracebacks == 0
        and alive
        and verified.intact
    )
    return result


def save(result: dict[str, Any]) -> Path:
    """Merge this run into ``bench/results/load.json`` under its size."""
    path = RESULTS / "load.json"
    data: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    runs = data.get("runs", {})
    runs[result["size"]] = {"measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **result}
    payload = {
        "benchmark": "load",
        "machine": machine(),
        "goal": "zero failed requests from 50 concurrent clients, with an ingest running",
        "runs": runs,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(PEOPLE), default=os.environ.get("CORRIDOR_LOAD_SIZE", "demo"))
    parser.add_argument("--people", type=int, help="true persons (overrides the size's number)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--ingest-rows", type=int, default=5000)
    parser.add_argument("--tmp", help="directory for the run's copy of the store")
    parser.add_argument("--smoke", action="store_true", help="tiny node, few clients, few seconds; writes nothing")
    args = parser.parse_args()
    if args.smoke:
        args.size, args.users, args.spawn_rate, args.seconds, args.ingest_rows = "tiny", 5, 5, 5, 200
    result = run(args)
    summary = {
        k: {m: v.get(m) for m in ("requests", "failures", "p50_ms", "p95_ms", "p99_ms")}
        for k, v in result["latency"].items()
    }
    print(
        json.dumps(
            {"ok": result["ok"], "latency": summary, "errors": result["errors"], "store": result["store"]}, indent=1
        )
    )
    if not args.smoke:
        save(result)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
