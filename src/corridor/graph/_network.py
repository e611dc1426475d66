"""One principal's network, with its derived structures computed once and kept.

A ``Network`` wraps the entity graph and lazily derives the person projection, the
networkit and igraph graphs, the centralities and the communities; an analyst's second
question reuses them (see ``_snapshot.py`` for keeping a network between questions).
"""

from __future__ import annotations

import random
from collections import Counter
from functools import cached_property

import igraph as ig  # type: ignore[import-untyped]  # no stubs upstream
import networkit as nk  # type: ignore[import-untyped]  # no stubs upstream
import numpy as np

from corridor.graph._entity_graph import EntityGraph, IntArray
from corridor.graph._measures import Measures, measure
from corridor.graph._projection import Projection, project
from corridor.graph._threads import threads_for

LEIDEN_LIMIT = 50_000
"""Up to this many people, communities come from igraph's Leiden (seeded, reproducible;
measured 12x faster than leidenalg at 10k people for the same modularity); above it from
networkit's parallel Leiden, which uses every core."""

LEIDEN_SEED = 42


def nk_graph(n: int, u: IntArray, v: IntArray, weight: np.ndarray | None = None) -> nk.Graph:
    """An undirected networkit graph from edge arrays (weighted if ``weight`` is given)."""
    if u.shape[0] == 0:
        graph = nk.Graph(n, weighted=weight is not None, directed=False)
        return graph
    values = weight if weight is not None else np.ones(u.shape[0])
    graph = nk.GraphFromCoo(
        (values.astype(np.float64), (u.astype(np.uint64), v.astype(np.uint64))),
        n,
        weighted=weight is not None,
        directed=False,
    )
    return graph


def ig_graph(n: int, u: IntArray, v: IntArray) -> ig.Graph:
    """An undirected igraph graph from edge arrays.

    Built from a list of pairs: igraph reads that about 7x faster than a 2-D array or a
    list of lists (measured: 0.45 s against 3.3 s for 440k links).
    """
    return ig.Graph(n=n, edges=list(zip(u.tolist(), v.tolist(), strict=True)))


