"""The large scenario, generated and ingested once, shared by the benchmarks that need it.

Several benchmarks (api, geo, share, exchange, report) measure corridor on the large
scenario (320,000 people, about 12 million statements). Building that store takes far
longer than any of them, so it is built once and reused across one ``make bench``:

* the scenario is generated under ``bench/.cache/scenario-SIZE-sSEED`` unless
  ``CORRIDOR_BENCH_SCENARIO`` names a directory already holding it (read-only: its
  manifest must say the same size and seed);
* every manifest file is ingested into a GB-NCA node, SQLite at
  ``bench/.cache/large/SIZE-sSEED-rREVISION/node.db`` (keyed by the schema's Alembic head,
  so a new migration builds a new store), PostgreSQL on request in a cluster kept under
  ``bench/.cache/large/pg`` (started and stopped around each use);
* ``built.json`` beside it records how long the ingest took (wall, CPU, load), per file.

``CORRIDOR_BENCH_LARGE_DB`` points at an already built SQLite store (with its keys in
``DB.keys``) to skip all of this while developing. A file lock keeps two benchmarks from
building the same store at once. Run ``python bench/_large.py [--backend postgresql]`` to
build ahead of time (``nice`` it on a shared machine).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE = Path(__file__).with_name(".cache")
PEOPLE = {"tiny": 300, "demo": 10_000, "large": 320_000}
SIZE = os.environ.get("CORRIDOR_BENCH_SIZE", "large")
SEED = 7


@dataclass(frozen=True)
class LargeStore:
    """A built store: where it is, its keys, and how it was built (``built.json``)."""

    url: str
    key_dir: Path
    scenario: Path
    built: dict[str, Any]

    def settings(self) -> Any:
        """corridor ``Settings`` for this store."""
        from corridor.core import Settings

        return Settings(db=self.url, key_dir=self.key_dir)

    def summary(self) -> dict[str, Any]:
        """What a result file says about the store it measured."""
        keep = (
            "size",
            "people",
            "seed",
            "backend",
            "revision",
            "migrated_from",
            "migrate_seconds",
            "statements",
            "files",
            "merged_by_truth",
        )
        out = {k: self.built[k] for k in keep if k in self.built}
        out["ingest"] = self.built.get("ingest", {})
        return out


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def scenario_dir(size: str = SIZE, seed: int = SEED) -> Path:
    """The generated scenario: the env var's directory, or generated once into the cache."""
    given = os.environ.get("CORRIDOR_BENCH_SCENARIO")
    if given:
        manifest = json.loads((Path(given) / "manifest.json").read_text())["scenario"]
        if manifest.get("size") != size or manifest.get("seed") != seed:
            raise SystemExit(f"CORRIDOR_BENCH_SCENARIO={given} holds {manifest}, not size={size} seed={seed}")
        return Path(given)
    where = CACHE / f"scenario-{size}-s{seed}"
    with _locked(CACHE / f"scenario-{size}-s{seed}.lock"):
        if not (where / "manifest.json").exists():
            from corridor.scenario import generate

            shutil.rmtree(where, ignore_errors=True)
            print(f"generating the {size} scenario into {where} (once) …", flush=True)
            started = time.perf_counter()
            generate(where, size=size, people=PEOPLE[size], seed=seed)
            (where / "generated.json").write_text(json.dumps({"seconds": round(time.perf_counter() - started, 1)}))
    return where


def _revision() -> str:
    from corridor.store._migrate import head_revision

    return head_revision() or "none"


def _ingest_all(url: str, key_dir: Path, scenario: Path) -> dict[str, Any]:
    """Initialise a GB-NCA node at ``url`` and ingest every manifest file, timed per file."""
    from corridor.access import Node
    from corridor.core import Settings
    from corridor.ingest import ingest_file
    from corridor.model import parse_marking

    manifest = json.loads((scenario / "manifest.json").read_text())
    files: list[dict[str, Any]] = []
    wall0, cpu0, load0 = time.perf_counter(), time.process_time(), os.getloadavg()[0]
    with Node.initialise(Settings(db=url, key_dir=key_dir), "GB-NCA") as node:
        admin = node.principal()
        node.load_partners(admin, scenario / "partners.yml")
        for item in manifest["files"]:
            w, c = time.perf_counter(), time.process_time()
            report = ingest_file(
                node,
                admin,
                scenario / item["path"],
                agency=item["agency"],
                marking=parse_marking(item["marking"]),
                mapping=scenario / item["mapping"],
            )
            seconds = time.perf_counter() - w
            files.append(
                {
                    "path": item["path"],
                    "records": item.get("records"),
                    "statements": report.statements,
                    "seconds": round(seconds, 1),
                    "cpu_seconds": round(time.process_time() - c, 1),
                    "statements_per_s": round(report.statements / seconds) if seconds else None,
                    "loadavg_1min": round(os.getloadavg()[0], 2),
                }
            )
            print(f"  {item['path']}: {report.statements} statements in {seconds:.0f} s", flush=True)
        statements = node.store.count_statements()
    wall = time.perf_counter() - wall0
    return {
        "statements": statements,
        "files": len(files),
        "ingest": {
            "seconds": round(wall, 1),
            "cpu_seconds": round(time.process_time() - cpu0, 1),
            "statements_per_s": round(statements / wall) if wall else None,
            "loadavg_1min": [round(load0, 2), round(os.getloadavg()[0], 2)],
            "per_file": files,
        },
    }


