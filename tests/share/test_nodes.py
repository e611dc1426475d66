"""Four nodes as separate processes on loopback: GB hub, RS, MK and XK.

Agreements are asymmetric and not transitive: RS↔GB, MK↔GB, XK↔GB, MK↔RS, and nothing
between RS and XK. Each node has its own SQLite store, key directory and server process;
bundles travel over HTTP (push and pull) and as files, and a hit/no-hit query goes over
HTTP.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest
import yaml
from sqlalchemy import select

from _serve import served_many
from corridor.access import Node
from corridor.cli import run
from corridor.core import Settings
from corridor.share import load_node_key
from corridor.store import tables
from share.conftest import PAIRS, person, write

pytestmark = pytest.mark.slow
CORRIDOR = str(Path(sys.executable).with_name("corridor"))
CODES = {"GB-NCA": "gb", "RS-MUP": "rs", "MK-MVR": "mk", "XK-KP": "xk"}
CONTACTS = {
    "GB-NCA": "ops@nca.example",
    "RS-MUP": "spoc@mup.example",
    "MK-MVR": "spoc@mvr.example",
    "XK-KP": "ops@kp.example",
}


@dataclass
class Cluster:
    """Paths, URLs and server processes of the test nodes."""

    base: Path
    dbs: dict[str, str]
    urls: dict[str, str]
    servers: dict[str, subprocess.Popen[bytes]]

    def node(self, code: str) -> Node:
        return Node.open(Settings(db=self.dbs[code]))

    def cli(self, code: str, *args: str) -> tuple[int, Any]:
        """Run a corridor command in-process against one node: (exit code, parsed JSON or None)."""
        return cli(self.dbs[code], *args)


def cli(db: str, *args: str) -> tuple[int, Any]:
    """``corridor --db DB --json ARGS`` in this process (servers and kills use real processes)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--db", db, "--json", *args])
    lines = out.getvalue().strip().splitlines()
    data = json.loads(lines[-1]) if lines else None
    if code:
        data = {"exit": code, "stderr": err.getvalue(), "body": data}
    return code, data


def partners_yaml(keys: dict[str, str]) -> str:
    agencies = [
        {"code": code, "name": code, "country": code[:2], "contact": CONTACTS[code], "public_key": keys[code]}
        for code in CODES
    ]
    agreements = []
    for a, b in PAIRS:
        if a in CODES and b in CODES:
            agreements += [{"provider": a, "recipient": b}, {"provider": b, "recipient": a}]
    return yaml.safe_dump({"agencies": agencies, "agreements": agreements})


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    base = tmp_path_factory.mktemp("nodes")
    dbs = {code: str(base / f"{short}.db") for code, short in CODES.items()}
    keys = {}
    for code in CODES:
        with Node.initialise(Settings(db=dbs[code]), code) as node:
            keys[code] = load_node_key(node.keys_path).public_text
    (base / "partners.yml").write_text(partners_yaml(keys))
    for code in CODES:
        with Node.open(Settings(db=dbs[code])) as node:
            node.load_partners(node.principal(), base / "partners.yml")
    with served_many({CODES[code]: dbs[code] for code in CODES}, base) as running:
        urls = {code: running[CODES[code]].base for code in CODES}
        yield Cluster(base, dbs, urls, {code: running[CODES[code]].proc for code in CODES})


def origins(node: Node) -> dict[str, set[str]]:
    """Statement ids a node holds, by originator (every visible row, the node's own view)."""
    out: dict[str, set[str]] = {}
    for stmt in node.store.view(node.principal()).statements():
        out.setdefault(stmt.origin, set()).add(stmt.id)
    return out


