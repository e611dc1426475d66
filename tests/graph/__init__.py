"""Helpers shared by the graph tests: small networks as FtM entities, in a store or in memory."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from followthemoney import EntityProxy, model

from corridor.access import Node
from corridor.graph import GraphBuilder, Network
from corridor.model import Statement, entity_statements, parse_marking

SEEN = "2026-01-01T00:00:00Z"


def entity(schema: str, entity_id: str, **props: Any) -> EntityProxy:
    """An FtM entity with the given properties (a value or a list of values each)."""
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, value in props.items():
        for v in value if isinstance(value, list) else [value]:
            proxy.add(prop, v)
    return proxy


def person(entity_id: str, name: str | None = None, **props: Any) -> EntityProxy:
    """A person named after its id unless a name is given."""
    return entity("Person", entity_id, name=name or f"Person {entity_id}", **props)


def link(schema: str, entity_id: str, a: str, b: str, **props: Any) -> EntityProxy:
    """A link record of a two-ended schema (Associate, Call, Payment, Family …)."""
    ends = {
        "Associate": ("person", "associate"),
        "Family": ("person", "relative"),
        "Call": ("caller", "receiver"),
        "Payment": ("payer", "beneficiary"),
        "UnknownLink": ("subject", "object"),
        "Membership": ("member", "organization"),
    }[schema]
    return entity(schema, entity_id, **{ends[0]: a, ends[1]: b}, **props)


def statements(
    entities: Iterable[EntityProxy], *, origin: str = "GB-NCA", marking: str = "B2 P", source: str = "test"
) -> list[Statement]:
    """Statements of entities under one marking."""
    parsed = parse_marking(marking)
    out: list[Statement] = []
    for e in entities:
        out.extend(entity_statements(e, source=source, origin=origin, marking=parsed, seen=SEEN))
    return out


def write(node: Node, entities: Iterable[EntityProxy], **kwargs: Any) -> None:
    """Write entities into the node's store in one transaction."""
    stmts = statements(entities, **kwargs)
    source = kwargs.get("source", "test")
    origin = kwargs.get("origin", "GB-NCA")
    with node.store.transaction() as conn:
        node.store.register_source(conn, source, origin)
        node.store.write_statements(conn, stmts)


def network_of(entities: Iterable[EntityProxy], *, exact: bool | None = None, **window: str) -> Network:
    """A network built in memory from entities, without a store (for measure checks)."""
    builder = GraphBuilder({}, since=window.get("since"), until=window.get("until"))
    by_record: dict[str, list[Statement]] = {}
    for stmt in statements(entities):
        by_record.setdefault(stmt.entity_id, []).append(stmt)
    for record_id in sorted(by_record):
        builder.add_record(record_id, by_record[record_id])
    return Network(builder.finish(), exact=exact)


def associates(edges: Iterable[tuple[int, int]], n: int, prefix: str = "p") -> list[EntityProxy]:
    """People ``p0..p{n-1}`` and one Associate record per edge."""
    out = [person(f"{prefix}{i}") for i in range(n)]
    out += [link("Associate", f"a{a}-{b}", f"{prefix}{a}", f"{prefix}{b}") for a, b in edges]
    return out
