"""API benchmark: latency and throughput of search, profile and neighbours over HTTP, and
the first render of a 5,000-node link chart in headless Chromium.

Writes ``bench/results/api.json``. For each backend (SQLite, and PostgreSQL when a server
can be started) it takes the shared store of the scenario (``bench/_large.py``: the large
scenario unless ``CORRIDOR_BENCH_SIZE`` says otherwise), starts ``corridor serve
--workers N`` as its own process, and drives it from a second process (``--load``: a pool
of threads with keep-alive HTTP clients) on loopback, so the client's work never runs on
the server's interpreter. Every request is authenticated (a bearer token) and audited, as
in use.

On a shared two-core machine latency under load mostly measures the other processes, so
next to it the benchmark records what a request costs: the server processes' CPU seconds
per request under the load, and the CPU of one request at a time in-process (through the
ASGI app, no network), with the 1-minute load average before and after each run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import _large
from _common import write_results

import _serve

CHROMIUM = "/usr/bin/chromium"
ENDPOINTS = ("search", "profile", "neighbours")


# -- the load generator (runs in its own process) ---------------------------------------------


def _load(
    base: str, token: str, work_file: Path, concurrency: int, requests: int, endpoints: tuple[str, ...] = ENDPOINTS
) -> dict[str, Any]:
    import httpx

    work = json.loads(work_file.read_text())
    results: dict[str, Any] = {}
    lock = threading.Lock()
    for endpoint in endpoints:
        paths = work[endpoint]
        latencies: list[float] = []
        errors = 0
        counter = iter(range(requests))

        def worker(paths: list[str] = paths, latencies: list[float] = latencies, counter: Any = counter) -> None:
            nonlocal errors
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
                while True:
                    with lock:
                        i = next(counter, None)
                    if i is None:
                        return
                    started = time.perf_counter()
                    response = client.get(paths[i % len(paths)])
                    took = time.perf_counter() - started
                    with lock:
                        latencies.append(took)
                        if response.status_code >= 400 and response.status_code != 404:
                            errors += 1

        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
        ordered = sorted(latencies)

        def pct(p: float, ordered: list[float] = ordered) -> float:
            return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

        results[endpoint] = {
            "requests": len(ordered),
            "errors": errors,
            "concurrency": concurrency,
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
            "requests_per_s": round(len(ordered) / wall, 1),
        }
    return results


# -- set-up -------------------------------------------------------------------------------------


def _work(db: str, keys: Path, sample: int, seed: int) -> dict[str, list[str]]:
    """Request paths: names of visible people (searched by a word), ids, neighbours."""
    from corridor.access import Node
    from corridor.core import Settings
    from corridor.model import Principal

    rng = random.Random(seed)
    with Node.open(Settings(db=db, key_dir=keys)) as node:
        view = node.store.view(Principal("GB-NCA", "analyst", frozenset({"analyst"})))
        people: dict[str, str] = {}
        for stmt in view.statements(schemata=["Person"], props=["name"]):
            people.setdefault(stmt.entity_id, stmt.value)
    ids = rng.sample(sorted(people), min(sample, len(people)))
    searches = []
    for entity_id in ids:
        words = [w for w in people[entity_id].split() if len(w) > 2]
        if words:
            searches.append(f"/api/search?q={rng.choice(words)}&limit=20")
    return {
        "search": searches,
        "profile": [f"/api/entities/{i}" for i in ids],
        "neighbours": [f"/api/entities/{i}/neighbours?limit=200" for i in ids],
    }


def _token(db: str, keys: Path) -> str:
    from corridor.access import Node
    from corridor.api import create_token
    from corridor.core import Settings

    with Node.open(Settings(db=db, key_dir=keys)) as node:
        token, _ = create_token(node.store, "GB-NCA/analyst", label="bench", days=1)
    return token


def _password(scenario: Path, user: str) -> str:
    import yaml

    data = yaml.safe_load((scenario / "partners.yml").read_text())
    agency, _, name = user.partition("/")
    for entry in data["users"]:
        if entry["agency"] == agency and entry["username"] == name:
            return str(entry["password"])
    raise KeyError(user)


def chart_first_render(base: str, user: str, password: str, nodes: int) -> dict[str, Any]:
    """Milliseconds from opening the chart page to sigma's first frame of ``nodes`` nodes."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--headless", "--disable-background-networking", "--no-first-run", "--disable-sync"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        page.goto(base + "/")
        page.get_by_label("User (AGENCY/username)").fill(user)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("search").wait_for()
        runs = []
        for _ in range(3):
            page.goto("about:blank")
            started = time.perf_counter()
            page.goto(f"{base}/#/chart/~{nodes}")
            # Read from the DOM: the page's CSP forbids the eval that wait_for_function needs.
            sigma = page.locator("#sigma[data-rendered='true']")
            sigma.wait_for(timeout=180_000)
            wall = (time.perf_counter() - started) * 1000
            attr = sigma.get_attribute
            runs.append(
                {
                    "wall_ms": round(wall),
                    "since_navigation_ms": int(attr("data-rendered-at") or 0),
                    "in_page_ms": int(attr("data-render-ms") or 0),
                    "nodes": int(attr("data-nodes") or 0),
                    "edges": int(attr("data-edges") or 0),
                }
            )
        browser.close()
    best = min(runs, key=lambda r: r["wall_ms"])
    return {"nodes": best["nodes"], "edges": best["edges"], "first_render_ms": best["wall_ms"], "runs": runs}