class Network:
    """The network one principal may see, and everything derived from it."""

    def __init__(self, graph: EntityGraph, *, exact: bool | None = None, copresence: bool = False):
        self.entity = graph
        self.exact = exact
        self.copresence = copresence

    @cached_property
    def people(self) -> Projection:
        """The person-to-person projection."""
        return project(self.entity, copresence=self.copresence)

    @cached_property
    def graph(self) -> nk.Graph:
        """The projection as an unweighted networkit graph (for distances)."""
        p = self.people
        return nk_graph(p.n, p.u, p.v)

    @cached_property
    def people_igraph(self) -> ig.Graph:
        """The projection as an unweighted igraph graph (for disruption's block-cut trees)."""
        p = self.people
        return ig_graph(p.n, p.u, p.v)

    @cached_property
    def weighted(self) -> nk.Graph:
        """The projection weighted by tie strength (for strength, PageRank, Leiden)."""
        p = self.people
        return nk_graph(p.n, p.u, p.v, p.weight)

    @cached_property
    def measures(self) -> Measures:
        """Every centrality of every person."""
        with threads_for(self.people.n):
            p = self.people
            strength = np.asarray(
                np.bincount(p.u, p.weight, minlength=p.n) + np.bincount(p.v, p.weight, minlength=p.n), dtype=np.float64
            )
            return measure(self.graph, self.weighted, strength, exact=self.exact, edges=(p.u, p.v))

    @cached_property
    def communities(self) -> IntArray:
        """Person index -> community id (0 is the largest community)."""
        p = self.people
        if p.n == 0:
            return np.zeros(0, dtype=np.int64)
        if p.n <= LEIDEN_LIMIT:
            g = self.people_igraph.copy()
            g.es["weight"] = p.weight.tolist()
            # igraph draws from Python's global ``random`` unless given a generator of its
            # own; a private seeded one keeps results reproducible and the global untouched.
            ig.set_random_number_generator(random.Random(LEIDEN_SEED))
            try:
                part = g.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
            finally:
                ig.set_random_number_generator(random)
            raw = np.asarray(part.membership, dtype=np.int64)
        else:
            leiden = nk.community.ParallelLeiden(self.weighted)
            with threads_for(p.n):
                leiden.run()
            raw = np.asarray(leiden.getPartition().getVector(), dtype=np.int64)
        # Renumber by size, largest first, so ids are stable for equal inputs.
        sizes = np.bincount(raw)
        order = np.lexsort((np.arange(sizes.shape[0]), -sizes))
        renumber = np.empty_like(order)
        renumber[order] = np.arange(order.shape[0])
        return renumber[raw]

    @cached_property
    def entity_igraph(self) -> ig.Graph:
        """The entity graph as a simple undirected igraph graph (for paths)."""
        g = self.entity
        lo, hi = np.minimum(g.src, g.dst), np.maximum(g.src, g.dst)
        pairs = np.unique(lo * max(g.node_count, 1) + hi)
        return ig_graph(g.node_count, pairs // max(g.node_count, 1), pairs % max(g.node_count, 1))

    @cached_property
    def entity_pairs(self) -> tuple[IntArray, IntArray]:
        """Entity-graph rows sorted by their unordered pair key, and the sorted keys."""
        g = self.entity
        key = np.minimum(g.src, g.dst) * max(g.node_count, 1) + np.maximum(g.src, g.dst)
        order = np.argsort(key, kind="stable")
        return order, key[order]

    def entity_rows(self, a: int, b: int) -> IntArray:
        """Entity-graph rows linking nodes ``a`` and ``b`` (either direction)."""
        order, keys = self.entity_pairs
        key = min(a, b) * max(self.entity.node_count, 1) + max(a, b)
        lo, hi = np.searchsorted(keys, key, side="left"), np.searchsorted(keys, key, side="right")
        return order[lo:hi]

    @cached_property
    def person_countries(self) -> list[tuple[str, ...]]:
        """Where each person operates: the countries of the places and events they are tied
        to (an interception, an address, a trip), else their own country or nationality.

        A Syrian national driving migrants across Serbia operates in Serbia; counting the
        nationality first would make every migrant a "cross-border" link.
        """
        g, p = self.entity, self.people
        own = [g.countries[int(node)] for node in p.nodes]
        pindex = np.full(g.node_count, -1, dtype=np.int64)
        pindex[p.nodes] = np.arange(p.n)
        placed = np.fromiter((bool(c) for c in g.countries), dtype=bool, count=g.node_count)
        ps, pd = pindex[g.src], pindex[g.dst]
        found: dict[int, Counter[str]] = {}
        for side, other in ((ps, g.dst), (pd, g.src)):
            rows = np.flatnonzero((side >= 0) & placed[other] & (pindex[other] < 0))
            for person, thing in zip(side[rows].tolist(), other[rows].tolist(), strict=True):
                found.setdefault(person, Counter()).update(g.countries[thing])
        for person, counts in found.items():
            own[person] = tuple(sorted(c for c, _ in counts.most_common(2)))
        return own

    @cached_property
    def community_countries(self) -> dict[int, tuple[str, ...]]:
        """Each community's countries: those of at least a quarter of its located members."""
        counts: dict[int, Counter[str]] = {}
        located: Counter[int] = Counter()
        for person, community in enumerate(self.communities.tolist()):
            countries = self.person_countries[person]
            if countries:
                located[community] += 1
                counts.setdefault(community, Counter()).update(countries)
        out: dict[int, tuple[str, ...]] = {}
        for community, counter in counts.items():
            share = max(located[community], 1) / 4
            out[community] = tuple(sorted(c for c, k in counter.items() if k >= share))
        return out

    def neighbour_communities(self, person: int) -> Counter[int]:
        """How many of a person's contacts are in each community."""
        graph = self.graph
        communities = self.communities
        return Counter(int(communities[w]) for w in graph.iterNeighbors(person))
