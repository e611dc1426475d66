"""Betweenness of large graphs by sampling shortest paths, with a stated error bound.

Riondato & Kornaropoulos (2016): sample ``r`` pairs of people uniformly, take one of their
shortest paths uniformly at random, and count how often each person lies inside one. With

    r = ceil(c / ε² · (floor(log2(VD − 2)) + 1 + ln(1 / δ)))      (c = 0.5)

samples, every person's estimate is within ε of their betweenness (the share of ordered
pairs' shortest paths through them) with probability 1 − δ; VD is the vertex diameter, and
any upper bound of it keeps the guarantee. Each path is found by a balanced bidirectional
BFS (Borassi & Natale's KADABRA sampler), which meets in the middle and touches a small
part of a million-person graph.

Written here because networkit's ``KadabraBetweenness`` first computes the graph's exact
diameter, single-threaded: 69 of its 71 seconds on the one-million-person benchmark, where
the samples took two. Here the vertex diameter is bounded by one BFS per component
(diameter ≤ 2 · eccentricity of any node), which costs a fraction of a second. networkit
still does every BFS that is not a sample, and KADABRA still serves smaller graphs
(``_measures.betweenness``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkit as nk  # type: ignore[import-untyped]  # no stubs upstream
import numpy as np

from corridor.graph._entity_graph import FloatArray, IntArray

UNIVERSAL_CONSTANT = 0.5
"""The constant ``c`` of the sample-size bound (Löffler & Phillips, used by R&K and KADABRA)."""


@dataclass(frozen=True, slots=True)
class Csr:
    """Adjacency of an undirected graph as compressed rows (both directions stored)."""

    indptr: IntArray
    indices: IntArray

    @classmethod
    def from_edges(cls, n: int, u: IntArray, v: IntArray) -> Csr:
        """Rows from an edge list (each undirected edge once)."""
        heads = np.concatenate([u, v]).astype(np.int64)
        tails = np.concatenate([v, u]).astype(np.int64)
        order = np.argsort(heads, kind="stable")
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(heads, minlength=n), out=indptr[1:])
        return cls(indptr, tails[order])

    def neighbours(self, frontier: IntArray) -> tuple[IntArray, IntArray]:
        """Every (node, neighbour) pair of the frontier, as two aligned arrays."""
        starts = self.indptr[frontier]
        lengths = self.indptr[frontier + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return frontier[:0], frontier[:0]
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        return np.repeat(frontier, lengths), self.indices[offsets]


def sample_size(error: float, delta: float, vertex_diameter: int) -> int:
    """How many path samples give every estimate within ``error`` with probability 1 − delta."""
    log_vd = math.floor(math.log2(vertex_diameter - 2)) if vertex_diameter > 3 else 0
    return math.ceil(UNIVERSAL_CONSTANT / error**2 * (log_vd + 1 + math.log(1 / delta)))


def vertex_diameter_bound(graph: nk.Graph, components: IntArray) -> int:
    """An upper bound of the number of nodes on any shortest path.

    A component's diameter is at most twice the eccentricity of any of its nodes, so one
    BFS per component bounds it; components too small to matter are bounded by their size.
    """
    sizes = np.bincount(components)
    bound = 1
    for comp in np.argsort(-sizes):
        size = int(sizes[comp])
        if size <= bound:
            break
        first = int(np.flatnonzero(components == comp)[0])
        bfs = nk.distance.BFS(graph, first, False)
        bfs.run()
        dist = np.asarray(bfs.getDistances(asarray=True), dtype=np.float64)
        eccentricity = int(dist[dist < 1e300].max())
        bound = max(bound, min(size, 2 * eccentricity + 1))
    return bound


class PathSampler:
    """Uniformly random shortest paths between random pairs, by balanced bidirectional BFS."""

    def __init__(self, csr: Csr, components: IntArray, rng: np.random.Generator) -> None:
        n = csr.indptr.shape[0] - 1
        self.csr, self.components, self.rng, self.n = csr, components, rng, n
        self.degree = np.diff(csr.indptr)
        self.dist = (np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64))
        self.sigma = (np.zeros(n), np.zeros(n))

    def interior(self, source: int, target: int) -> list[int]:
        """The inner nodes of one shortest path from source to target chosen uniformly at
        random among all of them (empty when the two are not connected or adjacent)."""
        if source == target or self.components[source] != self.components[target]:
            return []
        dist, sigma = self.dist, self.sigma
        touched: tuple[list[IntArray], list[IntArray]] = ([], [])
        frontiers = [np.asarray([source]), np.asarray([target])]
        for side, root in enumerate((source, target)):
            dist[side][root], sigma[side][root] = 0, 1.0
            touched[side].append(frontiers[side])
        loads = [int(self.degree[source]), int(self.degree[target])]
        try:
            while True:
                side = 0 if loads[0] <= loads[1] else 1
                other = 1 - side
                frontier = frontiers[side]
                if frontier.shape[0] == 0:
                    return []
                heads, tails = self.csr.neighbours(frontier)
                contact = dist[other][tails] >= 0
                if contact.any():
                    return self._join(side, heads[contact], tails[contact])
                fresh = dist[side][tails] < 0
                heads, tails = heads[fresh], tails[fresh]
                level = int(dist[side][frontier[0]]) + 1
                new = np.unique(tails)
                dist[side][new] = level
                np.add.at(sigma[side], tails, sigma[side][heads])
                touched[side].append(new)
                frontiers[side] = new
                loads[side] = int(self.degree[new].sum())
        finally:
            for side in (0, 1):
                for nodes in touched[side]:
                    dist[side][nodes] = -1
                    sigma[side][nodes] = 0.0

    def _join(self, side: int, near: IntArray, far: IntArray) -> list[int]:
        """Pick a meeting edge by its number of shortest paths, then walk both halves back."""
        other = 1 - side
        length = self.dist[side][near] + self.dist[other][far]
        shortest = length == length.min()
        near, far = near[shortest], far[shortest]
        weight = self.sigma[side][near] * self.sigma[other][far]
        pick = int(np.searchsorted(np.cumsum(weight), self.rng.random() * weight.sum(), side="right"))
        pick = min(pick, weight.shape[0] - 1)
        return self._walk_back(side, int(near[pick])) + self._walk_back(other, int(far[pick]))

    def _walk_back(self, side: int, node: int) -> list[int]:
        """Nodes from ``node`` back to its side's root (root excluded), each predecessor
        chosen with probability σ(predecessor) / σ(node), which makes the path uniform."""
        dist, sigma, path = self.dist[side], self.sigma[side], []
        while dist[node] > 0:
            path.append(node)
            row = self.csr.indices[self.csr.indptr[node] : self.csr.indptr[node + 1]]
            preds = row[dist[row] == dist[node] - 1]
            weights = np.cumsum(sigma[preds])
            pick = int(np.searchsorted(weights, self.rng.random() * weights[-1], side="right"))
            node = int(preds[min(pick, preds.shape[0] - 1)])
        return path


def sampled_betweenness(
    graph: nk.Graph, u: IntArray, v: IntArray, *, error: float, delta: float, seed: int = 0
) -> tuple[FloatArray, int]:
    """Each node's share of ordered pairs' shortest paths through it (within ``error`` of
    the truth with probability 1 − delta) and the number of samples taken."""
    n = graph.upperNodeIdBound()
    components = np.asarray(nk.components.ConnectedComponents(graph).run().getPartition().getVector(), dtype=np.int64)
    samples = sample_size(error, delta, vertex_diameter_bound(graph, components))
    rng = np.random.default_rng(seed)
    sampler = PathSampler(Csr.from_edges(n, u, v), components, rng)
    counts = np.zeros(n)
    sources = rng.integers(0, n, size=samples)
    targets = (sources + rng.integers(1, n, size=samples)) % n
    for source, target in zip(sources.tolist(), targets.tolist(), strict=True):
        inner = sampler.interior(source, target)
        if inner:
            counts[inner] += 1.0
    return counts / samples, samples
