"""Sharing benchmark: bundle export/import rates, and private hit/no-hit at scale.

Writes ``bench/results/share.json`` with:

- the raw cost of the protocol's group operations (one ristretto255 scalar multiplication,
  one hash to the group), the floor any ECDH-PSI pays per selector;
- bundle export and import in statements/s: synthetic (RS -> GB, ``--persons`` persons,
  SQLite), and at the large scenario (``bench/_large.py``: the GB-NCA hub's store of about
  12 million statements, copied so the bundle's bookkeeping never touches the shared
  one; the bundle for XK-KP, which may receive about a third of it, imported by a fresh
  XK-KP node), with CPU seconds, peak memory and load averages;
- hit/no-hit of ``--query`` selectors against ``--held`` held ones, end to end over loopback
  HTTP to a ``corridor serve`` process, next to openmined-psi (in-process, the same sets, the
  same run; its server set-up of the held set timed apart);
- the holder's one-off blinding of the held set, and adding ``--added`` held selectors
  incrementally afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_memory, write_results

from corridor.access import Node
from corridor.core import Settings
from corridor.model import Agency, Agreement, Statement, parse_marking
from corridor.share import _group, build_bundle, import_bundle, load_node_key, match_key, query_hits, refresh_held

SEEN = "2026-01-01T00:00:00Z"
AGENCIES = (
    Agency("GB-NCA", "NCA", "GB", "ops@nca.example"),
    Agency("RS-MUP", "MUP", "RS"),
    Agency("XK-KP", "KP", "XK"),
)


def phone(i: int) -> str:
    """A distinct, valid-looking Serbian mobile number."""
    return f"+3816{i:08d}"


def person_statements(origin: str, start: int, count: int) -> Iterator[Statement]:
    """Three statements per person: the base one, a name and a phone."""
    marking = parse_marking("B2 P consent=no")
    prefix = origin.lower()
    for i in range(start, start + count):
        entity = f"{prefix}.p{i:08d}"
        yield Statement(entity, "Person", "id", entity, "bench", origin, marking, SEEN, SEEN)
        yield Statement(entity, "Person", "name", f"Person {i}", "bench", origin, marking, SEEN, SEEN)
        yield Statement(entity, "Person", "phone", phone(i), "bench", origin, marking, SEEN, SEEN)


def phone_statements(origin: str, start: int, count: int) -> Iterator[Statement]:
    """One phone statement per record: the held selectors of the hit/no-hit holder."""
    marking = parse_marking("B2 P")
    prefix = origin.lower()
    for i in range(start, start + count):
        entity = f"{prefix}.h{i:08d}"
        yield Statement(entity, "Person", "phone", phone(i), "bench", origin, marking, SEEN, SEEN)


def make_nodes(base: Path, codes: list[str]) -> dict[str, Node]:
    nodes = {}
    for code in codes:
        folder = base / code.lower()
        folder.mkdir(parents=True)
        nodes[code] = Node.initialise(Settings(db=str(folder / "store.db")), code)
    keys = {code: load_node_key(n.keys_path).public_text for code, n in nodes.items()}
    agencies = [replace(a, public_key=keys.get(a.code)) for a in AGENCIES]
    agreements = [Agreement(f"{a}-{b}", a, b) for a in keys for b in keys if a != b]
    for n in nodes.values():
        with n.store.transaction() as conn:
            n.store.replace_partners(conn, agencies=agencies, users=[], operations=[], agreements=agreements)
    return nodes


def group_costs(samples: int = 3000) -> dict[str, Any]:
    keys = [f"phone:{phone(i)}" for i in range(samples)]
    started = time.perf_counter()
    points = _group._hash_chunk(keys)
    hash_us = (time.perf_counter() - started) / samples * 1e6
    scalar = _group.random_scalar()
    started = time.perf_counter()
    _group._mul_chunk(scalar, points, False)
    mul_us = (time.perf_counter() - started) / samples * 1e6
    return {
        "scalarmult_us": round(mul_us, 1),
        "hash_to_group_us": round(hash_us, 1),
        "threads": _group.workers(),
        "note": "single thread; an ECDH-PSI query costs 3 scalar multiplications and 1 hash per asked selector",
    }


def bench_bundles(base: Path, persons: int) -> dict[str, Any]:
    nodes = make_nodes(base, ["RS-MUP", "GB-NCA"])
    rs, gb = nodes["RS-MUP"], nodes["GB-NCA"]
    with rs.store.transaction() as conn:
        rs.store.write_statements(conn, person_statements("RS-MUP", 0, persons))
    path = base / "bundle.jsonl"
    with peak_memory() as export_mem:
        started = time.perf_counter()
        summary = build_bundle(rs, rs.principal(), "GB-NCA", path)
        export_s = time.perf_counter() - started
    assert summary is not None
    with peak_memory() as import_mem:
        started = time.perf_counter()
        result = import_bundle(gb, gb.principal(), path)
        import_s = time.perf_counter() - started
    for n in nodes.values():
        n.close()
    return {
        "statements": summary.statements,
        "bytes": path.stat().st_size,
        "export_seconds": round(export_s, 2),
        "export_statements_per_s": round(summary.statements / export_s),
        "export_peak_mib": export_mem.peak_mib,
        "import_seconds": round(import_s, 2),
        "import_statements_per_s": round(result.statements / import_s),
        "import_peak_mib": import_mem.peak_mib,
    }


def bench_bundles_large(base: Path, partner: str = "XK-KP") -> dict[str, Any]:
    """The hub's bundle for ``partner`` from a copy of the large store, imported by a new node."""
    import yaml
    from _large import sqlite_store

    store = sqlite_store()
    source = Path(store.url.removeprefix("sqlite:///"))
    base.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    shutil.copy(source, base / "hub.db")
    if Path(f"{source}-wal").exists():  # committed pages not yet checkpointed into the file
        shutil.copy(f"{source}-wal", base / "hub.db-wal")
    shutil.copytree(store.key_dir, base / "hub.keys")
    copy_s = time.perf_counter() - started
    hub = Node.open(Settings(db=str(base / "hub.db"), key_dir=base / "hub.keys"))
    path = base / "bundle.jsonl"
    load = os.getloadavg()[0]
    with peak_memory() as export_mem:
        wall, cpu = time.perf_counter(), time.process_time()
        summary = build_bundle(hub, hub.principal(), partner, path)
        export_s, export_cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert summary is not None
    hub_key = load_node_key(hub.keys_path).public_text
    hub_statements = hub.store.count_statements()
    hub.close()
    print(f"large bundle for {partner}: {summary.statements} statements in {export_s:.0f} s", flush=True)
    partners = yaml.safe_load((store.scenario / "partners.yml").read_text(encoding="utf-8"))
    for agency in partners["agencies"]:
        if agency["code"] == "GB-NCA":
            agency["public_key"] = hub_key
    (base / "partners.yml").write_text(yaml.safe_dump(partners, allow_unicode=True), encoding="utf-8")
    receiver = Node.initialise(Settings(db=str(base / "partner.db"), key_dir=base / "partner.keys"), partner)
    receiver.load_partners(receiver.principal(), base / "partners.yml")
    load_mid = os.getloadavg()[0]
    with peak_memory() as import_mem:
        wall, cpu = time.perf_counter(), time.process_time()
        result = import_bundle(receiver, receiver.principal(), path)
        import_s, import_cpu = time.perf_counter() - wall, time.process_time() - cpu
    received = receiver.store.count_statements()
    receiver.close()
    return {
        "store": store.summary(),
        "hub_statements": hub_statements,
        "partner": partner,
        "copy_seconds": round(copy_s, 1),
        "statements": summary.statements,
        "bytes": path.stat().st_size,
        "export_seconds": round(export_s, 1),
        "export_cpu_seconds": round(export_cpu, 1),
        "export_statements_per_s": round(summary.statements / export_s),
        "export_statements_per_cpu_s": round(summary.statements / max(export_cpu, 1e-9)),
        "export_peak_mib": export_mem.peak_mib,
        "import_seconds": round(import_s, 1),
        "import_cpu_seconds": round(import_cpu, 1),
        "import_statements_per_s": round(result.statements / import_s),
        "import_statements_per_cpu_s": round(result.statements / max(import_cpu, 1e-9)),
        "import_peak_mib": import_mem.peak_mib,
        "received_statements": received,
        "loadavg_1min": [round(load, 2), round(load_mid, 2), round(os.getloadavg()[0], 2)],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_psi(base: Path, held: int, query: int, added: int) -> dict[str, Any]:
    nodes = make_nodes(base, ["GB-NCA", "XK-KP"])
    gb, xk = nodes["GB-NCA"], nodes["XK-KP"]
    out: dict[str, Any] = {"held": held, "query": query}
    started = time.perf_counter()
    with gb.store.transaction() as conn:
        gb.store.write_statements(conn, phone_statements("GB-NCA", 0, held))
    out["holder_load_seconds"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    refresh = refresh_held(gb)
    out["holder_initial_blinding_seconds"] = round(time.perf_counter() - started, 1)
    assert refresh.added == held
    # incremental: add selectors, refresh blinds only those
    with gb.store.transaction() as conn:
        gb.store.write_statements(conn, phone_statements("GB-NCA", held, added))
    started = time.perf_counter()
    refresh = refresh_held(gb)
    out["add_held"] = {"added": refresh.added, "seconds": round(time.perf_counter() - started, 2)}
    started = time.perf_counter()
    refresh_held(gb)
    out["refresh_unchanged_seconds"] = round(time.perf_counter() - started, 2)
    total_held = held + added
    # the asked selectors: half inside the held set, half outside
    hits_wanted = query // 10
    asked_numbers = list(range(total_held - hits_wanted, total_held)) + list(range(10**7, 10**7 + query - hits_wanted))
    keys = [match_key("phone", phone(i)) for i in asked_numbers]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    corridor = str(Path(sys.executable).with_name("corridor"))
    server = subprocess.Popen(
        [corridor, "--db", gb.settings.db, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        with peak_memory() as mem:
            started = time.perf_counter()
            answer = query_hits(xk, xk.principal(), url, keys)
            elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert len(answer.hits) == hits_wanted, (len(answer.hits), hits_wanted)
    out["corridor_http"] = {
        "seconds": round(elapsed, 2),
        "hits": len(answer.hits),
        "phases": {k: round(v, 2) for k, v in answer.seconds.items()},
        "asker_peak_mib": mem.peak_mib,
    }
    for n in nodes.values():
        n.close()
    out["openmined_psi"] = bench_openmined([match_key("phone", phone(i)) for i in range(total_held)], keys)
    return out


def bench_openmined(held: list[str], asked: list[str]) -> dict[str, Any]:
    import private_set_intersection.python as psi  # type: ignore[import-untyped]

    server = psi.server.CreateWithNewKey(True)
    client = psi.client.CreateWithNewKey(True)
    started = time.perf_counter()
    setup = server.CreateSetupMessage(1e-9, len(asked), held, psi.DataStructure.GCS)
    setup_s = time.perf_counter() - started
    started = time.perf_counter()
    request = client.CreateRequest(asked)
    response = server.ProcessRequest(request)
    found = client.GetIntersection(setup, response)
    query_s = time.perf_counter() - started
    return {
        "server_setup_seconds": round(setup_s, 2),
        "query_seconds": round(query_s, 2),
        "seconds_with_setup": round(setup_s + query_s, 2),
        "hits": len(found),
        "note": "in-process, no network, P-256, single thread; setup blinds the whole held set per query session",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000, help="persons in the bundle (3 statements each)")
    parser.add_argument("--held", type=int, default=1_000_000)
    parser.add_argument("--query", type=int, default=100_000)
    parser.add_argument("--added", type=int, default=10_000)
    parser.add_argument("--no-large", action="store_true", help="skip the bundle at the large scenario")
    parser.add_argument("--only-large", action="store_true", help="only the bundle at the large scenario")
    args = parser.parse_args()
    if args.only_large:
        _merge_large(args)
        return
    results: dict[str, Any] = {"group_operations": group_costs()}
    print("group operations", results["group_operations"])
    with tempfile.TemporaryDirectory() as tmp:
        results["bundles"] = bench_bundles(Path(tmp) / "bundles", args.persons)
        print("bundles", results["bundles"])
    with tempfile.TemporaryDirectory() as tmp:
        results["hit_no_hit"] = bench_psi(Path(tmp), args.held, args.query, args.added)
        print("hit/no-hit", results["hit_no_hit"])
    if not args.no_large:
        with tempfile.TemporaryDirectory(dir=Path(__file__).with_name(".cache")) as tmp:
            results["bundles_large"] = bench_bundles_large(Path(tmp))
            print("bundles at the large scenario", results["bundles_large"])
    results["goals"] = {
        "query_under_30s": results["hit_no_hit"]["corridor_http"]["seconds"] < 30,
        "no_slower_than_openmined_query": results["hit_no_hit"]["corridor_http"]["seconds"]
        <= results["hit_no_hit"]["openmined_psi"]["query_seconds"],
        "add_10k_held_seconds": results["hit_no_hit"]["add_held"]["seconds"],
    }
    write_results("share", results)


def _merge_large(args: argparse.Namespace) -> None:
    """Measure only the large bundle and keep the other results of the last run."""
    import json

    from _common import RESULTS

    previous = json.loads((RESULTS / "share.json").read_text()) if (RESULTS / "share.json").exists() else {}
    keep = {k: v for k, v in previous.items() if k not in ("benchmark", "measured_at", "machine")}
    with tempfile.TemporaryDirectory(dir=Path(__file__).with_name(".cache")) as tmp:
        keep["bundles_large"] = bench_bundles_large(Path(tmp))
    print("bundles at the large scenario", keep["bundles_large"])
    write_results("share", keep)


if __name__ == "__main__":
    main()
