"""Three nodes (GB lead, RS, MK) built from a tiny scenario that played out an operation.

The scenario arrests its six best-connected smugglers on 2024-03-01 (the truth says who,
which roles were refilled by whom and which organisations broke). GB's node holds its own
files and the other agencies' files it would have received (under their own origin and
marking); RS and MK hold their own files and send the hub what their markings allow.
The hub resolves who is who, as the demo does. The nodes run as real ``corridor serve``
processes for the private deconfliction. The tiny size keeps the module near a minute of
set-up; the demo size takes several minutes and is left to ``make demo``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from _serve import served_many
from corridor.access import Node
from corridor.core import Settings
from corridor.ingest import ingest_file
from corridor.model import parse_marking
from corridor.resolve import resolve
from corridor.scenario import generate
from corridor.share import build_bundle, import_bundle, load_node_key, public_key_text

CORRIDOR = str(Path(sys.executable).with_name("corridor"))
ACTION_DAY = "2024-03-01"
SIZE = os.environ.get("CORRIDOR_OPERATIONS_SIZE", "tiny")
"""``demo`` runs the end-to-end test on the issue's demo scenario (minutes of set-up)."""
NODES = ("GB-NCA", "RS-MUP", "MK-MVR")


@dataclass
class World:
    """The scenario, its truth and the three nodes."""

    base: Path
    scenario: Path
    truth: dict[str, Any]
    dbs: dict[str, str]
    urls: dict[str, str]

    def node(self, code: str) -> Node:
        return Node.open(Settings(db=self.dbs[code]))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    base = tmp_path_factory.mktemp("operation")
    scenario = base / "scenario"
    generate(scenario, size=SIZE, seed=7, operation={"day": ACTION_DAY, "arrest": 6})
    truth = json.loads((scenario / "truth.json").read_text(encoding="utf-8"))
    manifest = json.loads((scenario / "manifest.json").read_text(encoding="utf-8"))
    dbs = {code: str(base / f"{code.lower()}.db") for code in NODES}
    keys = {}
    for code in NODES:
        with Node.initialise(Settings(db=dbs[code]), code) as node:
            keys[code] = public_key_text(load_node_key(node.keys_path).public)
    partners = yaml.safe_load((scenario / "partners.yml").read_text(encoding="utf-8"))
    for agency in partners["agencies"]:
        if agency["code"] in keys:
            agency["public_key"] = keys[agency["code"]]
    (base / "partners.yml").write_text(yaml.safe_dump(partners, allow_unicode=True), encoding="utf-8")
    for code in NODES:
        with Node.open(Settings(db=dbs[code])) as node:
            node.load_partners(node.principal(), base / "partners.yml")
            for entry in manifest["files"]:
                own = entry["agency"] == code
                if not own and not (code == "GB-NCA" and entry["agency"] not in NODES):
                    continue
                ingest_file(
                    node,
                    node.principal(),
                    scenario / entry["path"],
                    agency=entry["agency"],
                    marking=parse_marking(entry["marking"], where=entry["path"]),
                    mapping=scenario / entry["mapping"],
                )
    with Node.open(Settings(db=dbs["GB-NCA"])) as hub:
        for code in ("RS-MUP", "MK-MVR"):
            with Node.open(Settings(db=dbs[code])) as partner:
                path = base / f"{code.lower()}-to-gb.jsonl"
                build_bundle(partner, partner.principal(), "GB-NCA", path)
                import_bundle(hub, hub.principal(), path)
        resolve(hub, hub.principal())  # who is who on the hub, as in the demo
    with served_many({code: dbs[code] for code in NODES}, base) as running:
        yield World(base, scenario, truth, dbs, {code: server.base for code, server in running.items()})
