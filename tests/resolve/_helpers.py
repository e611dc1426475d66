"""Helpers for resolution tests: records written by several agencies, inline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from followthemoney import model

from corridor.access import Node
from corridor.model import entity_statements, parse_marking

Writer = Callable[..., str]


def write_person(node: Node, agency: str, source_id: str, schema: str = "Person", **props: Any) -> str:
    """Write one record as ``agency`` would; returns its store id."""
    entity = model.make_entity(schema)
    entity.id = f"{agency.lower()}.{source_id}"
    for prop, values in props.items():
        for value in values if isinstance(values, list) else [values]:
            entity.add(prop, value)
    statements = entity_statements(
        entity, source=f"{agency.lower()}-test", origin=agency, marking=parse_marking("B2 P")
    )
    with node.store.transaction() as conn:
        node.store.write_statements(conn, statements)
    return entity.id
