"""The demo: a scenario, a hub node holding what the partners shared, ready to serve.

``corridor demo`` is what a new user runs first, so it does the whole journey a real hub
does: generate a scenario, set up the hub (GB-NCA), load partners and every agency's
files under their own originator and marking, resolve who is who, and print a login.
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
from corridor.scenario import generate

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


def build_demo(out: Path, *, size: str, seed: int, say: Say) -> DemoResult:
    """Generate the scenario and build the hub's store in ``out``; returns what was built."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    scenario = out / "scenario"
    if scenario.exists():
        shutil.rmtree(scenario)
    say(f"generating the {size} scenario (seed {seed}) …")
    generate(scenario, size=size, seed=seed)
    db = out / "hub.db"
    for stale in out.glob("hub.db*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    settings = Settings(db=str(db))
    result = DemoResult(db=str(db), scenario=str(scenario))
    with Node.initialise(settings, HUB) as node:
        admin = node.principal()
        node.load_partners(admin, scenario / "partners.yml")
        manifest = json.loads((scenario / "manifest.json").read_text(encoding="utf-8"))
        for entry in manifest["files"]:
            say(f"ingesting {entry['path']} as {entry['agency']} ({entry['marking']})")
            report = ingest_file(
                node,
                admin,
                scenario / entry["path"],
                agency=entry["agency"],
                marking=parse_marking(entry["marking"], where=entry["path"]),
                mapping=scenario / entry["mapping"],
            )
            result.files += 1
            result.statements += report.statements
            result.rejected += report.rejected
        if result.rejected:
            raise InvalidInput(
                f"the demo scenario had {result.rejected} rejected rows; see the rejects files in {scenario}"
            )
    result.logins = demo_logins(scenario / "partners.yml")
    result.seconds = round(time.perf_counter() - started, 1)
    return result
