"""Disruption numbers against hand-computed small cases, and the resilience view."""

from __future__ import annotations

import pytest

from corridor.core import InvalidInput, NotFound
from corridor.graph import disrupt, resolve_people
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
