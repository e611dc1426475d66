"""Centralities of the person projection, exact on small graphs and sampled on large ones.

networkit does the work (C++, every core); the thresholds below decide when an exact
measure is replaced by a sampled one with a stated error bound. Betweenness and
closeness count hops: link weights say how strongly two people are tied, not how far
apart they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkit as nk  # type: ignore[import-untyped]  # no stubs upstream
import numpy as np

from corridor.graph._entity_graph import FloatArray, IntArray
from corridor.graph._pathsampling import sampled_betweenness

EXACT_LIMIT = 5_000
"""Up to this many people, betweenness and harmonic closeness are exact (O(n·m))."""

BETWEENNESS_ERROR = 0.01
"""KADABRA's additive error (share of ordered pairs' shortest paths), w.p. 1 - delta.

Its cost grows with 1 / error²; 0.01 (about 0.005 on networkx's scale) separates the
few people through whom a large share of routes runs, which is what a ranking needs.
"""

BETWEENNESS_DELTA = 0.1

PATH_SAMPLING_FROM = 200_000
"""From this many people on, betweenness is sampled by ``_pathsampling`` instead of KADABRA.

networkit's KADABRA stops sampling early when it can (2 s at 100k people) but first
computes the exact diameter on one thread (69 of 71 s at 1M); the path sampler bounds the
diameter with one BFS and takes its fixed number of samples (7 s at 1M for the same bound).
"""

EIGENVECTOR_LIMIT = 50_000
"""Eigenvector centrality is computed up to this many people only.

It weighs nothing in the composite (see ``_keyplayers.WEIGHTS``) and is shown in ``why``
for small networks; at 100k people it took 3.7 s of an 18 s report under load."""

PAGERANK_TOL = 1e-7
"""networkit's PageRank stops when the change's L2 norm falls below this; 1e-9 took 3x
longer at 100k people and moved no value by more than networkx's own tolerance."""


def betweenness_error_for(nodes: int) -> float:
    """The error bound the report can afford at a size (KADABRA's cost grows as 1/error²).

    Measured on the synthetic benchmark under load: 0.01 took 27 s at 100k people and
    267 s at 1M; the bound is loosened with size so the whole report stays near a minute.
    """
    if nodes <= 20_000:
        return BETWEENNESS_ERROR
    if nodes <= 200_000:
        return 0.02
    return 0.05


@dataclass(slots=True)
class Measures:
    """Every centrality of every person; ``harmonic`` is NaN where not computed."""

    degree: IntArray
    strength: FloatArray
    betweenness: FloatArray
    """Normalised as networkx does: the share of pairs' shortest paths through a node."""
    betweenness_exact: bool
    betweenness_error: float
    """Bound on the absolute error of every betweenness value (0 when exact)."""
    pagerank: FloatArray
    eigenvector: FloatArray | None
    harmonic: FloatArray
    harmonic_exact: bool
    core: IntArray


def betweenness(
    graph: nk.Graph,
    *,
    exact: bool | None = None,
    error: float | None = None,
    edges: tuple[IntArray, IntArray] | None = None,
) -> tuple[FloatArray, float]:
    """Normalised betweenness and its error bound (exact below ``EXACT_LIMIT``).

    The sampled estimate samples shortest paths between random pairs until every node's
    betweenness is within ``error`` (on KADABRA's scale, twice the ordered-pair share) of
    the truth with probability ``1 - BETWEENNESS_DELTA``: KADABRA (Borassi & Natale 2016),
    or from ``PATH_SAMPLING_FROM`` people on, when the graph's ``edges`` are given, the
    fixed-size sample of ``_pathsampling``.
    """
    n = graph.numberOfNodes()
    if n < 3 or graph.numberOfEdges() == 0:
        return np.zeros(graph.upperNodeIdBound()), 0.0
    if exact if exact is not None else n <= EXACT_LIMIT:
        algo = nk.centrality.Betweenness(graph, normalized=True)
        algo.run()
        return np.asarray(algo.scores(), dtype=np.float64), 0.0
    if error is None:
        error = betweenness_error_for(n)
    scale = n / (n - 2.0)
    if edges is not None and n >= PATH_SAMPLING_FROM:
        share, _ = sampled_betweenness(graph, *edges, error=error / 2, delta=BETWEENNESS_DELTA)
        # shares of ordered pairs; networkx divides unordered pair counts by (n-1)(n-2)/2
        return share * scale, error / 2 * scale
    kadabra = nk.centrality.KadabraBetweenness(graph, error, BETWEENNESS_DELTA)
    kadabra.run()
    # KADABRA's scores are twice the shares of ordered pairs (n(n-1)); networkx divides
    # unordered pair counts by (n-1)(n-2)/2, which is larger by n / (2(n-2)).
    return np.asarray(kadabra.scores(), dtype=np.float64) * scale / 2, error * scale / 2


def harmonic(graph: nk.Graph, *, exact: bool | None = None) -> tuple[FloatArray, bool]:
    """Harmonic closeness (sum of 1/distance) of everyone on small graphs, else NaN.

    On large graphs ``key_players`` and ``key_player`` fill in the people they show, one
    BFS each (``harmonic_of``): exact top-k search (networkit's ``TopHarmonicCloseness``)
    takes longer than the rest of the report on a million people, a BFS takes 0.4 s there,
    and harmonic closeness does not weigh in the composite (``_keyplayers.WEIGHTS``).
    """
    n = graph.upperNodeIdBound()
    if exact if exact is not None else graph.numberOfNodes() <= EXACT_LIMIT:
        algo = nk.centrality.HarmonicCloseness(graph, normalized=False)
        algo.run()
        return np.asarray(algo.scores(), dtype=np.float64), True
    return np.full(n, np.nan), False


def harmonic_of(graph: nk.Graph, nodes: list[int], into: FloatArray) -> FloatArray:
    """Fill in the exact harmonic closeness of ``nodes`` (one BFS each)."""
    for v in nodes:
        if np.isnan(into[v]):
            bfs = nk.distance.BFS(graph, v, False)
            bfs.run()
            d = np.asarray(bfs.getDistances(asarray=True), dtype=np.float64)
            reach = (d > 0) & (d < 1e300)
            into[v] = float(np.sum(1.0 / d[reach]))
    return into


def measure(
    graph: nk.Graph,
    weighted: nk.Graph,
    strength: FloatArray,
    *,
    exact: bool | None = None,
    edges: tuple[IntArray, IntArray] | None = None,
) -> Measures:
    """Every measure of the key-player report on one graph (unweighted and weighted);
    ``strength`` is each person's summed link weight (from the link arrays: networkit
    gives weighted degrees one call per node); ``edges`` are the graph's links, each once."""
    n = graph.upperNodeIdBound()
    degree = np.asarray([graph.degree(v) for v in range(n)], dtype=np.int64) if n < 1000 else _degrees(graph)
    bc, error = betweenness(graph, exact=exact, edges=edges)
    if graph.numberOfEdges() > 0:
        pagerank = np.asarray(nk.centrality.PageRank(weighted, tol=PAGERANK_TOL).run().scores(), dtype=np.float64)
        core = np.asarray(nk.centrality.CoreDecomposition(graph).run().scores(), dtype=np.int64)
    else:
        pagerank = np.full(n, 1.0 / max(n, 1))
        core = np.zeros(n, dtype=np.int64)
    eigen = None
    if 0 < n <= EIGENVECTOR_LIMIT and graph.numberOfEdges() > 0:
        eigen = np.asarray(nk.centrality.EigenvectorCentrality(weighted, tol=1e-9).run().scores(), dtype=np.float64)
    hc, hc_exact = harmonic(graph, exact=exact)
    return Measures(
        degree=degree,
        strength=strength,
        betweenness=bc,
        betweenness_exact=error == 0.0,
        betweenness_error=error,
        pagerank=pagerank,
        eigenvector=eigen,
        harmonic=hc,
        harmonic_exact=hc_exact,
        core=core,
    )


def _degrees(graph: nk.Graph) -> IntArray:
    return np.asarray(nk.centrality.DegreeCentrality(graph, normalized=False).run().scores(), dtype=np.int64)


def percentile(values: FloatArray) -> FloatArray:
    """Each value's percentile rank, 0..1, ties sharing their mid rank (NaN counts as lowest)."""
    clean = np.where(np.isnan(values), -math.inf, values)
    order = np.sort(clean)
    mid = (np.searchsorted(order, clean, side="left") + np.searchsorted(order, clean, side="right") - 1) / 2
    return mid / max(len(values) - 1, 1)


def ranks(values: FloatArray) -> IntArray:
    """1-based competition ranks, highest value first (NaN last)."""
    clean = np.where(np.isnan(values), -math.inf, values)
    order = np.sort(-clean)
    return (np.searchsorted(order, -clean, side="left") + 1).astype(np.int64)
