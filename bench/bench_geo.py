"""Geo benchmark: geocoding names/s in mixed scripts and spellings, and route analysis time.

Run as ``.venv/bin/python bench/bench_geo.py [--names N] [--events N] [--scenario tiny|demo]
[--no-large]``. Writes ``bench/results/geo.json``.

* **geocoding**: the gazetteer's build time, then names/s over a mixed list — the
  scenario's place labels in every language it writes, corridor's crossing aliases,
  GeoNames towns of the route in Latin and Cyrillic, composite labels ("Dover (Western
  Jet Foil)") and names that do not resolve — cold (a fresh geocoder per pass, so no
  memo) and warm (the memo every analysis uses);
* **routes**: ``analyse_routes`` on a SQLite store holding ``--events`` synthetic
  interceptions along the route (about eight persons each, persons re-sighted along
  their way), and with ``--scenario SIZE`` also on a generated scenario ingested and
  merged by its truth (slow: minutes for ``demo``);
* **large**: on the large scenario's store (``bench/_large.py``: 320,000 people, about 12
  million statements, built once and shared with the other benchmarks), the place names
  of every visible Event and Trip geocoded as ``read_observations`` does (cold: a fresh
  geocoder every 1,000 names; as the analysis runs: one memo over the whole stream; and
  each distinct name with nothing remembered, twenty times over), then
  ``analyse_routes`` as the hub sees everything, with CPU seconds and load averages. The
  store is ``_large.merged_store()``: records merged by the scenario's truth, as the geo
  tests do (resolution is scored elsewhere), so a traveller's sightings make legs.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import peak_memory, write_results

from corridor.access import Node
from corridor.core import Settings
from corridor.geo import Geocoder, analyse_routes, load_gazetteer, name_key, read_crossings
from corridor.geo._gazetteer import load_gazetteer as _cached
from corridor.model import Statement, parse_marking

ROUTE = [
    ("Табановце", "mk"), ("Лојане", "mk"), ("Прешево", "rs"), ("Београд", "rs"), ("Суботица", "rs"),
    ("Хоргош", "rs"), ("Röszke", "hu"), ("Шид", "rs"), ("Tovarnik", "hr"), ("Bihać", "ba"),
    ("Velika Kladuša", "ba"), ("Hani i Elezit", "xk"), ("Prishtinë", "xk"), ("Kakavijë", "al"),
    ("Tiranë", "al"), ("Hani i Hotit", "al"), ("Edirne", "tr"), ("Meriç", "tr"), ("Spielfeld", "at"),
    ("Nickelsdorf", "at"), ("Gravelines beach", "fr"), ("Wimereux beach", "fr"), ("Dover (Western Jet Foil)", "gb"),
    ("Dungeness beach", "gb"),
]  # fmt: skip


def mixed_names(rng: random.Random, count: int) -> list[tuple[str, str | None]]:
    """A reproducible mix of names as agencies write them, some that never resolve."""
    pool: list[tuple[str, str | None]] = []
    try:
        from corridor.scenario._geography import PLACES

        for place in PLACES.values():
            pool += [(place.name, None), *((label, place.country) for label in place.local.values())]
    except ImportError:
        pool += [(name, country) for name, country in ROUTE]
    for crossing in read_crossings():
        pool += [(crossing.name, crossing.country), *((a, None) for a in crossing.aliases)]
    towns = [
        p
        for p in load_gazetteer().by_id.values()
        if p.source == "geonames" and p.country in ("rs", "mk", "al", "xk", "tr", "gr")
    ]
    for town in rng.sample(towns, min(2000, len(towns))):
        pool.append((town.name, town.country if rng.random() < 0.5 else None))
    pool += [(f"{name} (near the river)", country) for name, country in ROUTE]
    pool += [(f"Xq{rng.randrange(10**6)}ville", None) for _ in range(len(pool) // 20)]
    return [rng.choice(pool) for _ in range(count)]


def bench_geocoding(count: int) -> dict[str, Any]:
    """Gazetteer build time and names/s, cold and warm."""
    _cached.cache_clear()
    start = time.perf_counter()
    gazetteer = load_gazetteer()
    build = time.perf_counter() - start
    names = mixed_names(random.Random(8), count)
    start = time.perf_counter()
    cold = Geocoder(gazetteer)
    resolved = 0
    for i, (name, country) in enumerate(names):
        if i % 1000 == 0:
            cold = Geocoder(gazetteer)  # no memo across names: the cost of a fresh lookup
            name_key.cache_clear()
        resolved += cold.geocode(name, country=country).resolved
    cold_s = time.perf_counter() - start
    warm = Geocoder(gazetteer)
    for name, country in names:
        warm.geocode(name, country=country)
    start = time.perf_counter()
    for name, country in names:
        warm.geocode(name, country=country)
    warm_s = time.perf_counter() - start
    return {
        "gazetteer_build_seconds": round(build, 2),
        "gazetteer_keys": len(gazetteer.places) + len(gazetteer.crossings),
        "gazetteer_places": len(gazetteer.by_id),
        "names": count,
        "distinct_names": len(set(names)),
        "resolved_share": round(resolved / count, 3),
        "cold_names_per_s": round(count / cold_s),
        "warm_names_per_s": round(count / warm_s),
    }


def synthetic_statements(events: int, rng: random.Random) -> list[Statement]:
    """Interceptions along the route: groups of about eight, each re-sighted further on."""
    marking = parse_marking("B2 P")
    seen = "2026-01-01T00:00:00Z"
    out: list[Statement] = []
    person = 0
    event = 0
    while event < events:
        size = rng.randint(3, 14)
        group = [f"gb-nca.m{person + i:08d}" for i in range(size)]
        person += size
        start = rng.randrange(700)
        stops = sorted(rng.sample(range(len(ROUTE)), rng.randint(1, 4)))
        for step, index in enumerate(stops):
            if event >= events:
                break
            name, country = ROUTE[index]
            origin = "GB-NCA"  # the node's own records: a store with no partners sees them all
            eid = f"gb-nca.case{event:08d}"
            day = f"2023-{(start + step * 9) // 60 % 12 + 1:02d}-{(start + step * 9) % 28 + 1:02d}"
            rows = [
                ("id", eid),
                ("date", day),
                ("location", name),
                ("country", country),
                ("summary", "Irregular crossing"),
            ]
            rows += [("involved", p) for p in group]
            out += [Statement(eid, "Event", prop, value, "bench", origin, marking, seen, seen) for prop, value in rows]
            event += 1
    return out


def bench_routes(events: int, scenario: Path | None) -> dict[str, Any]:
    """Seconds and peak memory of ``analyse_routes`` as the hub sees everything."""
    with tempfile.TemporaryDirectory(prefix="corridor-bench-geo-") as tmp:
        db = Path(tmp) / "geo.db"
        if scenario is not None:
            from geo._scenario import load

            loaded = load(Path(tmp) / "scenario", db, size=scenario.name)
            node = loaded.node
            source = f"scenario {scenario.name}"
        else:
            node = Node.initialise(Settings(db=str(db), key_dir=Path(tmp) / "keys"), "GB-NCA")
            statements = synthetic_statements(events, random.Random(9))
            with node.store.transaction() as conn:
                node.store.write_statements(conn, statements)
            source = "synthetic"
        try:
            view = node.store.view(node.principal())
            load_gazetteer()
            with peak_memory() as mem:
                start = time.perf_counter()
                result = analyse_routes(view, published=True)
                seconds = time.perf_counter() - start
        finally:
            node.close()
    return {
        "source": source,
        "events": result["observations"],
        "legs": result["legs"],
        "country_flows": len(result["country_flows"]),
        "hotspots": len(result["hotspots"]),
        "unresolved_names": len(result["unresolved"]),
        "seconds": round(seconds, 2),
        "events_per_s": round(result["observations"] / seconds),
        "peak_rss_mib": mem.peak_mib,
    }


def large_place_names(view: Any) -> list[tuple[str, str | None]]:
    """Every visible Event's and Trip's place texts with its country, in store order."""
    from corridor.geo._observations import EVENT_SCHEMATA

    props: dict[str, dict[str, list[str]]] = {}
    for fact in view.facts(schemata=EVENT_SCHEMATA, props=["location", "address", "country"]):
        props.setdefault(fact.entity_id, {}).setdefault(fact.prop, []).append(fact.value)
    out: list[tuple[str, str | None]] = []
    for found in props.values():
        country = next(iter(found.get("country", [])), None)
        out += [(text, country) for text in found.get("location", []) + found.get("address", [])]
    return out


def bench_large() -> dict[str, Any]:
    """Geocoding names/s and ``analyse_routes`` on the large scenario's store."""
    from _large import merged_store

    store = merged_store()
    node = Node.open(store.settings())
    try:
        view = node.store.view(node.principal())
        load_gazetteer()
        started = time.perf_counter()
        names = large_place_names(view)
        read_s = time.perf_counter() - started
        cold = Geocoder()
        resolved = 0
        load = os.getloadavg()[0]
        wall, cpu = time.perf_counter(), time.process_time()
        for i, (name, country) in enumerate(names):
            if i % 1000 == 0:
                cold = Geocoder()
                name_key.cache_clear()
            resolved += cold.geocode(name, country=country).resolved
        cold_wall, cold_cpu = time.perf_counter() - wall, time.process_time() - cpu
        memo = Geocoder()
        wall, cpu = time.perf_counter(), time.process_time()
        for name, country in names:
            memo.geocode(name, country=country)
        memo_wall, memo_cpu = time.perf_counter() - wall, time.process_time() - cpu
        # each distinct name with nothing remembered: the cost of a lookup itself
        distinct = sorted(set(names), key=lambda n: (n[0], n[1] or ""))
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(20):
            for name, country in distinct:
                name_key.cache_clear()
                Geocoder().geocode(name, country=country)
        fresh_wall, fresh_cpu = time.perf_counter() - wall, time.process_time() - cpu
        geocoding = {
            "names": len(names),
            "distinct_names": len(set(names)),
            "resolved_share": round(resolved / max(len(names), 1), 4),
            "read_seconds": round(read_s, 1),
            "cold_seconds": round(cold_wall, 2),
            "cold_cpu_seconds": round(cold_cpu, 2),
            "cold_names_per_s": round(len(names) / cold_wall),
            "cold_names_per_cpu_s": round(len(names) / max(cold_cpu, 1e-9)),
            "fresh_distinct_names_per_s": round(20 * len(distinct) / fresh_wall),
            "fresh_distinct_names_per_cpu_s": round(20 * len(distinct) / max(fresh_cpu, 1e-9)),
            "memo_seconds": round(memo_wall, 2),
            "memo_names_per_s": round(len(names) / memo_wall),
            "memo_names_per_cpu_s": round(len(names) / max(memo_cpu, 1e-9)),
            "loadavg_1min": [round(load, 2), round(os.getloadavg()[0], 2)],
        }
        print(f"large geocoding: {geocoding}", flush=True)
        load = os.getloadavg()[0]
        with peak_memory() as mem:
            wall, cpu = time.perf_counter(), time.process_time()
            result = analyse_routes(view, published=True)
            seconds, cpu_s = time.perf_counter() - wall, time.process_time() - cpu
        routes = {
            "events": result["observations"],
            "legs": result["legs"],
            "country_flows": len(result["country_flows"]),
            "crossing_flows": len(result["crossing_flows"]),
            "hotspots": len(result["hotspots"]),
            "organisations": len(result["organisations"]),
            "unresolved_names": len(result["unresolved"]),
            "seconds": round(seconds, 1),
            "cpu_seconds": round(cpu_s, 1),
            "events_per_s": round(result["observations"] / seconds),
            "peak_rss_mib": mem.peak_mib,
            "loadavg_1min": [round(load, 2), round(os.getloadavg()[0], 2)],
        }
        print(f"large routes: {routes}", flush=True)
    finally:
        node.close()
    return {"store": store.summary(), "geocoding": geocoding, "routes": routes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=50_000, help="names to geocode")
    parser.add_argument("--events", type=int, default=50_000, help="synthetic events for the route analysis")
    parser.add_argument("--scenario", choices=["tiny", "demo"], help="also on a generated scenario")
    parser.add_argument("--no-large", action="store_true", help="skip the large scenario (built once, cached)")
    parser.add_argument("--only-large", action="store_true", help="only the large scenario (keep the rest)")
    args = parser.parse_args()
    if args.only_large:
        import json

        from _common import RESULTS

        kept = json.loads((RESULTS / "geo.json").read_text())
        kept = {k: v for k, v in kept.items() if k not in ("benchmark", "measured_at", "machine")}
        kept["large"] = bench_large()
        write_results("geo", kept)
        return
    geocoding = bench_geocoding(args.names)
    print(f"geocoding: {geocoding}")
    results: dict[str, Any] = {"geocoding": geocoding}
    results["routes"] = bench_routes(args.events, None)
    print(f"routes: {results['routes']}")
    if args.scenario:
        results["routes_scenario"] = bench_routes(0, Path(args.scenario))
        print(f"routes on the {args.scenario} scenario: {results['routes_scenario']}")
    if not args.no_large:
        results["large"] = bench_large()
    results["note"] = (
        "machine shared with other engineers' jobs: see loadavg_1min and the CPU seconds; "
        "large: the scenario's own place names; records merged by the truth"
    )
    write_results("geo", results)


if __name__ == "__main__":
    main()