def test_four_nodes_share_exactly_what_they_may(cluster: Cluster) -> None:
    rs, gb, mk, xk = (cluster.node(c) for c in ("RS-MUP", "GB-NCA", "MK-MVR", "XK-KP"))
    try:
        rs_default = person("rs.p1", "RS-MUP", phone="+381641234567", name="Marko Petrović")
        rs_onward = person("rs.p2", "RS-MUP", "B2 P consent=no", phone="+381641111111", name="Onward Ok")
        rs_gb_only = person("rs.p3", "RS-MUP", "A1 C conditions='not for court' to=GB-NCA", name="GB Only")
        write(rs, rs_default + rs_onward + rs_gb_only)
        write(gb, person("gb.p1", "GB-NCA", phone="+447911123456", name="Channel Pilot"))
        write(mk, person("mk.p1", "MK-MVR", "B2 P consent=no", phone="+38970123456", name="Gevgelija Guide"))

        # RS -> GB by HTTP push; RS -> MK by HTTP pull from MK's side
        code, data = cluster.cli("RS-MUP", "share", "push", "--partner", cluster.urls["GB-NCA"])
        assert code == 0, data
        code, data = cluster.cli("MK-MVR", "share", "pull", "--partner", cluster.urls["RS-MUP"])
        assert code == 0
        assert isinstance(data, list)
        assert len(data) == 1
        # MK -> GB push; GB -> XK pulled by XK; GB -> MK as a file
        assert cluster.cli("MK-MVR", "share", "push", "--partner", cluster.urls["GB-NCA"])[0] == 0
        assert cluster.cli("XK-KP", "share", "pull", "--partner", cluster.urls["GB-NCA"])[0] == 0
        bundle = cluster.base / "gb-mk-1.jsonl"
        assert cluster.cli("GB-NCA", "share", "bundle", "--to", "MK-MVR", "--out", str(bundle))[0] == 0
        assert cluster.cli("MK-MVR", "share", "import", str(bundle))[0] == 0

        ids = {s.id for s in rs_default + rs_onward + rs_gb_only}
        assert origins(gb)["RS-MUP"] == ids
        assert origins(mk)["RS-MUP"] == {s.id for s in rs_default + rs_onward}
        xk_has = origins(xk)
        assert xk_has.get("RS-MUP", set()) == {s.id for s in rs_onward}, "RS data reached XK without consent"
        assert xk_has["GB-NCA"]
        assert xk_has["MK-MVR"]

        # every partner holds exactly what its senders' doors let it see, not one statement more
        def door(sender: Node, receiver: str) -> set[str]:
            view = sender.store.view(sender.store.principal(receiver))
            return {s.id for s in view.statements() if s.origin != receiver}

        def received(receiver: Node) -> set[str]:
            return {i for o, s in origins(receiver).items() if o != receiver.store.node_agency for i in s}

        assert received(xk) == door(gb, "XK-KP")
        assert received(mk) == door(gb, "MK-MVR") | door(rs, "MK-MVR")
        assert received(gb) == door(rs, "GB-NCA") | door(mk, "GB-NCA")

        # tampered, replayed and out-of-order bundles: refused, nothing changes
        before = origins(mk)
        tampered = cluster.base / "tampered.jsonl"
        tampered.write_bytes(bundle.read_bytes().replace(b"Channel Pilot", b"Channel Pil0t"))
        assert cluster.cli("MK-MVR", "share", "import", str(tampered))[0] == 4
        write(gb, person("gb.p2", "GB-NCA", name="Second"))
        second = cluster.base / "gb-mk-2.jsonl"
        assert cluster.cli("GB-NCA", "share", "bundle", "--to", "MK-MVR", "--out", str(second))[0] == 0
        write(gb, person("gb.p3", "GB-NCA", name="Third"))
        third = cluster.base / "gb-mk-3.jsonl"
        assert cluster.cli("GB-NCA", "share", "bundle", "--to", "MK-MVR", "--out", str(third))[0] == 0
        code, gap = cluster.cli("MK-MVR", "share", "import", str(third))
        assert code == 4
        assert "gap" in gap["stderr"]
        assert origins(mk) == before
        assert cluster.cli("MK-MVR", "share", "import", str(second))[0] == 0
        assert cluster.cli("MK-MVR", "share", "import", str(third))[0] == 0
        settled = origins(mk)
        code, replay = cluster.cli("MK-MVR", "share", "import", str(second))
        assert code == 4
        assert "replayed" in replay["stderr"]
        assert origins(mk) == settled

        # private hit/no-hit: XK asks GB over HTTP about three phones, one of them GB's
        selectors = cluster.base / "selectors.txt"
        selectors.write_text("phone:+447911123456\nphone:+381641234567\nphone:+38344111222\n")
        code, data = cluster.cli(
            "XK-KP", "hits", "query", "--partner", cluster.urls["GB-NCA"], "--selectors", str(selectors)
        )
        assert code == 0
        assert isinstance(data, dict)
        assert data["hits"] == ["phone:+447911123456"]  # RS's phone at GB is RS's to answer for
        assert data["contact"] == CONTACTS["GB-NCA"]
        code, alerts = cluster.cli("GB-NCA", "alerts")
        assert any(a["kind"] == "hit" and a["partner"] == "XK-KP" for a in alerts)
        assert not any("+38344111222" in json.dumps(a) for a in alerts)

        # deconfliction: GB and MK both target the same phone in live operations
        assert cluster.cli("GB-NCA", "deconflict", "add", "phone:+38970999888", "--operation", "OP-BALKAN")[0] == 0
        assert cluster.cli("MK-MVR", "deconflict", "add", "phone:+38970999888", "--operation", "OP-VARDAR")[0] == 0
        assert cluster.cli("MK-MVR", "deconflict", "add", "phone:+38970999000", "--operation", "OP-VARDAR")[0] == 0
        code, data = cluster.cli("MK-MVR", "deconflict", "check", "--partner", cluster.urls["GB-NCA"])
        assert code == 0
        assert data["hits"] == ["phone:+38970999888"]
        for side, other in (("GB-NCA", "MK-MVR"), ("MK-MVR", "GB-NCA")):
            _, alerts = cluster.cli(side, "alerts")
            found = [a for a in alerts if a["kind"] == "deconfliction"]
            assert len(found) == 1
            assert found[0]["partner"] == other
            assert CONTACTS[other] in found[0]["detail"]

        # consent: GB asks RS to release rs.p1 onward to XK; RS grants; it flows RS -> GB -> XK
        wanted = [s.id for s in rs_default]
        code, req = cluster.cli(
            "GB-NCA", "share", "consent", "request", "--partner", cluster.urls["RS-MUP"], "--for", "XK-KP", *wanted
        )
        assert code == 0
        assert cluster.cli("RS-MUP", "share", "consent", "answer", req["id"], "grant")[0] == 0
        code, checked = cluster.cli(
            "GB-NCA", "share", "consent", "check", "--partner", cluster.urls["RS-MUP"], req["id"]
        )
        assert checked["status"] == "granted"
        assert cluster.cli("RS-MUP", "share", "push", "--partner", cluster.urls["GB-NCA"])[0] == 0
        assert cluster.cli("XK-KP", "share", "pull", "--partner", cluster.urls["GB-NCA"])[0] == 0
        assert origins(xk)["RS-MUP"] == {s.id for s in rs_default + rs_onward}
        assert not {s.id for s in rs_gb_only} & origins(xk)["RS-MUP"]
    finally:
        for n in (rs, gb, mk, xk):
            n.close()


