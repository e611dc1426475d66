"""Routes over the door: flows, hotspots, shifts, organisations, and what each principal sees."""

from __future__ import annotations

from datetime import date

import pytest

from corridor.access import Node
from corridor.geo import analyse_routes, event_kind, hotspots, read_observations, route_data
from geo._world import build_world


def _pairs(result: dict[str, object], key: str = "country_flows") -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    rows = result[key]
    assert isinstance(rows, list)
    for row in rows:
        out[(row["from"], row["to"])] = out.get((row["from"], row["to"]), 0) + row["legs"]
    return out


@pytest.fixture
def world(node: Node) -> Node:
    build_world(node)
    return node


def test_flows_follow_each_person_from_crossing_to_crossing(world: Node) -> None:
    view = world.store.view(world.principal("GB-NCA"))
    result = analyse_routes(view, published=False)
    assert _pairs(result) == {("mk", "rs"): 2, ("rs", "gb"): 2, ("fr", "gb"): 1}
    by_month = {(r["from"], r["to"], r["month"]): r for r in result["country_flows"]}
    assert by_month[("mk", "rs", "2023-09")]["persons"] == 2
    assert by_month[("rs", "gb", "2023-10")]["legs"] == 2
    crossings = {(r["from"], r["to"]) for r in result["crossing_flows"]}
    assert ("corridor:tabanovce", "corridor:presevo") in crossings
    assert ("corridor:presevo", "corridor:dover_jetfoil") in crossings
    assert ("corridor:gravelines", "corridor:dover") in crossings  # the trip: Gravelines beach → Dover port
    assert result["observations"] == 6


def test_kinds_months_and_unresolved_names(world: Node) -> None:
    view = world.store.view(world.principal("GB-NCA"))
    result = analyse_routes(view, published=False)
    kinds = {(r["country"], r["kind"]): r["persons"] for r in result["by_country_month"]}
    assert kinds[("gb", "arrival")] == 4
    assert kinds[("rs", "interception")] == 4
    assert kinds[("xk", "interception")] == 4  # e4 (3 persons) and e5 (1, placed only by its country)
    assert [r["name"] for r in result["unresolved"]] == ["Xyzzy Fields"]
    assert result["unresolved"][0]["examples"] == ["e5"]
    assert event_kind("Event", ["Göçmen kaçakçılığı"]) == "interception"
    assert event_kind("Event", ["Small boat arrival"]) == "arrival"
    assert event_kind("Trip", []) == "trip"


def test_hotspots_count_persons_per_cell_and_month(world: Node) -> None:
    view = world.store.view(world.principal("GB-NCA"))
    observations = read_observations(view).observations
    spots = hotspots(observations, resolution=6)
    dover = [s for s in spots if s["month"] == "2023-10" and "gb" in s["countries"]]
    assert sum(s["persons"] for s in dover) == 5  # the landing (4) and the trip that ended at Dover (1)
    assert all(s["resolution"] == 6 for s in spots)
    coarse = hotspots(observations, resolution=3)
    assert sum(s["events"] for s in coarse) == sum(s["events"] for s in spots) == 5  # e1-e4 and t1; e5 has no point


def test_route_shift_compares_shares_around_a_date(world: Node) -> None:
    view = world.store.view(world.principal("GB-NCA"))
    result = analyse_routes(view, shift_on=date(2023, 9, 2), shift_days=60, published=False)
    shift = result["shift"]
    countries = {r["key"]: r for r in shift["countries"]["rows"]}
    assert countries["xk"]["before_share"] > 0
    assert countries["xk"]["after"] == 0
    assert countries["gb"]["change"] > 0
    assert shift["countries"]["before_total"] == 6  # e4 (3), e5 (1), e2 (2)


def test_organisations_routes(world: Node) -> None:
    view = world.store.view(world.principal("GB-NCA"))
    result = analyse_routes(view, published=False)
    orgs = {r["organisation"]: r for r in result["organisations"]}
    a, b = orgs["org-a"], orgs["org-b"]
    assert a["members"] == 2
    assert a["persons"] == 3
    assert [c["place_id"] for c in a["crossings"]] == ["corridor:presevo"]
    assert {c["country"] for c in b["countries"]} == {"gb", "xk"}
    assert b["events"] == 3  # e3, e4 and the trip it organised


def test_two_principals_see_two_different_routes(world: Node) -> None:
    gb = analyse_routes(world.store.view(world.principal("GB-NCA")), published=False)
    xk = analyse_routes(world.store.view(world.principal("XK-KP/analyst")), published=False)
    assert ("rs", "gb") in _pairs(gb)
    assert ("mk", "rs") in _pairs(gb)
    assert _pairs(xk) == {("fr", "gb"): 1}, "Serbia's and North Macedonia's records never reach Kosovo"
    assert {r["country"] for r in xk["by_country_month"]} == {"gb", "xk", "fr"} - {"fr"}
    assert "org-a" not in {r["organisation"] for r in xk["organisations"]}
    xk_cells = {(s["cell"], s["month"]) for s in xk["hotspots"]}
    gb_only = {(s["cell"], s["month"]) for s in gb["hotspots"] if "rs" in s["countries"] or "mk" in s["countries"]}
    assert gb_only
    assert not (gb_only & xk_cells)
    data = route_data(world.store.view(world.principal("XK-KP/analyst")))
    assert {o.entity_id for o in data.observations} == {"e3", "e4", "e5", "t1"}


def test_published_figures_sit_next_to_own(world: Node) -> None:
    result = analyse_routes(world.store.view(world.principal("GB-NCA")))
    rows = {(r["series"], r["month"]): r for r in result["published"]}
    channel = rows[("channel", "2023-10")]
    assert channel["own_persons"] == 4
    assert channel["published"] == 1869
    wb = rows[("western_balkans", "2023-09")]
    assert wb["published"] == 16642
    assert wb["own_persons"] == 6
    assert "Frontex" in result["attribution"]["frontex"]