def _server_cpu(proc: subprocess.Popen[bytes]) -> float:
    """CPU seconds of the server and its worker processes so far."""
    import psutil

    parent = psutil.Process(proc.pid)
    total = 0.0
    for p in [parent, *parent.children(recursive=True)]:
        try:
            times = p.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def in_process_cpu(db: str, keys: Path, work: dict[str, list[str]], token: str, n: int) -> dict[str, Any]:
    """CPU milliseconds of one request at a time through the ASGI app (no network, no
    other client): what each request costs the server, whatever the machine's load."""
    import asyncio

    import httpx

    from corridor.access import Node
    from corridor.api import create_app
    from corridor.core import Settings

    settings = Settings(db=db, key_dir=keys)
    out: dict[str, Any] = {}
    with Node.open(settings) as node:
        app = create_app(settings, node=node)

        async def run() -> None:
            async with app.router.lifespan_context(app):
                started = time.perf_counter()
                app.state.indexes.ensure_fresh()  # the first build, timed on its own
                out["search_index_build_s"] = round(time.perf_counter() - started, 1)
                transport = httpx.ASGITransport(app=app)
                headers = {"Authorization": f"Bearer {token}"}
                async with httpx.AsyncClient(transport=transport, base_url="http://bench", headers=headers) as client:
                    for endpoint in ENDPOINTS:
                        paths = work[endpoint]
                        for path in paths[:5]:  # warm: imports, caches of the process
                            await client.get(path)
                        cpu, wall = time.process_time(), time.perf_counter()
                        for i in range(n):
                            await client.get(paths[(5 + i) % len(paths)])
                        out[endpoint] = {
                            "requests": n,
                            "cpu_ms_per_request": round((time.process_time() - cpu) / n * 1000, 2),
                            "wall_ms_per_request": round((time.perf_counter() - wall) / n * 1000, 2),
                            "loadavg_1min": round(os.getloadavg()[0], 2),
                        }

        asyncio.run(run())
    return out


def _start_server(db: str, env: dict[str, str], workers: int, log: Path) -> _serve.Server:
    port = _serve.free_port()
    command = [_serve.CORRIDOR, "--db", db, "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers)]
    with log.open("ab") as out:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=out)
    return _serve.Server(f"http://127.0.0.1:{port}", proc)


