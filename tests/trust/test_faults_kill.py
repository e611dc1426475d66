"""``kill -9`` at random points of ingest, resolution, judgement writes and the server.

Each job runs as a real process and is killed after a random delay once it is at work;
then the audit chain must verify, a re-run must finish the job, and the store must equal
a clean run's: nothing lost, nothing written twice, counted against what was sent.
``tests/ingest/test_kill.py`` (one kill of one big file) and ``tests/share/test_nodes.py``
(bundle import) hold the single-kill cases; these repeat kills at random points,
``scaled(n)`` times.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest

from corridor.access import Node
from corridor.core import Settings
from corridor.ingest import ingest_file
from corridor.model import parse_marking
from corridor.resolve import resolve
from corridor.scenario import generate
from corridor.store import Store
from trust._faults import (
    audit_verifies,
    canonical_rows,
    cli,
    corridor,
    job_env,
    judgement_rows,
    kill_at_random,
    served,
    statement_rows,
    token,
)
from trust._soak import record, scaled

pytestmark = pytest.mark.slow
SEED = 12


@dataclass(frozen=True)
class Reference:
    """The tiny scenario and clean runs of it: ingested, and ingested then resolved."""

    scenario: Path
    files: list[dict[str, str]]
    ingested: str
    resolved: str
    keys: Path


def ingest_all(node: Node, scenario: Path, files: list[dict[str, str]]) -> None:
    for item in files:
        ingest_file(
            node,
            node.principal(),
            scenario / item["path"],
            agency=item["agency"],
            marking=parse_marking(item["marking"]),
            mapping=scenario / item["mapping"],
        )


def new_node(db: str, keys: Path, scenario: Path) -> None:
    with Node.initialise(Settings(db=db, key_dir=keys), "GB-NCA") as node:
        node.load_partners(node.principal(), scenario / "partners.yml")


def copy_db(source: str, target: Path) -> str:
    shutil.copy(source, target)
    return str(target)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    base = tmp_path_factory.mktemp("faults-ref")
    scenario = base / "scenario"
    generate(scenario, size="tiny", seed=SEED)
    files = json.loads((scenario / "manifest.json").read_text())["files"]
    keys = base / "keys"
    ingested = str(base / "ingested.db")
    new_node(ingested, keys, scenario)
    with Node.open(Settings(db=ingested, key_dir=keys)) as node:
        ingest_all(node, scenario, files)
    resolved = copy_db(ingested, base / "resolved.db")
    with Node.open(Settings(db=resolved, key_dir=keys)) as node:
        resolve(node, node.principal())
    return Reference(scenario, files, ingested, resolved, keys)


def opened(path: str) -> Callable[[psutil.Process], bool]:
    """Ready once the job has ``path`` open (it is past its imports and at work)."""

    def ready(proc: psutil.Process) -> bool:
        try:
            return any(f.path == path for f in proc.open_files())
        except psutil.Error:
            return False

    return ready


def visible_of_source(db: str, source: str) -> int:
    """Statements of ``source`` the node's admin sees, read by ``Store`` (a ``Node`` open would
    clear a dead load first)."""
    with Store.open(Settings(db=db).database_url) as store:
        return sum(1 for _ in store.view(store.principal("GB-NCA")).statements(sources=[source]))


def test_kill_ingest_at_random_points_then_rerun(store_url: str, reference: Reference, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    keys = tmp_path / "keys"
    new_node(store_url, keys, reference.scenario)
    # the biggest files, so the kill lands while rows are being written
    files = sorted(reference.files, key=lambda f: -(reference.scenario / f["path"]).stat().st_size)[:4]
    want = Counter(row[4] for row in statement_rows(reference.ingested, reference.keys))
    faults = 0
    for _ in range(scaled(2)):
        item = rng.choice(files)
        path = str(reference.scenario / item["path"])
        command = corridor(
            store_url,
            "ingest",
            path,
            "--mapping",
            str(reference.scenario / item["mapping"]),
            "--agency",
            item["agency"],
            "--marking",
            item["marking"],
        )
        done = kill_at_random(command, job_env(keys), rng, ready=opened(path), window=1.5)
        faults += done.killed
        assert done.returncode in (0, -9), done
        # all of the file or none of it through the door, before a node open clears the dead load
        source = Path(path).name
        assert visible_of_source(store_url, source) in (0, want[source]), source
        assert audit_verifies(store_url, keys)
    assert faults >= 1, "every job finished before its kill; widen the window"
    with Node.open(Settings(db=store_url, key_dir=keys)) as node:
        ingest_all(node, reference.scenario, reference.files)
    assert audit_verifies(store_url, keys)
    got, expected = statement_rows(store_url, keys), statement_rows(reference.ingested, reference.keys)
    lost = len(set(expected) - set(got))
    extra = len(got) - len(set(got)) + len(set(got) - set(expected))
    assert (lost, extra) == (0, 0)
    assert got == expected
    record("faults", faults=faults, lost=lost, duplicated=extra)


def test_kill_resolve_at_random_points_then_rerun(reference: Reference, tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    db = copy_db(reference.ingested, tmp_path / "store.db")
    faults = 0
    for _ in range(scaled(2)):
        done = kill_at_random(corridor(db, "resolve"), job_env(reference.keys), rng, ready=opened(db), window=4.0)
        faults += done.killed
        assert done.returncode in (0, -9), done
        assert audit_verifies(db, reference.keys)
        # a killed run leaves the resolution as it was or whole, never half of it
        assert canonical_rows(db, reference.keys) in (
            canonical_rows(reference.ingested, reference.keys),
            canonical_rows(reference.resolved, reference.keys),
        )
    assert cli(db, "resolve", keys=reference.keys)[0] == 0
    assert audit_verifies(db, reference.keys)
    assert canonical_rows(db, reference.keys) == canonical_rows(reference.resolved, reference.keys)
    want = Counter(r[:4] for r in judgement_rows(reference.resolved, reference.keys))
    got = Counter(r[:4] for r in judgement_rows(db, reference.keys))
    lost = sum((want - got).values())
    assert lost == 0
    record("faults", faults=faults, lost=lost, duplicated=0)


def pairs_of(reference: Reference, count: int) -> list[tuple[str, str]]:
    """Distinct pairs of person records no resolver judged."""
    judged = {(a, b) for a, b, *_ in judgement_rows(reference.ingested, reference.keys)}
    with Node.open(Settings(db=reference.ingested, key_dir=reference.keys)) as node:
        view = node.store.view(node.principal())
        people = sorted({s.entity_id for s in view.statements(schemata=["Person"], props=["name"])})
    out = []
    for a, b in zip(people[::2], people[1::2], strict=False):
        if (a, b) not in judged:
            out.append((a, b))
    return out[:count]


def test_kill_server_during_judgement_writes(reference: Reference, tmp_path: Path) -> None:
    """Every judgement the server acknowledged survives its kill; none is stored twice."""
    rng = random.Random(SEED + 2)
    db = copy_db(reference.ingested, tmp_path / "store.db")
    pairs = pairs_of(reference, 400)
    sent = {f"fault-{i}": pair for i, pair in enumerate(pairs)}
    bearer = {"Authorization": f"Bearer {token(db, reference.keys, 'GB-NCA/analyst')}"}
    acked: set[str] = set()
    faults = 0
    pending = list(sent)
    for _ in range(scaled(1)):
        if not pending:
            break
        queue = list(pending)
        lock = threading.Lock()
        with served(db, reference.keys, tmp_path / "serve.log") as (base, proc):

            def worker(base: str = base, queue: list[str] = queue, lock: threading.Lock = lock) -> None:
                with httpx.Client(base_url=base, headers=bearer, timeout=30) as client:
                    while True:
                        with lock:
                            if not queue:
                                return
                            reason = queue.pop()
                        left, right = sent[reason]
                        body = {"left": left, "right": right, "verdict": "different", "reason": reason}
                        try:
                            response = client.post("/api/review", json=body)
                        except httpx.HTTPError:
                            return  # the server was killed under this request
                        if response.status_code == 201:
                            with lock:
                                acked.add(reason)

            threads = [threading.Thread(target=worker) for _ in range(4)]
            for thread in threads:
                thread.start()
            threading.Event().wait(rng.uniform(0.5, 3.0))
            proc.kill()
            proc.wait()
            faults += 1
            for thread in threads:
                thread.join()
        assert audit_verifies(db, reference.keys)
        stored = Counter(r[4] for r in judgement_rows(db, reference.keys) if r[3] == "analyst")
        assert acked <= set(stored), "an acknowledged judgement was lost"
        assert max(stored.values(), default=1) == 1, "a judgement was stored twice"
        pending = [reason for reason in sent if reason not in stored]  # the client re-sends what is missing
    with Node.open(Settings(db=db, key_dir=reference.keys)) as node:
        principal = node.store.principal("GB-NCA", "analyst")
        from corridor.resolve import judge

        for reason in pending:
            judge(node, principal, *sent[reason], "different", why=reason)
    stored = Counter(r[4] for r in judgement_rows(db, reference.keys) if r[3] == "analyst")
    assert stored == Counter(sent.keys()), "after the re-run every judgement sent is stored exactly once"
    assert audit_verifies(db, reference.keys)
    record("faults", faults=faults, lost=0, duplicated=0, judgements_sent=len(sent))


def test_kill_cli_judge_then_rerun(reference: Reference, tmp_path: Path) -> None:
    """A killed ``corridor judge`` left its decision whole (judgement and audit entry) or not at all."""
    rng = random.Random(SEED + 3)
    db = copy_db(reference.ingested, tmp_path / "store.db")
    pairs = pairs_of(reference, scaled(2))
    faults = 0
    for i, (left, right) in enumerate(pairs):
        reason = f"cli-{i}"
        command = corridor(db, "--as", "GB-NCA/analyst", "judge", left, right, "same", "--why", reason)
        done = kill_at_random(command, job_env(reference.keys), rng, ready=opened(db), window=0.8)
        faults += done.killed
        assert audit_verifies(db, reference.keys)
        kept = [r for r in judgement_rows(db, reference.keys) if r[4] == reason]
        if not kept:
            code, out = cli(
                db, "--as", "GB-NCA/analyst", "judge", left, right, "same", "--why", reason, keys=reference.keys
            )
            assert code == 0, out
        kept = [r for r in judgement_rows(db, reference.keys) if r[4] == reason]
        assert len(kept) == 1
    canon = dict(canonical_rows(db, reference.keys))
    assert all(canon.get(a, a) == canon.get(b, b) for a, b in pairs), "a kept 'same' is missing from the clusters"
    record("faults", faults=faults, lost=0, duplicated=0)


def outbox(db: str) -> int:
    """How many bundles a node has made (the highest outbox sequence)."""
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute("SELECT coalesce(max(sequence), 0) FROM share_outbox").fetchone()[0])


def test_kill_receiving_server_during_bundle_push_then_push_again(tmp_path: Path) -> None:
    """RS pushes bundles to GB while GB's server is killed: every push after the restart
    succeeds and GB ends with exactly what RS's door lets it have, once."""
    from corridor.share import load_node_key
    from share.conftest import person, write
    from share.test_nodes import partners_yaml

    rng = random.Random(SEED + 4)
    dbs = {"RS-MUP": str(tmp_path / "rs.db"), "GB-NCA": str(tmp_path / "gb.db")}
    keys = {}
    for agency, db in dbs.items():
        with Node.initialise(Settings(db=db, key_dir=tmp_path / f"{agency}.keys"), agency) as node:
            keys[agency] = load_node_key(node.keys_path).public_text
    (tmp_path / "partners.yml").write_text(partners_yaml({**keys, "MK-MVR": "", "XK-KP": ""}))
    for agency, db in dbs.items():
        with Node.open(Settings(db=db, key_dir=tmp_path / f"{agency}.keys")) as node:
            node.load_partners(node.principal(), tmp_path / "partners.yml")
    rs, gb = dbs["RS-MUP"], dbs["GB-NCA"]
    rs_keys, gb_keys = tmp_path / "RS-MUP.keys", tmp_path / "GB-NCA.keys"
    faults = sent = 0
    for round_ in range(scaled(1)):
        with Node.open(Settings(db=rs, key_dir=rs_keys)) as node:
            batch = [
                s
                for i in range(1_500)
                for s in person(f"rs.r{round_}.p{i}", "RS-MUP", phone=f"+3816{round_}{i:07d}", name=f"P {round_} {i}")
            ]
            write(node, batch)
            sent += len(batch)
        with served(gb, gb_keys, tmp_path / "gb.log") as (base, proc):
            pusher = subprocess.Popen(
                corridor(rs, "share", "push", "--partner", base),
                env=job_env(rs_keys),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            # kill once RS has built (and committed) the bundle, while it is on its way or being imported
            deadline = time.monotonic() + 300
            while pusher.poll() is None and outbox(rs) <= round_ and time.monotonic() < deadline:
                time.sleep(0.02)
            threading.Event().wait(rng.uniform(0.0, 1.5))
            if proc.poll() is None and pusher.poll() is None:
                proc.kill()
                faults += 1
            pusher.wait(timeout=600)
        assert audit_verifies(gb, gb_keys)
        assert audit_verifies(rs, rs_keys)
        with served(gb, gb_keys, tmp_path / "gb.log") as (base, proc):
            code, out = cli(rs, "share", "push", "--partner", base, keys=rs_keys)
            assert code == 0, f"the push after the receiver's restart failed: {out}"
    with Node.open(Settings(db=rs, key_dir=rs_keys)) as node:
        door = {s.id for s in node.store.view(node.store.principal("GB-NCA")).statements()}
    with Node.open(Settings(db=gb, key_dir=gb_keys)) as node:
        got = [s.id for s in node.store.view(node.principal()).statements() if s.origin == "RS-MUP"]
    lost, twice = len(door - set(got)), len(got) - len(set(got))
    assert (lost, twice) == (0, 0)
    assert len(door) == sent
    record("faults", faults=faults, lost=lost, duplicated=twice)
