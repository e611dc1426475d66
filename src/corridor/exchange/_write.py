"""Writing imported statements: one published load, one audited collection, idempotent.

Imports go through the store's public write path (``Store.loading``: short transactions
into a pending load, published with the audit entry), as ingest does; statement keys make a second import of the same
file a refresh, not a copy. Who may load data as which originator is the ingest rule: an
analyst loads their own agency's data, the node's local admin also a partner's.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from pathlib import Path

from corridor.access import Node, ensure
from corridor.core import AccessDenied, FieldError, InvalidInput, NotFound
from corridor.ingest import IngestReport, namespaced_id
from corridor.model import Principal, Statement
from corridor.store import statement_rows

MAX_IMPORT_BYTES = 512 * 1024 * 1024
"""Bundles are parsed whole by stix2/pymisp; a larger file is refused before it is read."""


def read_text(path: Path) -> str:
    """The file's text, or ``InvalidInput`` naming it (missing, too large, not UTF-8)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {path}") from None
    if size > MAX_IMPORT_BYTES:
        raise InvalidInput(f"{path}: {size} bytes is more than the {MAX_IMPORT_BYTES} an import reads")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "file is not UTF-8 text", errors=[FieldError(f"cannot decode byte at offset {exc.start}", file=str(path))]
        ) from None


def sha256_of(path: Path) -> str:
    """The SHA-256 of the imported file (kept in the audit entry)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Loader:
    """Who loads, as whom: checks each originator once and namespaces record ids."""

    def __init__(self, node: Node, principal: Principal, agency: str) -> None:
        ensure(principal, "ingest")
        self.node = node
        self.principal = principal
        # Read once, before the write transaction opens: on SQLite every connection begins
        # IMMEDIATE, so a read in the middle of the import would wait on the import itself.
        own = node.store.node_agency
        self.known = set(node.store.agencies()) | {own or ""}
        self.admin = principal.agency == own and principal.has_role("admin")
        self.recipient = own or principal.agency
        self.agency = self.origin(agency)

    def origin(self, code: str, *, where: FieldError | None = None) -> str:
        """Check the principal may load data originating from ``code``; returns the code."""
        code = code.upper()
        if code not in self.known:
            if where is not None:
                raise InvalidInput(f"unknown originator {code!r}", errors=[where])
            raise NotFound(f"unknown agency {code!r}: load it with `corridor partners load`")
        if code != self.principal.agency and not self.admin:
            raise AccessDenied(f"{self.principal.key} may not load data as {code}")
        return code

    def record_id(self, entity_id: str, origin: str) -> str:
        """Keep an id already namespaced by its originator; namespace any other by it."""
        return namespaced_id(origin, entity_id)


def write_import(
    loader: Loader,
    path: Path,
    report: IngestReport,
    statements: Iterable[Statement],
    *,
    source: str,
    marking_text: str,
) -> IngestReport:
    """Write the statements, then publish them with the collection audit entry."""
    started = time.perf_counter()
    node = loader.node
    report.sha256 = sha256_of(path)
    with node.store.loading("import", source, loader.agency, chunk=node.settings.batch_size) as load:
        report.statements = load.write(statement_rows(statements))
        with load.publishing() as conn:
            node.store.register_source(conn, source, loader.agency, title=path.name)
            node.audit.record(
                conn,
                loader.principal.key,
                "collection",
                {"file": str(path), "sha256": report.sha256, "source": source, "agency": loader.agency,
                 "marking": marking_text, "format": report.format, "rows": report.rows, "entities": report.entities,
                 "statements": report.statements, "rejected": report.rejected, "skipped": report.skipped},
            )  # fmt: skip
    report.seconds = time.perf_counter() - started
    return report
