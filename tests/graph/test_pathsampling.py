"""The shortest-path sampler: uniform paths, a valid diameter bound, estimates within the bound."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np
import pytest

from corridor.graph import _measures
from corridor.graph._network import nk_graph
from corridor.graph._pathsampling import Csr, PathSampler, sample_size, sampled_betweenness, vertex_diameter_bound
from graph import associates, network_of


def _arrays(graph: nx.Graph) -> tuple[int, np.ndarray, np.ndarray]:
    edges = np.asarray(list(graph.edges()), dtype=np.int64)
    return graph.number_of_nodes(), edges[:, 0], edges[:, 1]


def _components(graph: nx.Graph) -> np.ndarray:
    out = np.zeros(graph.number_of_nodes(), dtype=np.int64)
    for i, nodes in enumerate(nx.connected_components(graph)):
        out[list(nodes)] = i
    return out


def test_paths_are_uniform_among_all_shortest_paths() -> None:
    # 0 → 6 has four shortest paths, three through node 1 and one through node 2; a sampler that
    # favoured a branch (a fixed tie-break, or a choice by node instead of by path count)
    # would show it in the counts.
    graph = nx.Graph()
    graph.add_edges_from([(0, 1), (0, 2), (1, 3), (1, 4), (1, 5), (2, 5), (3, 6), (4, 6), (5, 6)])
    n, u, v = _arrays(graph)
    sampler = PathSampler(Csr.from_edges(n, u, v), _components(graph), np.random.default_rng(0))
    paths = Counter(tuple(sorted(sampler.interior(0, 6))) for _ in range(6000))
    expected = {tuple(sorted(p[1:-1])) for p in nx.all_shortest_paths(graph, 0, 6)}
    assert set(paths) == expected
    assert len(expected) == 4
    # path counts: 0-1-3, 0-1-4, 0-1-5, 0-2-5 each one path of four: uniform means 1/4 each
    for count in paths.values():
        assert count == pytest.approx(1500, rel=0.1)


def test_no_path_between_components_and_none_inside_an_edge() -> None:
    graph = nx.Graph([(0, 1), (1, 2), (3, 4)])
    n, u, v = _arrays(graph)
    sampler = PathSampler(Csr.from_edges(n, u, v), _components(graph), np.random.default_rng(0))
    assert sampler.interior(0, 4) == []
    assert sampler.interior(0, 1) == []
    assert sampler.interior(0, 2) == [1]
    assert sampler.interior(2, 0) == [1]


def test_vertex_diameter_bound_holds() -> None:
    for seed in range(5):
        graph = nx.gnm_random_graph(300, 330, seed=seed)
        n, u, v = _arrays(graph)
        bound = vertex_diameter_bound(nk_graph(n, u, v), _components(graph))
        widest = max(nx.diameter(graph.subgraph(c)) for c in nx.connected_components(graph))
        assert bound >= widest + 1


def test_sample_size_follows_the_bound() -> None:
    # c / ε² · (⌊log2(VD − 2)⌋ + 1 + ln(1/δ)), c = 0.5
    assert sample_size(0.1, 0.1, 18) == int(np.ceil(50 * (4 + 1 + np.log(10))))
    assert sample_size(0.05, 0.1, 18) > 3.9 * sample_size(0.1, 0.1, 18)


@pytest.mark.parametrize("seed", [1, 2])
def test_estimates_within_the_stated_bound(seed: int) -> None:
    graph = nx.powerlaw_cluster_graph(400, 3, 0.2, seed=seed)
    n, u, v = _arrays(graph)
    share, samples = sampled_betweenness(nk_graph(n, u, v), u, v, error=0.02, delta=0.1, seed=seed)
    exact = nx.betweenness_centrality(graph)  # unordered pairs over (n-1)(n-2)/2
    estimate = share * n / (n - 2)
    worst = max(abs(estimate[i] - exact[i]) for i in range(n))
    assert samples == sample_size(0.02, 0.1, vertex_diameter_bound(nk_graph(n, u, v), _components(graph)))
    assert worst <= 0.02 * n / (n - 2)
    top = sorted(exact, key=exact.__getitem__, reverse=True)[:3]
    assert set(np.argsort(-estimate)[:3].tolist()) == set(top)


def test_large_networks_use_the_path_sampler(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = nx.connected_watts_strogatz_graph(600, 6, 0.1, seed=3)
    monkeypatch.setattr(_measures, "PATH_SAMPLING_FROM", 500)
    monkeypatch.setattr(_measures, "betweenness_error_for", lambda nodes: 0.05)  # few samples: a fast test
    net = network_of(associates(graph.edges(), graph.number_of_nodes()), exact=False)
    order = [int(net.entity.ids[int(node)][1:]) for node in net.people.nodes]
    m = net.measures
    exact = nx.betweenness_centrality(graph)
    assert not m.betweenness_exact
    assert m.betweenness_error == pytest.approx(0.025 * 600 / 598)  # KADABRA's scale halved, on networkx's
    assert max(abs(m.betweenness[i] - exact[v]) for i, v in enumerate(order)) <= m.betweenness_error
    share, _ = sampled_betweenness(net.graph, net.people.u, net.people.v, error=0.025, delta=0.1)
    assert np.allclose(m.betweenness, share * 600 / 598)  # the sampler's numbers, not KADABRA's
