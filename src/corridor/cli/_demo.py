"""The demo: a scenario, a node per agency, the hub holding what the partners shared.

``corridor demo`` is what a new user runs first, so it does the whole journey of a real
federation: generate a scenario, start a node per agency with its own signing key, load
each agency's files into its own node, send the hub (GB-NCA) signed bundles of what the
agreements allow, resolve who is who on the hub, and print a login.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from corridor.access import Node
from corridor.core import InvalidInput, Settings
from corridor.ingest import ingest_file
from corridor.model import parse_marking
from corridor.resolve import resolve
from corridor.scenario import generate
from corridor.share import build_bundle, import_bundle, load_node_key, public_key_text

HUB = "GB-NCA"
Say = Callable[[str], None]


@dataclass(slots=True)
class DemoResult:
    """What the demo built, for the summary and the login banner."""

    db: str
    scenario: str
    files: int = 0
    statements: int = 0
    rejected: int = 0
    seconds: float = 0.0
    logins: list[dict[str, Any]] = field(default_factory=list)
    steps: dict[str, Any] = field(default_factory=dict)


def demo_logins(partners_file: Path, agency: str = HUB) -> list[dict[str, Any]]:
    """The demo users of ``agency`` with their (demo-only) passwords from ``partners.yml``."""
    data = yaml.safe_load(partners_file.read_text(encoding="utf-8"))
    return [
        {"user": f"{u['agency']}/{u['username']}", "password": u.get("password"), "roles": u.get("roles", [])}
        for u in data.get("users", [])
        if u.get("agency") == agency and u.get("password")
    ]


def _fresh(path: Path) -> None:
    """Remove a store and its key directory left by an earlier demo."""
    for stale in path.parent.glob(path.name + "*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()


def _node(nodes: Path, agency: str) -> Node:
    db = nodes / f"{agency.lower()}.db"
    _fresh(db)
    return Node.initialise(Settings(db=str(db)), agency)


def _partners_with_keys(scenario: Path, keys: dict[str, str], out: Path) -> Path:
    """The scenario's partners.yml with every node's public signing key filled in."""
    data = yaml.safe_load((scenario / "partners.yml").read_text(encoding="utf-8"))
    for agency in data.get("agencies", []):
        if agency["code"] in keys:
            agency["public_key"] = keys[agency["code"]]
    target = out / "partners.yml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def build_demo(out: Path, *, size: str, seed: int, say: Say) -> DemoResult:
    """Generate a scenario, run a node per agency, share into the hub, resolve; returns what was built.

    Each agency's node ingests only its own files; each then sends the hub (GB-NCA) the
    signed bundle its agreements and markings allow, and the hub verifies and imports it.
    The hub therefore holds exactly what a real hub would: nothing a marking withholds.
    """
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    scenario = out / "scenario"
    if scenario.exists():
        shutil.rmtree(scenario)
    say(f"generating the {size} scenario (seed {seed}) …")
    generate(scenario, size=size, seed=seed)
    manifest = json.loads((scenario / "manifest.json").read_text(encoding="utf-8"))
    agencies = sorted({entry["agency"] for entry in manifest["files"]} | {HUB})
    nodes_dir = out / "nodes"
    nodes_dir.mkdir(exist_ok=True)
    bundles = out / "bundles"
    bundles.mkdir(exist_ok=True)
    nodes = {agency: _node(nodes_dir, agency) for agency in agencies}
    hub = nodes[HUB]
    result = DemoResult(db=str(nodes_dir / f"{HUB.lower()}.db"), scenario=str(scenario))
    try:
        keys = {agency: public_key_text(load_node_key(node.keys_path).public) for agency, node in nodes.items()}
        partners = _partners_with_keys(scenario, keys, out)
        for node in nodes.values():
            node.load_partners(node.principal(), partners)
        for entry in manifest["files"]:
            node = nodes[entry["agency"]]
            say(f"{entry['agency']} node ingests {entry['path']} ({entry['marking']})")
            report = ingest_file(
                node,
                node.principal(),
                scenario / entry["path"],
                agency=entry["agency"],
                marking=parse_marking(entry["marking"], where=entry["path"]),
                mapping=scenario / entry["mapping"],
            )
            result.files += 1
            result.rejected += report.rejected
        if result.rejected:
            raise InvalidInput(
                f"the demo scenario had {result.rejected} rejected rows; see the rejects files in {scenario}"
            )
        shared: dict[str, int] = {}
        for agency, node in nodes.items():
            if agency == HUB:
                continue
            path = bundles / f"{agency.lower()}-to-{HUB.lower()}.jsonl"
            summary = build_bundle(node, node.principal(), HUB, path, allow_empty=False)
            if summary is None:
                shared[agency] = 0
                continue
            imported = import_bundle(hub, hub.principal(), path)
            shared[agency] = imported.statements
            say(f"{agency} → {HUB}: {imported.statements:,} statements under the agreements")
        result.steps["shared_with_hub"] = shared
        say("resolving who is who on the hub …")
        resolved = resolve(hub, hub.principal())
        result.steps["resolve"] = {
            "records": resolved.records,
            "clusters": resolved.clusters,
            "merged": resolved.merged,
            "queued": resolved.queued,
        }
        result.statements = hub.store.count_statements()
    finally:
        for node in nodes.values():
            node.close()
    result.logins = demo_logins(scenario / "partners.yml")
    result.seconds = round(time.perf_counter() - started, 1)
    return result
