"""How is A connected to B: shortest and k-shortest paths with the statements behind each hop.

Paths run over the entity graph (people, phones, vehicles, addresses, accounts…), so a
hop is one statement-backed fact: a call, a payment, "owns this car", "uses this
number". The statements behind each hop are read through the door again, for the
records the graph remembered as evidence, so a path never shows a fact the principal
may not see.
"""

from __future__ import annotations

import warnings
from itertools import pairwise
from typing import Any

import numpy as np

from corridor.core import FieldError, InvalidInput, NotFound
from corridor.graph._network import Network
from corridor.store import View

MAX_PATHS = 10


def resolve_node(network: Network, view: View | None, entity_id: str) -> int:
    """The node of an entity id, record id or phone number; ``NotFound`` if not visible."""
    g = network.entity
    found = g.node(entity_id)
    if found is None and view is not None:
        found = g.node(view.canonical_id(entity_id))
        # only a visible record of the cluster leads to it: a hidden id answers like an absent one
        if found is not None and entity_id not in g.records(found):
            found = None
    if found is None and entity_id.lstrip("+").isdigit():
        from corridor.graph._build import phone_node_id

        found = g.node(phone_node_id(entity_id))
    if found is None:
        raise NotFound(f"no entity {entity_id!r}")
    return found


def shortest_paths(network: Network, a: int, b: int, *, k: int = 3) -> list[list[int]]:
    """Up to ``k`` shortest simple paths from node ``a`` to ``b`` (Yen's algorithm in igraph)."""
    if a == b:
        return [[a]]
    graph = network.entity_igraph
    with warnings.catch_warnings():
        # igraph warns "Couldn't reach some vertices" when A and B are not connected: that
        # is an answer ("connected": false), not a fault, and must not fail the command
        warnings.filterwarnings("ignore", message="Couldn't reach some vertices", category=RuntimeWarning)
        paths = graph.get_k_shortest_paths(a, to=b, k=k, output="vpath")
    return [list(p) for p in paths if p]


def hop_evidence(network: Network, view: View | None, a: int, b: int) -> list[dict[str, Any]]:
    """The links between two adjacent nodes, each with the statements that say it."""
    g = network.entity
    rows = network.entity_rows(a, b)
    out = []
    by_record: dict[tuple[int, int], list[int]] = {}
    for row in rows.tolist():
        by_record.setdefault((int(g.evidence[row]), int(g.kind[row])), []).append(row)
    for (ev, kind), kind_rows in sorted(by_record.items()):
        record = g.evidence_ids[ev]
        item: dict[str, Any] = {
            "kind": g.kinds[kind],
            "record": record,
            "from": g.ids[int(g.src[kind_rows[0]])],
            "to": g.ids[int(g.dst[kind_rows[0]])],
        }
        amount = float(g.amount[kind_rows[0]])
        if amount:
            item["amount"] = amount
        if view is not None:
            props = [*g.evidence_props[kind], "id"]
            item["statements"] = [
                {
                    "id": s.id,
                    "entity_id": s.entity_id,
                    "schema": s.schema,
                    "prop": s.prop,
                    "value": s.value,
                    "origin": s.origin,
                    "source": s.source,
                    "first_seen": s.first_seen,
                }
                for s in view.statements(entity_ids=[record], props=props)
            ]
        out.append(item)
    return out


def connection(network: Network, view: View | None, source: str, target: str, *, k: int = 3) -> dict[str, Any]:
    """``corridor analyse path A B``: the k shortest paths, each hop with its statements."""
    if k < 1 or k > MAX_PATHS:
        raise InvalidInput(
            "bad path count", errors=[FieldError(f"between 1 and {MAX_PATHS}", field="--k", value=str(k))]
        )
    a = resolve_node(network, view, source)
    b = resolve_node(network, view, target)
    g = network.entity
    paths = []
    for path in shortest_paths(network, a, b, k=k):
        paths.append(
            {
                "length": len(path) - 1,
                "nodes": [{"id": g.ids[n], "name": g.names[n], "schema": g.schema[n]} for n in path],
                "hops": [
                    {"from": g.ids[x], "to": g.ids[y], "links": hop_evidence(network, view, x, y)}
                    for x, y in pairwise(path)
                ],
            }
        )
    return {"from": g.ids[a], "to": g.ids[b], "connected": bool(paths), "paths": paths}


def degrees_of_separation(network: Network, a: int, b: int) -> float:
    """Hops between two entity nodes (infinity if unconnected)."""
    d = network.entity_igraph.distances(source=[a], target=[b])[0][0]
    return float(d) if np.isfinite(d) else float("inf")
