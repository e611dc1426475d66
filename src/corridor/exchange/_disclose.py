"""Every export is a disclosure: one audit entry, made the same way for every format.

The consultation (who read what, for which purpose) is logged by the door when the view
opens; the disclosure says what left the node: the format, the file, its SHA-256 and the
counts, so an auditor can match a file found elsewhere to the export that made it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from corridor.access import Node
from corridor.model import Principal

EXPORT_PURPOSE = "export"


def _digest(path: Path) -> str | None:
    if path.is_dir():
        digest = hashlib.sha256()
        for child in sorted(path.iterdir()):
            if child.is_file():
                digest.update(child.name.encode("utf-8") + b"\0" + (_digest(child) or "").encode("ascii"))
        return digest.hexdigest()
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_disclosure(node: Node, principal: Principal, fmt: str, out: Path, summary: dict[str, Any]) -> None:
    """Append the disclosure entry of one export (after the file is written)."""
    objects = {"export": fmt, "out": str(out), "sha256": _digest(out), **summary}
    node.audit.append(principal.key, "disclosure", objects)
