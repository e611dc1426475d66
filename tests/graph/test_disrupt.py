"""Disruption numbers against hand-computed small cases, and the resilience view."""

from __future__ import annotations

import igraph as ig  # type: ignore[import-untyped]
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.core import InvalidInput, NotFound
from corridor.graph import disrupt, resolve_people
from corridor.graph._fragment import connected_pairs_after_removal
from graph import associates, network_of

PATH5 = [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_baseline_of_a_path() -> None:
    net = network_of(associates(PATH5, 5))
    report = disrupt(net, remove=resolve_people(net, ["p2"]))
    base = report["baseline"]
    assert base["largest_component"] == 5
    assert base["components"] == 1
    # Unordered pairs at distance 1, 2, 3, 4: 4, 3, 2, 1 -> sum 1/d = 4 + 1.5 + 2/3 + 1/4.
    assert base["efficiency"] == pytest.approx((4 + 1.5 + 2 / 3 + 0.25) / 10, abs=1e-6)
    assert base["fragmentation"] == 0


def test_removing_the_middle_of_a_path() -> None:
    net = network_of(associates(PATH5, 5))
    report = disrupt(net, remove=resolve_people(net, ["p2"]))
    assert report["removed"] == ["p2"]
    (step,) = report["steps"]
    assert step["removed"] == "p2"
    assert step["largest_component"] == 2
    assert step["components"] == 2
    # Four people left, pairs {0,1} and {3,4} at distance 1: efficiency 2 / 6.
    assert step["efficiency"] == pytest.approx(2 / 6, abs=1e-6)
    assert step["distance_fragmentation"] == pytest.approx(1 - 2 / 6, abs=1e-6)
    # Borgatti's F: 1 - sum s(s-1) / n(n-1) = 1 - (2 + 2) / 12.
    assert step["fragmentation"] == pytest.approx(1 - 4 / 12, abs=1e-6)
    assert step["links_cut"] == 2


def test_greedy_takes_the_hub_of_a_star_then_the_bridge() -> None:
    # A star around p0 with 5 leaves, and a second star around p6 joined to p0 via p5.
    edges = [(0, i) for i in range(1, 6)] + [(5, 6)] + [(6, i) for i in range(7, 10)]
    net = network_of(associates(edges, 10))
    report = disrupt(net, greedy=2)
    assert report["removed"][0] == "p0"
    assert report["removed"][1] == "p6"
    first, last = report["steps"]
    # Without p0: p1..p4 alone, and p5-p6-p7/p8/p9 a star of five.
    assert first["largest_component"] == 5
    assert first["components"] == 5
    # Without p6 as well: eight people, nobody linked.
    assert last["largest_component"] == 1
    assert last["components"] == 8
    assert last["efficiency"] == 0
    assert last["fragmentation"] == 1


def test_resilience_names_who_could_take_over() -> None:
    # p0 runs the cell; p1 already knows three of p0's four contacts; p4 knows one.
    edges = [(0, 1), (0, 2), (0, 3), (0, 4), (1, 2), (1, 3), (1, 5), (4, 5)]
    net = network_of(associates(edges, 6))
    report = disrupt(net, remove=resolve_people(net, ["p0"]))
    (entry,) = report["resilience"]
    assert entry["removed"] == "p0"
    assert entry["contacts"] == 4
    assert entry["successors"][0]["id"] == "p1"
    assert entry["successors"][0]["shared_contacts"] == 2


def test_bad_requests() -> None:
    net = network_of(associates(PATH5, 5))
    with pytest.raises(InvalidInput):
        disrupt(net)
    with pytest.raises(InvalidInput):
        disrupt(net, greedy=0)
    with pytest.raises(NotFound):
        resolve_people(net, ["nobody"])


def _pairs_by_brute_force(n: int, edges: list[tuple[int, int]], alive: list[bool]) -> list[int]:
    """Connected ordered pairs left after removing each living person, one networkx graph each."""
    out = []
    for x in range(n):
        if not alive[x]:
            out.append(-1)
            continue
        g = nx.Graph()
        g.add_nodes_from(i for i in range(n) if alive[i] and i != x)
        g.add_edges_from((a, b) for a, b in edges if a != b and x not in (a, b) and alive[a] and alive[b])
        out.append(sum(len(c) * (len(c) - 1) for c in nx.connected_components(g)))
    return out


@given(
    st.integers(1, 30).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n),
            st.lists(st.booleans(), min_size=n, max_size=n),
        )
    )
)
@settings(max_examples=200, deadline=None)
def test_fragmentation_after_each_removal_matches_brute_force(
    case: tuple[int, list[tuple[int, int]], list[bool]],
) -> None:
    n, edges, alive = case
    graph = ig.Graph(n=n, edges=[(a, b) for a, b in edges if a != b and alive[a] and alive[b]])
    got = connected_pairs_after_removal(graph, np.asarray(alive, dtype=bool))
    assert got.tolist() == _pairs_by_brute_force(n, edges, alive)


def test_greedy_prefers_the_cut_point_over_the_busiest_person() -> None:
    # p0 has the most links (a clique of five), but removing p5 cuts the long tail off.
    clique = [(a, b) for a in range(5) for b in range(a + 1, 5)]
    tail = [(0, 5), (5, 6), (6, 7), (7, 8), (8, 9), (9, 10)]
    net = network_of(associates(clique + tail, 11))
    report = disrupt(net, greedy=1)
    # Without p5: {p0..p4} and {p6..p10}, 20 + 20 ordered pairs; without p0: 12 + 30 = 42;
    # without p6: {p0..p5} and {p7..p10}: 30 + 12 = 42.
    assert report["removed"] == ["p5"]
    assert report["steps"][0]["largest_component"] == 5
