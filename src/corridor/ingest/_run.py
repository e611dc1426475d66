"""Running an ingest: read a file, turn records into statements, write them in one transaction.

One transaction per file is what makes an ingest safe to interrupt: a kill before the
commit leaves nothing behind, and running the command again does the whole job; statement
keys make the second run idempotent once the first has committed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy

from corridor.access import Node, ensure
from corridor.core import AccessDenied, FieldError, InvalidInput, NotFound
from corridor.ingest._ftm import read_ftm
from corridor.model import Marking, Principal, Statement, entity_statements, utc_now

MAX_ERRORS_SHOWN = 20
Progress = Callable[[int, int], None]
"""Called with (records read, records rejected) as the ingest goes."""


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: the ``--json`` summary of ``corridor ingest``."""

    file: str
    entities: int = 0
    statements: int = 0
    rejected: int = 0
    errors: list[FieldError] = field(default_factory=list)
    rejects_file: str | None = None
    sha256: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape promised by CLI.md, plus where the rejects went."""
        return {
            "file": self.file,
            "entities": self.entities,
            "statements": self.statements,
            "rejected": self.rejected,
            "errors": [e.as_dict() for e in self.errors],
            "rejects_file": self.rejects_file,
            "sha256": self.sha256,
        }


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_ingest_allowed(node: Node, principal: Principal, agency: str) -> str:
    """Check the principal may load data originating from ``agency``; returns the code.

    An analyst loads their own agency's data; the node's local admin may also load what a
    partner sent outside corridor, which keeps that partner as originator.
    """
    ensure(principal, "ingest")
    code = agency.upper()
    if code not in node.store.agencies() and code != node.store.node_agency:
        raise NotFound(f"unknown agency {code!r}: load it with `corridor partners load`")
    if code != principal.agency and not (principal.agency == node.store.node_agency and principal.has_role("admin")):
        raise AccessDenied(f"{principal.key} may not load data as {code}")
    return code


def ingest_entities(
    node: Node,
    principal: Principal,
    path: Path,
    *,
    agency: str,
    marking: Marking,
    records: Iterable[tuple[int, EntityProxy | FieldError]],
    source: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Write entities from ``records`` as statements in one transaction, with its audit event."""
    report = IngestReport(file=str(path), sha256=file_sha256(path))
    source_name = source or path.name
    seen = utc_now()
    rejects: list[FieldError] = []

    def statements() -> Iterator[Statement]:
        for count, (_, item) in enumerate(records, start=1):
            if isinstance(item, FieldError):
                rejects.append(item)
                report.rejected += 1
            else:
                report.entities += 1
                yield from entity_statements(item, source=source_name, origin=agency, marking=marking, seen=seen)
            if progress is not None and count % 1000 == 0:
                progress(count, report.rejected)

    with node.store.transaction() as conn:
        node.store.register_source(conn, source_name, agency, title=path.name)
        report.statements = node.store.write_statements(conn, statements(), batch_size=node.settings.batch_size)
        report.errors = rejects[:MAX_ERRORS_SHOWN]
        if rejects:
            report.rejects_file = str(write_rejects(path, rejects))
        node.audit.record(
            conn,
            principal.key,
            "collection",
            {
                "file": str(path),
                "sha256": report.sha256,
                "source": source_name,
                "agency": agency,
                "marking": str(marking),
                "entities": report.entities,
                "statements": report.statements,
                "rejected": report.rejected,
            },
        )
    if progress is not None:
        progress(report.entities + report.rejected, report.rejected)
    return report


def write_rejects(path: Path, rejects: list[FieldError]) -> Path:
    """Write every rejected record's location and reason next to the input file."""
    target = path.with_name(path.name + ".rejects.jsonl")
    with target.open("w", encoding="utf-8") as handle:
        for error in rejects:
            handle.write(json.dumps(error.as_dict(), ensure_ascii=False) + "\n")
    return target


def ingest_file(
    node: Node,
    principal: Principal,
    path: Path,
    *,
    agency: str,
    marking: Marking | None,
    mapping: Path | None = None,
    source: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Load one file into the store; refuses ungraded intelligence and unreadable files."""
    code = check_ingest_allowed(node, principal, agency)
    if not path.exists():
        raise InvalidInput(f"no such file: {path}")
    if marking is None:
        raise InvalidInput(f"{path}: no marking given: intelligence must be graded (use --marking, e.g. \"B2 P\")")
    if mapping is not None:
        raise InvalidInput(f"{mapping}: mappings for tabular files are not supported by this build")
    return ingest_entities(
        node, principal, path, agency=code, marking=marking, records=read_ftm(path, code), source=source, progress=progress
    )
