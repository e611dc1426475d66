"""Loads a leak-hunt world into a hub node through every entry a node has.

- ``corridor ingest`` of FtM entity files, one per origin and marking (the CLI, as an
  analyst would run it);
- signed bundles: each origin that is not the hub runs its own node, loads its records
  there and sends the hub the bundle its agreements allow (``corridor share import``);
- judgements: the resolver's "same" decisions (some join a visible record to one the
  reader may not see), and an analyst's ``corridor judge``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from conftest import PARTNER_AGENCIES
from corridor.access import Node
from corridor.core import Settings
from corridor.ingest import ingest_file
from corridor.model import Agency, Principal, parse_marking
from corridor.share import build_bundle, load_node_key
from corridor.store import add_judgement, rebuild_canonical

from ._leak_world import HOME, MarkingSpec, Planted, World

Cli = Callable[..., tuple[int, str, str]]
"""Runs ``corridor ARGS…`` in-process against the hub; returns (exit code, stdout, stderr)."""


def load_partners(nodes: dict[str, Node], world: World) -> None:
    """Every node gets the same agencies (with every node's public key), users, compartment, agreements."""
    keys = {code: load_node_key(n.keys_path).public_text for code, n in nodes.items()}
    agencies: list[Agency] = [replace(a, public_key=keys.get(a.code)) for a in PARTNER_AGENCIES]
    for n in nodes.values():
        with n.store.transaction() as conn:
            n.store.replace_partners(
                conn, agencies=agencies, users=world.users, operations=[world.operation], agreements=world.agreements
            )


def entity_files(statements: list[Planted], directory: Path) -> list[tuple[Path, str, MarkingSpec]]:
    """FtM entity files, one per (origin, marking): (path, origin, marking)."""
    groups: dict[tuple[str, MarkingSpec], dict[str, dict[str, object]]] = defaultdict(dict)
    for stmt in statements:
        entities = groups[(stmt.origin, stmt.marking)]
        entity = entities.setdefault(stmt.source_id, {"id": stmt.source_id, "schema": stmt.schema, "properties": {}})
        props = entity["properties"]
        assert isinstance(props, dict)
        props.setdefault(stmt.prop, []).append(stmt.value)
    out = []
    directory.mkdir(parents=True, exist_ok=True)
    for number, ((origin, marking), entities) in enumerate(
        sorted(groups.items(), key=lambda g: (g[0][0], g[0][1].text()))
    ):
        path = directory / f"{origin.lower()}-{number:03d}.ftm.json"
        path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities.values()), encoding="utf-8")
        out.append((path, origin, marking))
    return out


def _ingest(cli: Cli, files: list[tuple[Path, str, MarkingSpec]]) -> None:
    for path, origin, marking in files:
        code, out, err = cli("--json", "ingest", str(path), "--agency", origin, "--marking", marking.text())
        assert code == 0, f"ingest {path.name} ({marking.text()}): {err or out}"


def load_world(hub: Node, origins: dict[str, Node], world: World, cli: Cli, tmp: Path) -> dict[str, int]:
    """Load ``world`` into ``hub`` (origins' nodes send bundles); returns counts per entry."""
    counts = {"files": 0, "bundles": 0, "judgements": 0}
    direct = [s for s in world.statements if s.entry == "ingest"]
    files = entity_files(direct, tmp / "ingest")
    _ingest(cli, files)
    counts["files"] += len(files)
    for origin, node in origins.items():
        mine = [s for s in world.statements if s.entry == "bundle" and s.origin == origin]
        if not mine:
            continue
        files = entity_files(mine, tmp / f"origin-{origin.lower()}")
        for path, _, marking in files:  # on the origin's own node, with its own audit key
            ingest_file(node, node.store.principal(origin), path, agency=origin, marking=parse_marking(marking.text()))
        counts["files"] += len(files)
        bundle = tmp / f"bundle-{origin.lower()}.jsonl"
        summary = build_bundle(node, node.store.principal(origin), HOME, bundle)
        assert summary is not None
        code, out, err = cli("--json", "share", "import", str(bundle))
        assert code == 0, f"share import from {origin}: {err or out}"
        counts["bundles"] += 1
    with hub.store.transaction() as conn:
        for left, right, verdict in world.judgements:
            add_judgement(conn, left, right, verdict, actor="resolver", kind="model", origin=HOME, score=0.93)
            counts["judgements"] += 1
        rebuild_canonical(conn)
    return counts


def origin_nodes(world: World, tmp: Path) -> dict[str, Node]:
    """A SQLite node for every origin that sends the hub a bundle."""
    out = {}
    for origin in sorted({s.origin for s in world.statements if s.entry == "bundle"}):
        base = tmp / f"node-{origin.lower()}"
        base.mkdir(parents=True, exist_ok=True)
        out[origin] = Node.initialise(Settings(db=str(base / "store.db"), key_dir=base / "keys"), origin)
    return out


def analyst_judgement(cli: Cli, visible_people: list[str], reader: str) -> bool:
    """An analyst's own "same" between two people they see; False when there are not two."""
    if len(visible_people) < 2:
        return False
    left, right = visible_people[:2]
    code, out, err = cli("--as", reader, "--json", "judge", left, right, "same", "--why", "leak hunt")
    assert code == 0, f"judge as {reader}: {err or out}"
    return True


def check_marking_texts(world: World) -> None:
    """Every planted marking parses (a bad builder would test nothing)."""
    for stmt in world.statements:
        parse_marking(stmt.marking.text())


__all__ = [
    "Cli",
    "Principal",
    "analyst_judgement",
    "check_marking_texts",
    "load_partners",
    "load_world",
    "origin_nodes",
]
