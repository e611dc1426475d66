"""Helpers shared by the ingest tests: mapping files, runs, and reading statements back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from corridor.access import Node
from corridor.ingest import IngestReport, ingest_file
from corridor.model import parse_marking
from corridor.store import tables


def write_mapping(path: Path, entities: dict[str, Any], corridor: dict[str, Any] | None = None, **extra: Any) -> Path:
    """Write a mapping YAML file."""
    data: dict[str, Any] = {"entities": entities, **extra}
    if corridor is not None:
        data["corridor"] = corridor
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def run_ingest(
    node: Node,
    path: Path,
    mapping: Path | None,
    *,
    agency: str = "RS-MUP",
    marking: str | None = "B2 P",
    source: str | None = None,
) -> IngestReport:
    """Ingest as the node's local admin."""
    return ingest_file(
        node,
        node.principal(),
        path,
        agency=agency,
        marking=parse_marking(marking) if marking else None,
        mapping=mapping,
        source=source,
    )


def statement_rows(node: Node, *columns: str) -> list[tuple[Any, ...]]:
    """Every statement row (administrative read, no door), sorted."""
    names = columns or ("entity_id", "prop", "value")
    with node.store.engine.connect() as conn:
        query = select(*(tables.statements.c[name] for name in names))
        return sorted(tuple(row) for row in conn.execute(query))


def values_of(node: Node, entity_id: str, prop: str) -> set[str]:
    """The values of one property of one entity."""
    return {value for eid, p, value in statement_rows(node) if eid == entity_id and p == prop}


def collection_events(node: Node) -> list[dict[str, Any]]:
    """The objects of every ``collection`` audit event."""
    return [dict(e.objects) for e in node.audit.events() if e.action == "collection"]


def entity_of(node: Node, entity_id: str) -> Any:
    """The entity assembled from all its statements (administrative read, no door)."""
    from corridor.model import assemble

    with node.store.engine.connect() as conn:
        query = select(tables.statements.c.schema, tables.statements.c.prop, tables.statements.c.value).where(
            tables.statements.c.entity_id == entity_id
        )
        triples = [(row.schema, row.prop, row.value) for row in conn.execute(query)]
    return assemble(entity_id, triples)
