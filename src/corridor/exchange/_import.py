"""Imports of partners' exchange formats: FtM entities, STIX 2.1 bundles, MISP events."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from corridor.access import Node
from corridor.exchange._import_ftm import import_ftm
from corridor.exchange._import_misp import import_misp
from corridor.exchange._import_stix import import_stix
from corridor.exchange._write import Loader
from corridor.ingest import IngestReport
from corridor.model import Marking, Principal

Importer = Callable[..., IngestReport]
IMPORT_FORMATS: dict[str, Importer] = {"ftm": import_ftm, "stix": import_stix, "misp": import_misp}


def import_file(
    node: Node,
    principal: Principal,
    path: Path,
    *,
    fmt: str,
    agency: str,
    marking: Marking | None = None,
    source: str | None = None,
) -> IngestReport:
    """Load one partner file of format ``fmt`` as ``agency`` (the sender), in one transaction."""
    loader = Loader(node, principal, agency)
    return IMPORT_FORMATS[fmt](loader, path, marking=marking, source=source)