def sqlite_store(size: str = SIZE, seed: int = SEED) -> LargeStore:
    """The cached SQLite store of the scenario, built (minutes to an hour) if missing."""
    scenario = scenario_dir(size, seed)
    given = os.environ.get("CORRIDOR_BENCH_LARGE_DB")
    if given:
        marker = Path(given + ".built.json")
        built = json.loads(marker.read_text()) if marker.exists() else {"size": size, "seed": seed, "given": given}
        return LargeStore(f"sqlite:///{given}", Path(given + ".keys"), scenario, built)
    revision = _revision()
    where = CACHE / "large" / f"{size}-s{seed}-r{revision}"
    marker = where / "built.json"
    with _locked(CACHE / "large" / f"{size}-s{seed}-r{revision}.lock"):
        if not marker.exists() and _migrate_older(where, size, seed, revision):
            pass
        elif not marker.exists():
            shutil.rmtree(where, ignore_errors=True)
            where.mkdir(parents=True)
            print(f"ingesting the {size} scenario into {where} (once) …", flush=True)
            done = _ingest_all(f"sqlite:///{where / 'node.db'}", where / "keys", scenario)
            built = {"size": size, "people": PEOPLE[size], "seed": seed, "backend": "sqlite", "revision": revision}
            marker.write_text(json.dumps({**built, **done}, indent=1))
    return LargeStore(f"sqlite:///{where / 'node.db'}", where / "keys", scenario, json.loads(marker.read_text()))


