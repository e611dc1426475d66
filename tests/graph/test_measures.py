"""Each measure against networkx on small graphs, and sampled betweenness within its bound."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from corridor.graph import Network, betweenness, key_player, key_players, scores
from graph import associates, network_of


def _network(graph: nx.Graph, *, exact: bool | None = None) -> tuple[Network, list[int]]:
    """A corridor network of a networkx graph, and the nx node of each person index."""
    net = network_of(associates(graph.edges(), graph.number_of_nodes()), exact=exact)
    order = [int(net.entity.ids[int(node)][1:]) for node in net.people.nodes]
    return net, order


@pytest.fixture(scope="module")
def karate() -> nx.Graph:
    return nx.karate_club_graph()


def test_measures_match_networkx(karate: nx.Graph) -> None:
    graph = nx.Graph(karate.edges())  # unweighted: one Associate record per edge
    net, order = _network(graph)
    m = net.measures
    bc = nx.betweenness_centrality(graph)
    pr = nx.pagerank(graph, weight="weight")
    hc = nx.harmonic_centrality(graph)
    core = nx.core_number(graph)
    ev = nx.eigenvector_centrality_numpy(graph)
    for i, v in enumerate(order):
        assert m.degree[i] == graph.degree(v)
        assert m.strength[i] == pytest.approx(graph.degree(v))
        assert m.betweenness[i] == pytest.approx(bc[v], abs=1e-9)
        assert m.pagerank[i] == pytest.approx(pr[v], abs=1e-5)
        assert m.harmonic[i] == pytest.approx(hc[v], abs=1e-9)
        assert m.core[i] == core[v]
    assert m.eigenvector is not None
    mine = m.eigenvector / np.linalg.norm(m.eigenvector)
    theirs = np.array([ev[v] for v in order])
    assert np.allclose(np.abs(mine), np.abs(theirs), atol=1e-4)
    assert m.betweenness_exact
    assert m.betweenness_error == 0


def test_strength_and_pagerank_use_link_counts() -> None:
    # Three calls between 0 and 1, one between 1 and 2: weights 3 and 1.
    from graph import link, person

    entities = [person("p0"), person("p1"), person("p2")]
    entities += [link("Call", f"c{i}", "p0", "p1") for i in range(3)] + [link("Call", "c9", "p1", "p2")]
    net = network_of(entities)
    ids = [net.entity.ids[int(n)] for n in net.people.nodes]
    g = nx.Graph()
    g.add_edge("p0", "p1", weight=3.0)
    g.add_edge("p1", "p2", weight=1.0)
    pr = nx.pagerank(g, weight="weight")
    for i, pid in enumerate(ids):
        assert net.measures.strength[i] == pytest.approx(g.degree(pid, weight="weight"))
        assert net.measures.pagerank[i] == pytest.approx(pr[pid], abs=1e-5)


def test_sampled_betweenness_within_its_bound() -> None:
    graph = nx.connected_watts_strogatz_graph(600, 6, 0.1, seed=3)
    net, order = _network(graph, exact=False)
    bc, error = betweenness(net.graph, exact=False, error=0.01)
    exact = nx.betweenness_centrality(graph)
    worst = max(abs(bc[i] - exact[v]) for i, v in enumerate(order))
    assert 0 < error < 0.01
    assert worst <= error
    assert not net.measures.betweenness_exact
    assert net.measures.betweenness_error > 0
    # Harmonic closeness on large graphs: NaN until a report shows a person, then exact.
    assert not np.isfinite(net.measures.harmonic).any()
    listed = key_players(net, top=5)
    single = key_player(net, net.entity.ids[int(net.people.nodes[7])])
    assert single is not None
    assert single["why"]["measures"]["harmonic"]["value"] is not None
    top = np.flatnonzero(np.isfinite(net.measures.harmonic))
    assert len(listed) == 5
    assert top.shape[0] in (5, 6)  # the five listed and person 7 (unless listed)
    assert 7 in top.tolist()
    hc = nx.harmonic_centrality(graph)
    for i in top.tolist():
        assert net.measures.harmonic[i] == pytest.approx(hc[order[i]])


def test_composite_ranks_the_broker_above_cell_members() -> None:
    # Two dense cells of 8, joined only through one broker (node 16) with three contacts in each.
    cells = [nx.complete_graph(range(0, 8)), nx.complete_graph(range(8, 16))]
    graph = nx.union_all(cells)
    graph.add_edges_from([(16, 0), (16, 1), (16, 2), (16, 8), (16, 9), (16, 10)])
    net, _order = _network(graph)
    players = key_players(net, top=17)
    assert [p["rank"] for p in players] == list(range(1, 18))
    # The broker outranks every member of a cell it is not a gateway of.
    rank = {p["id"]: p["rank"] for p in players}
    assert all(rank["p16"] < rank[f"p{i}"] for i in (3, 4, 5, 6, 7, 11, 12, 13, 14, 15))
    why = next(p["why"] for p in players if p["id"] == "p16")
    assert "betweenness" in why["summary"]
    assert why["measures"]["betweenness"]["rank"] == 1
    assert why["bridges"]
    assert why["path_share"]["share"] == pytest.approx(1.0)
    assert len(scores(net).score) == 17
    for player in players:
        assert player["why"]["summary"]
        assert player["rank"] >= 1
        assert set(player["why"]["measures"]) >= {"betweenness", "pagerank", "degree", "harmonic", "core"}


def test_communities_recover_planted_cells() -> None:
    graph = nx.planted_partition_graph(4, 15, 0.6, 0.01, seed=5)
    net, order = _network(graph)
    truth = {v: v // 15 for v in graph}
    found = net.communities
    # Same partition up to renaming: each found community holds one planted block.
    blocks: dict[int, set[int]] = {}
    for i, v in enumerate(order):
        blocks.setdefault(int(found[i]), set()).add(truth[v])
    assert all(len(b) == 1 for b in blocks.values())
    mine = nx.algorithms.community.modularity(
        graph, [{order[i] for i in np.flatnonzero(found == c)} for c in np.unique(found)]
    )
    theirs = nx.algorithms.community.modularity(graph, nx.algorithms.community.louvain_communities(graph, seed=1))
    assert mine >= theirs - 1e-9


def test_eigenvector_only_up_to_its_limit(karate: nx.Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    # Above EIGENVECTOR_LIMIT people the report leaves eigenvector out (it weighs nothing),
    # and every weighted measure, the ranking and ``why`` work without it.
    from corridor.graph import _measures

    graph = nx.Graph(karate.edges())
    with_eigen, _ = _network(graph)
    assert with_eigen.measures.eigenvector is not None  # measured (and kept) before the limit drops
    expected = scores(with_eigen).score
    top = [p["id"] for p in key_players(with_eigen, top=5)]
    monkeypatch.setattr(_measures, "EIGENVECTOR_LIMIT", graph.number_of_nodes() - 1)
    net, _ = _network(graph)
    assert net.measures.eigenvector is None
    assert "eigenvector" not in scores(net).values
    assert np.array_equal(scores(net).score, expected)
    assert [p["id"] for p in key_players(net, top=5)] == top
