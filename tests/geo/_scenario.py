"""A tiny generated scenario, ingested into a SQLite node and resolved by its truth.

Resolution is the resolver's job and is scored elsewhere; here every record is merged
with the others of its true person (and organisation records with their organisation),
so that route and money analyses are measured on their own against the truth.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor.access import Node
from corridor.core import Settings
from corridor.model import parse_marking
from corridor.store import add_judgement, rebuild_canonical

POLICE_COUNTRIES = frozenset({"rs", "mk", "xk", "al", "tr"})
"""Countries whose police write interceptions in the scenario."""


@dataclass
class Scenario:
    """The node, the truth, and the map from store ids to true ids."""

    node: Node
    truth: dict[str, Any]
    true_id: dict[str, str]


def load(out: Path, db: Path, *, seed: int = 7, size: str = "tiny") -> Scenario:
    """Generate, ingest every manifest file, and merge records by their truth."""
    from corridor.ingest import ingest_file, namespaced_id
    from corridor.scenario import generate

    generate(out, size=size, seed=seed)
    node = Node.initialise(Settings(db=str(db), key_dir=db.parent / "keys"), "GB-NCA")
    node.load_partners(node.principal(), out / "partners.yml")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for item in manifest["files"]:
        ingest_file(
            node, node.principal(), out / item["path"], agency=item["agency"],
            marking=parse_marking(item["marking"]), mapping=out / item["mapping"],
        )  # fmt: skip
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    groups: dict[str, list[str]] = defaultdict(list)
    for record in truth["records"]:
        groups[record["person"]].append(namespaced_id(record["agency"], record["source_id"]))
    for record in truth["org_records"]:
        groups[record["organisation"]].append(namespaced_id(record["agency"], record["source_id"]))
    true_id: dict[str, str] = {}
    with node.store.transaction() as conn:
        for true, ids in groups.items():
            ordered = sorted(set(ids))
            for other in ordered[1:]:
                add_judgement(
                    conn,
                    ordered[0],
                    other,
                    "same",
                    actor="truth",
                    kind="rule",
                    origin="GB-NCA",
                    reason="scenario truth",
                )
            for record in ordered:
                true_id[record] = true
        rebuild_canonical(conn)
    return Scenario(node, truth, true_id)


def recorded_events(truth: dict[str, Any]) -> list[dict[str, Any]]:
    """Truth events some agency writes down: police interceptions at home, every landing and lorry find."""
    return [
        e for e in truth["events"]
        if (e["type"] == "interception" and e["country"] in POLICE_COUNTRIES) or e["type"] in ("arrival", "clandestine")
    ]  # fmt: skip


def event_persons(event: dict[str, Any]) -> list[str]:
    """The true persons an agency records for an event (police record only arrested smugglers)."""
    smugglers = [s["person"] for s in event["smugglers"] if s["arrested"] or event["type"] != "interception"]
    return list(event["migrants"]) + smugglers