def _truth_records(scenario: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The truth's person and organisation records (JSON lines for large, one JSON otherwise)."""
    if (scenario / "truth.jsonl").exists():
        with (scenario / "truth.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(('{"kind":"record"', '{"kind":"org_record"')):
                    item = json.loads(line)
                    yield item["kind"], item
        return
    truth = json.loads((scenario / "truth.json").read_text(encoding="utf-8"))
    for kind, key in (("record", "records"), ("org_record", "org_records")):
        for item in truth.get(key, []):
            yield kind, item


def merged_store(size: str = SIZE, seed: int = SEED) -> LargeStore:
    """A copy of the SQLite store with every record merged with the others of its true
    person (and organisation records with their organisation), as the geo and report
    tests do: resolution is scored elsewhere; routes need travellers that are one person."""
    from collections import defaultdict

    from sqlalchemy import insert

    from corridor.access import Node
    from corridor.ingest import namespaced_id
    from corridor.model import utc_now
    from corridor.store import rebuild_canonical, tables

    base = sqlite_store(size, seed)
    source = Path(base.url.removeprefix("sqlite:///"))
    where = source.parent.with_name(source.parent.name + "-truth")
    marker = where / "built.json"
    with _locked(Path(f"{where}.lock")):
        if not marker.exists():
            shutil.rmtree(where, ignore_errors=True)
            where.mkdir(parents=True)
            started = time.perf_counter()
            with Node.open(base.settings()):  # checkpoints the WAL into the file on close
                pass
            shutil.copy(source, where / "node.db")
            if Path(f"{source}-wal").exists():  # committed pages another reader kept from the checkpoint
                shutil.copy(f"{source}-wal", where / "node.db-wal")
            shutil.copytree(base.key_dir, where / "keys")
            copied = time.perf_counter() - started
            groups: dict[str, list[str]] = defaultdict(list)
            for kind, item in _truth_records(base.scenario):
                key = item["person"] if kind == "record" else item["organisation"]
                groups[key].append(namespaced_id(item["agency"], item["source_id"]))
            started = time.perf_counter()
            settings = LargeStore(f"sqlite:///{where / 'node.db'}", where / "keys", base.scenario, {}).settings()
            # the rows add_judgement writes, in one executemany: a call per pair compiles an
            # INSERT each time (three quarters of a million pairs took most of an hour here)
            now = utc_now()
            rows = [
                {"left_id": ordered[0], "right_id": other, "verdict": "same", "actor": "truth", "kind": "rule",
                 "score": None, "reason": "", "origin": "GB-NCA", "created_at": now}
                for ids in groups.values()
                for ordered in [sorted(set(ids))]
                for other in ordered[1:]
            ]  # fmt: skip
            with Node.open(settings) as node, node.store.transaction() as conn:
                for start in range(0, len(rows), 50_000):
                    conn.execute(insert(tables.judgements), rows[start : start + 50_000])
                merged = rebuild_canonical(conn)
            judged = len(rows)
            built = {
                **base.built,
                "merged_by_truth": {
                    "judgements": judged,
                    "records_merged": merged,
                    "copy_seconds": round(copied, 1),
                    "merge_seconds": round(time.perf_counter() - started, 1),
                },
            }
            marker.write_text(json.dumps(built, indent=1))
    return LargeStore(f"sqlite:///{where / 'node.db'}", where / "keys", base.scenario, json.loads(marker.read_text()))


def _migrate_older(where: Path, size: str, seed: int, revision: str) -> bool:
    """Take over a store built at an older schema revision and upgrade it in place.

    A migration landing mid-session must not cost another hour of ingest: the older
    store is moved to the new key and upgraded (``Node.initialise`` runs Alembic), and
    ``built.json`` says so. Returns whether one was found.
    """
    from corridor.access import Node
    from corridor.core import Settings

    older = sorted(
        (p for p in (CACHE / "large").glob(f"{size}-s{seed}-r*") if (p / "built.json").exists() and p.is_dir()),
        key=lambda p: p.name,
    )
    older = [p for p in older if not p.name.endswith(("-pg", "-truth")) and p != where]
    if not older:
        return False
    source = older[-1]
    with _locked(Path(f"{source}.lock")):
        if not (source / "built.json").exists():
            return False
        shutil.rmtree(where, ignore_errors=True)
        source.rename(where)
    started = time.perf_counter()
    with Node.initialise(Settings(db=f"sqlite:///{where / 'node.db'}", key_dir=where / "keys"), "GB-NCA"):
        pass
    built = json.loads((where / "built.json").read_text())
    built["migrated_from"] = built.get("revision")
    built["revision"] = revision
    built["migrate_seconds"] = round(time.perf_counter() - started, 1)
    (where / "built.json").write_text(json.dumps(built, indent=1))
    print(f"upgraded the store built at revision {built['migrated_from']} to {revision}", flush=True)
    return True


# -- PostgreSQL: one cluster kept in the cache, started around each use -----------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _pg_cluster() -> Iterator[str]:
    """Start the cached cluster (initdb once) and yield its admin URL; stopped on exit."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
    from _pg import _as_user, find_pg_bin

    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL binaries not found (apt-get install postgresql)")
    user = "postgres" if os.geteuid() == 0 else None
    base = CACHE / "large" / "pg"
    data = base / "data"
    base.mkdir(parents=True, exist_ok=True)
    if user:
        import pwd

        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    if not (data / "PG_VERSION").exists():
        cmd = [str(bin_dir / "initdb"), "-D", str(data), "-U", "corridor", "--auth=trust", "-E", "UTF8", "--no-locale"]
        subprocess.run(_as_user(cmd, user), check=True, capture_output=True)
    port = _free_port()
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
    start = [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"]
    subprocess.run(_as_user(start, user), check=True, capture_output=True)
    try:
        yield f"postgresql://corridor@127.0.0.1:{port}"
    finally:
        stop = [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]
        subprocess.run(_as_user(stop, user), capture_output=True, check=False)


@contextmanager
def postgres_store(size: str = SIZE, seed: int = SEED) -> Iterator[LargeStore]:
    """The cached PostgreSQL store of the scenario (built if missing), while the server runs."""
    import sqlalchemy as sa

    scenario = scenario_dir(size, seed)
    revision = _revision()
    name = f"corridor_{size}_s{seed}_r{revision}".lower().replace("-", "_")
    where = CACHE / "large" / f"{size}-s{seed}-r{revision}-pg"
    marker = where / "built.json"
    with _locked(CACHE / "large" / "pg.lock"), _pg_cluster() as admin:
        url = f"{admin}/{name}"
        if not marker.exists():
            shutil.rmtree(where, ignore_errors=True)
            where.mkdir(parents=True)
            engine = sa.create_engine(f"{admin}/postgres", isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            engine.dispose()
            print(f"ingesting the {size} scenario into PostgreSQL {name} (once) …", flush=True)
            done = _ingest_all(url, where / "keys", scenario)
            built = {"size": size, "people": PEOPLE[size], "seed": seed, "backend": "postgresql", "revision": revision}
            marker.write_text(json.dumps({**built, **done}, indent=1))
        yield LargeStore(url, where / "keys", scenario, json.loads(marker.read_text()))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--size", default=SIZE, choices=sorted(PEOPLE))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--merged", action="store_true", help="the SQLite copy merged by the truth")
    args = parser.parse_args(argv)
    if args.merged:
        print(json.dumps(merged_store(args.size, args.seed).summary(), indent=1))
    elif args.backend == "sqlite":
        store = sqlite_store(args.size, args.seed)
        print(json.dumps(store.summary(), indent=1))
    else:
        with postgres_store(args.size, args.seed) as store:
            print(json.dumps(store.summary(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
