"""The formats this package writes, each opening the door once for its purpose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from corridor.access import Node, ensure
from corridor.exchange._anx import write_anx
from corridor.exchange._disclose import EXPORT_PURPOSE
from corridor.exchange._ftm import write_ftm
from corridor.exchange._graphfile import write_gexf, write_graphml
from corridor.exchange._misp import write_misp
from corridor.exchange._stix import write_stix
from corridor.exchange._tabular import write_csv, write_xlsx
from corridor.model import Principal
from corridor.store import View

Writer = Callable[[View, Path, str], dict[str, Any]]

WRITERS: dict[str, Writer] = {
    "ftm": lambda view, out, producer: write_ftm(view, out),
    "csv": lambda view, out, producer: write_csv(view, out),
    "xlsx": lambda view, out, producer: write_xlsx(view, out),
    "stix": lambda view, out, producer: write_stix(view, out, producer=producer),
    "misp": lambda view, out, producer: write_misp(view, out, producer=producer),
    "anx": lambda view, out, producer: write_anx(view, out),
    "graphml": lambda view, out, producer: write_graphml(view, out),
    "gexf": lambda view, out, producer: write_gexf(view, out),
}
"""Format name → writer of the principal's view to a path (returns counts)."""


def write_export(node: Node, principal: Principal, fmt: str, out: Path) -> dict[str, Any]:
    """Check the right to export, open the door for it, and write ``fmt`` to ``out``."""
    ensure(principal, "export")
    view = node.view(principal, purpose=EXPORT_PURPOSE, objects={"format": fmt, "out": str(out)})
    producer = node.store.node_agency or principal.agency
    return WRITERS[fmt](view, out, producer)
