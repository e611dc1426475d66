"""Load a generated scenario into a node (every manifest file) for quality tests and benchmarks."""

from __future__ import annotations

import json
from pathlib import Path

from corridor.access import Node
from corridor.model import parse_marking


def load_scenario(node: Node, out: Path) -> int:
    """Load partners and ingest every file of the manifest; returns records ingested."""
    from corridor.ingest import ingest_file

    node.load_partners(node.principal(), out / "partners.yml")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    total = 0
    for item in manifest["files"]:
        report = ingest_file(
            node,
            node.principal(),
            out / item["path"],
            agency=item["agency"],
            marking=parse_marking(item["marking"]),
            mapping=out / item["mapping"] if item.get("mapping") else None,
        )
        total += report.entities
    return total
