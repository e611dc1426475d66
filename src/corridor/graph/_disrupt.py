"""Disruption: what removing people does to a network, and who could take their place.

After each removal the report gives the largest component, the number of components,
global efficiency (mean of 1/distance over pairs of remaining people), Borgatti's
fragmentation (share of pairs that can no longer reach each other) and distance-weighted
fragmentation (1 - efficiency), which communities fell apart and which cross-border
links were cut. The greedy choice recomputes, after every removal and for every
remaining person, how many pairs would still be connected without them (exactly, from
the block-cut tree: ``_fragment.py``), because a network reroutes: the second-best target
before the first arrest is often not the best one after it. Betweenness breaks ties, so
where nobody's removal splits anything the most-between person goes first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import igraph as ig  # type: ignore[import-untyped]  # no stubs upstream
import numpy as np

from corridor.core import FieldError, InvalidInput, NotFound
from corridor.graph._entity_graph import IntArray
from corridor.graph._fragment import connected_pairs_after_removal
from corridor.graph._measures import percentile
from corridor.graph._network import Network
from corridor.graph._threads import threads_for

EFFICIENCY_EXACT = 2_000
"""Up to this many remaining people, efficiency is exact (a BFS from everyone)."""

EFFICIENCY_SOURCES = 24
"""Sampled BFS sources for efficiency on larger graphs (16 from ``LARGE`` people)."""

LARGE = 50_000
"""From this many people, efficiency samples 16 sources."""


@dataclass(slots=True)
class State:
    """The fragmentation measures of a network with some people removed."""

    people: int
    largest_component: int
    components: int
    efficiency: float
    efficiency_exact: bool
    fragmentation: float
    component: IntArray

    def as_dict(self) -> dict[str, Any]:
        """The JSON fields of one step."""
        return {
            "people": self.people,
            "largest_component": self.largest_component,
            "components": self.components,
            "efficiency": round(self.efficiency, 6),
            "efficiency_exact": self.efficiency_exact,
            "efficiency_sources": self.people
            if self.efficiency_exact
            else min(EFFICIENCY_SOURCES if self.people < LARGE else 16, self.people),
            "fragmentation": round(self.fragmentation, 6),
            "distance_fragmentation": round(1.0 - self.efficiency, 6) if self.people > 1 else 1.0,
        }


def efficiency(graph: ig.Graph, alive: IntArray, *, seed: int = 7) -> tuple[float, bool]:
    """Global efficiency among the living people ``alive`` (exact or sampled sources)."""
    n = alive.shape[0]
    if n < 2:
        return 0.0, True
    exact = n <= EFFICIENCY_EXACT
    count = EFFICIENCY_SOURCES if n < LARGE else 16
    sources = alive if exact else np.random.default_rng(seed).choice(alive, count, replace=False)
    total = 0.0
    for start in range(0, sources.shape[0], 64):
        d = np.asarray(graph.distances(source=sources[start : start + 64].tolist()), dtype=np.float64)[:, alive]
        reach = (d > 0) & np.isfinite(d)
        total += float(np.sum(1.0 / d[reach]))
    return total / (sources.shape[0] * (n - 1)), exact


def state(graph: ig.Graph, alive: IntArray) -> State:
    """Components, efficiency and fragmentation among the living people ``alive``
    (removed people are in ``graph`` without links, and counted nowhere)."""
    n = alive.shape[0]
    membership = np.asarray(graph.connected_components().membership, dtype=np.int64)
    mask = np.zeros(membership.shape[0], dtype=bool)
    mask[alive] = True
    counted = np.bincount(membership[mask], minlength=int(membership.max(initial=-1)) + 1)
    sizes = counted[counted > 0].astype(np.float64)
    eff, exact = efficiency(graph, alive)
    frag = 1.0 - float(np.sum(sizes * (sizes - 1))) / (n * (n - 1)) if n > 1 else 1.0
    return State(
        people=n,
        largest_component=int(sizes.max()) if sizes.shape[0] else 0,
        components=int(sizes.shape[0]),
        efficiency=eff,
        efficiency_exact=exact,
        fragmentation=frag,
        component=membership,
    )


def choose_next(network: Network, graph: ig.Graph, alive: np.ndarray) -> int:
    """The greedy choice: the person whose removal leaves the fewest connected pairs
    (Borgatti's key-player fragmentation, recomputed exactly for everyone after every
    removal); ties go to the higher betweenness, then the lower index."""
    p = network.people
    pairs = connected_pairs_after_removal(graph, alive)
    pairs = np.where(alive, pairs, np.iinfo(np.int64).max)
    order = np.lexsort((np.arange(p.n), -network.measures.betweenness, pairs))
    return int(order[0])


def resolve_people(network: Network, ids: list[str], canonical: dict[str, str] | None = None) -> list[int]:
    """Person indices for entity ids; ``NotFound`` for any the principal cannot see."""
    out = []
    for entity_id in ids:
        node = network.entity.node(entity_id)
        if node is None and canonical is not None:
            node = network.entity.node(canonical.get(entity_id, entity_id))
            # the canonical table maps every record, seen or not: an id the principal cannot
            # see must not reach its visible cluster (that would confirm it exists and whose it is)
            if node is not None and entity_id not in network.entity.records(node):
                node = None
        person = network.people.person(node) if node is not None else None
        if person is None:
            raise NotFound(f"no person {entity_id!r}")
        out.append(person)
    return out


def disrupt(
    network: Network,
    *,
    remove: list[int] | None = None,
    greedy: int | None = None,
    successors: int = 3,
) -> dict[str, Any]:
    """Remove the given people (or the best ``greedy`` ones) one at a time; report each step."""
    with threads_for(network.people.n):
        return _disrupt(network, remove=remove, greedy=greedy, successors=successors)


def _disrupt(
    network: Network,
    *,
    remove: list[int] | None,
    greedy: int | None,
    successors: int,
) -> dict[str, Any]:
    if (remove is None) == (greedy is None):
        raise InvalidInput(
            "choose the people to remove", errors=[FieldError("give --remove or --greedy", field="--remove")]
        )
    if greedy is not None and greedy < 1:
        raise InvalidInput("bad count", errors=[FieldError("at least 1", field="--greedy", value=str(greedy))])
    p, g = network.people, network.entity
    comm = network.communities
    countries = network.community_countries
    graph = network.people_igraph.copy()
    alive = np.ones(p.n, dtype=bool)
    baseline = state(graph, np.flatnonzero(alive))
    split_before = _split(comm, baseline.component, alive)
    steps = []
    order: list[int] = []
    total = len(remove) if remove is not None else min(int(greedy or 0), p.n)
    for i in range(total):
        if remove is not None:
            person = remove[i]
        else:
            if graph.ecount() == 0:
                break
            person = choose_next(network, graph, alive)
        if not alive[person]:
            continue
        cut = [int(w) for w in graph.neighbors(person)]
        cross = sum(1 for w in cut if _cross_border(countries, int(comm[person]), int(comm[w])))
        graph.delete_edges(graph.incident(person))
        alive[person] = False
        order.append(person)
        now = state(graph, np.flatnonzero(alive))
        split_now = _split(comm, now.component, alive)
        node = int(p.nodes[person])
        steps.append(
            {
                "removed": g.ids[node],
                "name": g.names[node],
                **now.as_dict(),
                "links_cut": len(cut),
                "cross_border_links_cut": cross,
                "communities_split": sorted(split_now - split_before),
                "communities_removed": sorted(int(c) for c in np.unique(comm[~alive]) if not np.any(alive[comm == c])),
            }
        )
    return {
        "removed": [g.ids[int(p.nodes[x])] for x in order],
        "baseline": baseline.as_dict(),
        "steps": steps,
        "resilience": resilience(network, order, successors=successors),
    }


def _cross_border(countries: dict[int, tuple[str, ...]], a: int, b: int) -> bool:
    ca, cb = set(countries.get(a, ())), set(countries.get(b, ()))
    return bool(ca and cb and ca != cb)


def _split(comm: IntArray, component: IntArray, alive: IntArray) -> set[int]:
    """Communities whose remaining members sit in more than one component."""
    idx = np.flatnonzero(alive)
    if idx.shape[0] == 0:
        return set()
    span = int(component.max()) + 1
    pairs = np.unique(comm[idx] * span + component[idx])
    counts = np.bincount(pairs // span)
    return {int(c) for c in np.flatnonzero(counts > 1)}


def resilience(network: Network, removed: list[int], *, successors: int = 3) -> list[dict[str, Any]]:
    """Who could take over each removed person's role: remaining contacts who already
    reach most of the removed person's contacts, weighted by their own centrality."""
    p, g = network.people, network.entity
    graph = network.graph
    gone = set(removed)
    bc_pct = percentile(network.measures.betweenness)
    comm = network.communities
    out = []
    for person in removed:
        contacts = {int(w) for w in graph.iterNeighbors(person)} - gone
        second = {int(x) for w in contacts for x in graph.iterNeighbors(w)} - gone - {person}
        pool = (contacts | {x for x in second if comm[x] == comm[person]}) - gone
        ranked = []
        for c in pool:
            reach = {int(x) for x in graph.iterNeighbors(c)}
            shared = len(reach & contacts)
            if not contacts:
                continue
            score = 0.6 * shared / len(contacts) + 0.4 * float(bc_pct[c])
            ranked.append((score, shared, c))
        ranked.sort(key=lambda t: (-t[0], t[2]))
        node = int(p.nodes[person])
        out.append(
            {
                "removed": g.ids[node],
                "contacts": len(contacts),
                "successors": [
                    {
                        "id": g.ids[int(p.nodes[c])],
                        "name": g.names[int(p.nodes[c])],
                        "shared_contacts": shared,
                        "direct_contact": c in contacts,
                        "same_community": bool(comm[c] == comm[person]),
                        "betweenness_percentile": round(float(bc_pct[c]), 3),
                        "score": round(score, 3),
                    }
                    for score, shared, c in ranked[:successors]
                ],
            }
        )
    return out