def run_backend(name: str, store: Any, work_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Measure one backend's store (a ``_large.LargeStore``)."""
    db, keys = store.url, store.key_dir
    print(f"[{name}] {db}: {store.summary().get('statements')} statements", flush=True)
    work = _work(db, keys, args.sample, args.seed)
    work_file = work_dir / f"{name}-work.json"
    work_file.write_text(json.dumps(work))
    token = _token(db, keys)
    single = in_process_cpu(db, keys, work, token, args.in_process)
    print(f"[{name}] in-process: {json.dumps(single)}", flush=True)
    env = {**os.environ, "CORRIDOR_KEY_DIR": str(keys), "CORRIDOR_LOG_LEVEL": "WARNING", "OMP_WAIT_POLICY": "passive"}
    server = _start_server(db, env, args.workers, work_dir / f"{name}-serve.log")
    base = server.base
    latency: dict[str, Any] = {}
    try:
        _serve.wait_healthy(base, server.proc, timeout=900)  # a loaded 2-core machine imports slowly
        import httpx

        headers = {"Authorization": f"Bearer {token}"}
        for path in work["search"][:4]:  # every worker opens its store and warms up
            httpx.get(base + path, headers={**headers, "Connection": "close"}, timeout=900)
        for endpoint in ENDPOINTS:
            cpu, load = _server_cpu(server.proc), os.getloadavg()[0]
            command = [sys.executable, __file__, "--load", base, "--token", token, "--work", str(work_file)]
            command += ["--concurrency", str(args.concurrency), "--requests", str(args.requests)]
            done = subprocess.run(
                [*command, "--endpoint", endpoint],
                check=True,
                capture_output=True,
                text=True,
            )
            result = json.loads(done.stdout)[endpoint]
            result["server_cpu_ms_per_request"] = round((_server_cpu(server.proc) - cpu) / result["requests"] * 1000, 2)
            result["loadavg_1min"] = [round(load, 2), round(os.getloadavg()[0], 2)]
            latency[endpoint] = result
            print(f"[{name}] {endpoint}: {json.dumps(result)}", flush=True)
        graph_ms = []
        for _ in range(2 * args.workers + 1):  # a new connection each: every worker builds its cache
            started = time.perf_counter()
            httpx.get(
                f"{base}/api/graph?limit={args.chart_nodes}", headers={**headers, "Connection": "close"}, timeout=900
            ).raise_for_status()
            graph_ms.append(round((time.perf_counter() - started) * 1000))
        print(f"[{name}] /api/graph?limit={args.chart_nodes}: {graph_ms} ms", flush=True)
        chart = None
        if name == "sqlite" and Path(CHROMIUM).exists():
            password = _password(store.scenario, "GB-NCA/analyst")
            chart = chart_first_render(base, "GB-NCA/analyst", password, args.chart_nodes)
            print(f"[{name}] chart {chart['nodes']} nodes: first render {chart['first_render_ms']} ms", flush=True)
    finally:
        _serve.stop(server)
    out: dict[str, Any] = {
        "store": store.summary(),
        "workers": args.workers,
        "in_process": single,
        "latency": latency,
        "graph_api_ms": {"limit": args.chart_nodes, "runs": graph_ms, "best": min(graph_ms)},
        "link_chart": chart,
    }
    if args.index_update:
        out["index_update"] = index_update(db, keys, work_dir)
        print(f"[{name}] index: {out['index_update']}", flush=True)
    return out


def index_update(db: str, keys: Path, work_dir: Path) -> dict[str, Any]:
    """Seconds to bring the search index up to date after one small ingested file:
    incrementally (what the server does) against a full rebuild (what it did before)."""
    from corridor.access import Node
    from corridor.api._index import Indexes
    from corridor.core import Settings
    from corridor.ingest import ingest_file
    from corridor.model import parse_marking

    stamp = int(time.time())
    extra = work_dir / f"extra-{stamp}.ftm.json"  # new ids each run: the store keeps a work dir's earlier runs
    extra.write_text(
        "\n".join(
            json.dumps({"id": f"BENCH-{stamp}-{i}", "schema": "Person", "properties": {"name": [f"Benchperson N{i}"]}})
            for i in range(20)
        )
        + "\n"
    )
    with Node.open(Settings(db=db, key_dir=keys)) as node:
        indexes = Indexes(node)
        started = time.perf_counter()
        indexes.rebuild()
        full_s = time.perf_counter() - started
        ingest_file(node, node.principal(), extra, agency="GB-NCA", marking=parse_marking("B2 P"))
        started = time.perf_counter()
        how = indexes.refresh(str(node.store.count_statements()), indexes._audit_head())
        incremental_s = time.perf_counter() - started
        found = indexes.search_candidates(["benchperson"], 50)
    return {
        "after": "one ingested file of 20 people",
        "how": how,
        "incremental_s": round(incremental_s, 3),
        "full_rebuild_s": round(full_s, 2),
        "speedup": round(full_s / incremental_s, 1) if incremental_s else None,
        "found_new": len(found),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default=_large.SIZE, choices=sorted(_large.PEOPLE), help="scenario size")
    parser.add_argument("--seed", type=int, default=_large.SEED)
    parser.add_argument("--sample", type=int, default=300, help="distinct entities requested")
    parser.add_argument("--requests", type=int, default=600, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="corridor serve --workers")
    parser.add_argument("--in-process", type=int, default=100, help="requests per endpoint, one at a time, in-process")
    parser.add_argument("--chart-nodes", type=int, default=5000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--index-update",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="time the search index after one more ingested file (writes it into the store; default: not at large)",
    )
    parser.add_argument("--load", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--endpoint", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        endpoints = (args.endpoint,) if args.endpoint else ENDPOINTS
        print(json.dumps(_load(args.load, args.token, Path(args.work), args.concurrency, args.requests, endpoints)))
        return
    if args.index_update is None:
        args.index_update = args.size != "large"

    results: dict[str, Any] = {
        "scenario": {"size": args.size, "people": _large.PEOPLE[args.size], "seed": args.seed},
        "load": {
            "client": "separate process, threads with keep-alive httpx clients, bearer token",
            "concurrency": args.concurrency,
            "requests_per_endpoint": args.requests,
            "server_workers": args.workers,
        },
        "goals": {"p95_ms_profile_and_search": 50, "link_chart_first_render_ms": 2000},
        "backends": {},
    }
    wanted = args.backends.split(",")
    with tempfile.TemporaryDirectory(prefix="corridor-bench-api-") as tmp:
        work_dir = Path(tmp)
        if "sqlite" in wanted:
            store = _large.sqlite_store(args.size, args.seed)
            results["backends"]["sqlite"] = run_backend("sqlite", store, work_dir, args)
        if "postgres" in wanted:
            try:
                with _large.postgres_store(args.size, args.seed) as store:
                    results["backends"]["postgres"] = run_backend("postgres", store, work_dir, args)
            except RuntimeError as exc:
                results["backends"]["postgres"] = {"skipped": str(exc)}
    write_results("api", results)


if __name__ == "__main__":
    main()
