"""GraphML and GEXF for Gephi, yEd and igraph: the entity graph the principal may see.

Nodes carry their schema, countries, and for people the community and key-player score;
links carry their kind and how many records stand behind them (the weight). networkx
writes both formats (escaping, typed attribute keys), from the same graph the analyses use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from corridor.graph import GraphCache, Network, scores
from corridor.store import View


def _graph(view: View) -> nx.MultiGraph:
    network = GraphCache().network(view)
    g = network.entity
    out = nx.MultiGraph()
    for i, entity_id in enumerate(g.ids):
        out.add_node(entity_id, label=g.names[i], name=g.names[i], schema=g.schema[i], country=",".join(g.countries[i]))
    _add_people(out, network)
    # One link per pair and kind; its weight is how many records stand behind it.
    counts: dict[tuple[int, int, str], int] = {}
    for s, d, k in zip(g.src.tolist(), g.dst.tolist(), g.kind.tolist(), strict=True):
        key = (min(s, d), max(s, d), g.kinds[k])
        counts[key] = counts.get(key, 0) + 1
    for (s, d, kind), n in sorted(counts.items()):
        out.add_edge(g.ids[s], g.ids[d], key=kind, kind=kind, weight=float(n))
    return out


def _add_people(out: nx.MultiGraph, network: Network) -> None:
    if not network.people.n:
        return
    s = scores(network)
    ids = network.entity.ids
    for i, node in enumerate(network.people.nodes.tolist()):
        attrs = out.nodes[ids[int(node)]]
        attrs["community"] = int(network.communities[i])
        attrs["key_player_score"] = round(float(s.score[i]), 6)


def write_graphml(view: View, out: Path) -> dict[str, Any]:
    """The graph as GraphML (yEd, igraph, Gephi)."""
    graph = _graph(view)
    for _, attrs in graph.nodes(data=True):
        attrs.pop("label", None)  # GraphML has no label convention; ``name`` carries it
    nx.write_graphml(graph, out, encoding="utf-8", prettyprint=False)
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}


def write_gexf(view: View, out: Path) -> dict[str, Any]:
    """The graph as GEXF 1.2 (Gephi): ``label`` is the node's name."""
    graph = _graph(view)
    for _, attrs in graph.nodes(data=True):
        attrs.pop("name", None)
    nx.write_gexf(graph, out, encoding="utf-8", prettyprint=False)
    return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