def snapshot(db: str) -> tuple[list[Any], list[Any]]:
    with Node.open(Settings(db=db)) as node, node.store.engine.connect() as conn:
        markings = {r.id: (r.originator, r.text) for r in conn.execute(select(tables.markings))}
        rows = sorted(
            (r.id, r.entity_id, r.value, markings[r.marking_id], r.withdrawn, r.first_seen, r.last_seen)
            for r in conn.execute(select(tables.statements))
        )
        inbox = sorted((r.sender, r.sequence, r.sha256) for r in conn.execute(select(tables.share_inbox)))
    return rows, inbox


def test_kill_during_import_then_rerun_equals_uninterrupted(tmp_path: Path) -> None:
    keys = {}
    dbs = {"RS-MUP": str(tmp_path / "rs.db"), "GB-NCA": str(tmp_path / "gb.db")}
    for code, db in dbs.items():
        with Node.initialise(Settings(db=db), code) as node:
            keys[code] = load_node_key(node.keys_path).public_text
    (tmp_path / "partners.yml").write_text(partners_yaml({**keys, "MK-MVR": "", "XK-KP": ""}))
    for db in dbs.values():
        with Node.open(Settings(db=db)) as node:
            node.load_partners(node.principal(), tmp_path / "partners.yml")
    with Node.open(Settings(db=dbs["RS-MUP"])) as rs:
        stmts = [s for i in range(12_000) for s in person(f"rs.p{i}", "RS-MUP", phone=f"+3816{i:08d}", name=f"P {i}")]
        write(rs, stmts)
        from corridor.share import build_bundle

        build_bundle(rs, rs.principal(), "GB-NCA", tmp_path / "big.jsonl")
    copy = str(tmp_path / "gb-copy.db")
    shutil.copy(dbs["GB-NCA"], copy)
    shutil.copytree(dbs["GB-NCA"] + ".keys", copy + ".keys")
    bundle = str(tmp_path / "big.jsonl")
    assert cli(copy, "share", "import", bundle)[0] == 0  # the reference: an uninterrupted import
    killed = 0
    for pause in (0.3, 1.5):
        proc = subprocess.Popen(
            [CORRIDOR, "--db", dbs["GB-NCA"], "share", "import", bundle],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        watched = psutil.Process(proc.pid)
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:  # wait until it reads the bundle
            try:
                if any(f.path == bundle for f in watched.open_files()):
                    break
            except psutil.Error:
                break
            time.sleep(0.05)
        time.sleep(pause)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
    assert killed >= 1
    with Node.open(Settings(db=dbs["GB-NCA"])) as gb, gb.store.engine.connect() as conn:
        partial = conn.execute(select(tables.share_inbox)).all()
    assert cli(dbs["GB-NCA"], "share", "import", bundle)[0] == 0
    assert snapshot(dbs["GB-NCA"]) == snapshot(copy)
    assert len(partial) in (0, 1)
