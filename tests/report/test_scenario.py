"""Reports on the tiny generated scenario: real volumes, scripts and gradings, end to end.

The scenario is generated, ingested and merged by its truth (``tests/geo/_scenario.py``);
the reports are checked against what the analyses themselves say: the top key player's
profile shows rank 1, a traveller's map has one point per place of a geocoded event, and a
community's report lists exactly the community's people.
"""

from __future__ import annotations

import re

import pytest

from corridor.access import Node
from corridor.geo import read_observations
from corridor.graph import Network, build_graph, communities, key_players
from corridor.report import network_report, target_report

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scenario_node(tmp_path_factory: pytest.TempPathFactory) -> Node:
    from geo._scenario import load

    base = tmp_path_factory.mktemp("scenario")
    return load(base / "scenario", base / "node.db").node


def test_top_key_player_profile(scenario_node: Node) -> None:
    node = scenario_node
    view = node.store.view(node.principal())
    top = key_players(Network(build_graph(view)), top=1)[0]
    report = target_report(node, node.principal(), top["id"], fmt="html")
    page = report.content.decode()
    assert re.search(r"rank 1 of \d+ people", page)
    assert top["name"] in page
    assert report.summary["associates"] > 0
    assert 'class="chart"' in page


def test_traveller_map_has_a_point_per_place(scenario_node: Node) -> None:
    node = scenario_node
    view = node.store.view(node.principal())
    observations = read_observations(view).observations
    counts: dict[str, int] = {}
    for obs in observations:
        for person in obs.persons:
            counts[person] = counts.get(person, 0) + 1
    traveller = max(sorted(counts), key=lambda p: counts[p])
    mine = [o for o in observations if traveller in o.persons]
    located = [o for o in mine if o.where is not None and o.where.lat is not None]
    report = target_report(node, node.principal(), _visible_record(node, traveller), fmt="html")
    page = report.content.decode()
    assert report.summary["events"] == len(mine)
    places = {(round(o.where.lat, 4), round(o.where.lon or 0.0, 4)) for o in located if o.where and o.where.lat}
    assert page.count('<g class="point">') == len(places) > 0
    assert 'class="timeline"' in page


def _visible_record(node: Node, canonical: str) -> str:
    """A record id of the cluster the principal may see (the canonical record may be hidden)."""
    view = node.store.view(node.principal())
    _, members = view.cluster(canonical)
    seen = {s.entity_id for s in view.statements(entity_ids=members, props=["name"])}
    return min(seen)


def test_community_report_lists_the_community(scenario_node: Node) -> None:
    node = scenario_node
    view = node.store.view(node.principal())
    cells = communities(Network(build_graph(view)))
    cell = max(cells, key=lambda c: (c["size"], -c["id"]))
    report = network_report(node, node.principal(), community=cell["id"], fmt="html")
    page = report.content.decode()
    assert report.summary["members"] == cell["size"]
    for member in cell["members"]:
        assert member in page
