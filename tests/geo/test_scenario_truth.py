"""Routes and money on a generated scenario, against its truth, within stated tolerances.

The scenario is ingested as each agency writes it and merged by its truth (see
``_scenario.py``), so these tests measure the analyses, not the resolver. Tolerances:

* observations: at least 98 % of the migrants an observation places are where and when
  (± one day) the truth has them, and at least 98 % of the truth's recorded events
  (interceptions in the five police countries, landings, lorry finds) are observed with at
  least 90 % of their persons (police forces also register groups passing through; the
  truth lists those only as legs, so counts per month are checked this way round);
* flows between countries: at least 95 % of the legs join two places the person truly
  passed, on those days (± one); every country pair with five or more truth legs appears;
* hotspots (H3 resolution 5, about 250 km²): at least 95 % of the truth's persons per
  month are counted in the true cell or one of its six neighbours (geocoded points are
  town or crossing centres, a few km from the scenario's coordinates);
* revenue: every person counted as moved by an organisation truly travelled with or paid
  it (precision ≥ 90 %); where the price is taken from observed payments, it is within
  35 % of the truth's median payment per customer of that organisation;
* money people serving several organisations: at least half truly serve several;
* every place name the scenario writes geocodes, to the right country.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

import h3  # type: ignore[import-untyped]
import pytest

pytest.importorskip("corridor.scenario", reason="the scenario generator is not in this tree")
pytest.importorskip("corridor.ingest", reason="the ingester is not in this tree")

import itertools

from corridor.finance import analyse_money, read_network
from corridor.geo import analyse_routes, read_observations, route_data
from geo._scenario import Scenario, event_persons, load, recorded_events

pytestmark = pytest.mark.slow


SIZE = os.environ.get("CORRIDOR_TEST_SCENARIO_SIZE", "tiny")
"""``tiny`` keeps ``make test`` fast; ``CORRIDOR_TEST_SCENARIO_SIZE=demo`` runs the same checks on
the demo scenario (several minutes, mostly ingestion)."""


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Any:
    base = tmp_path_factory.mktemp("scenario")
    loaded = load(base / "out", base / "store.db", size=SIZE)
    yield loaded
    loaded.node.close()


@pytest.fixture(scope="module")
def routes(scenario: Scenario) -> dict[str, Any]:
    return analyse_routes(scenario.node.store.view(scenario.node.principal()), resolution=5, published=False)


@pytest.fixture(scope="module")
def money(scenario: Scenario) -> dict[str, Any]:
    return analyse_money(scenario.node.store.view(scenario.node.principal()))


def test_every_scenario_place_name_geocodes(routes: dict[str, Any]) -> None:
    assert routes["unresolved"] == []
    assert routes["observations"] > 50


def _timeline(scenario: Scenario) -> dict[str, set[tuple[str, str]]]:
    """For every true migrant, the (day, country) pairs the truth puts them in."""
    places = {p["id"]: p for p in scenario.truth["places"]}
    groups = {g["id"]: g["migrants"] for g in scenario.truth["groups"]}
    days: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for leg in scenario.truth["legs"]:
        stops = [(leg["depart"], leg["from"]), (leg["arrive"], leg["from"])]
        if leg["outcome"] == "completed":
            stops.append((leg["arrive"], leg["to"]))
        for migrant in groups.get(leg["group"], []):
            days[migrant].update((when[:10], places[place]["country"]) for when, place in stops)
    for event in scenario.truth["events"]:
        for migrant in event["migrants"]:
            days[migrant].add((event["date"][:10], event["country"]))
    return days


def _near(days: set[tuple[str, str]], day: str, country: str | None) -> bool:
    d = date.fromisoformat(day)
    return any(((d + timedelta(days=k)).isoformat(), country) in days for k in (-1, 0, 1))


def test_observations_match_the_truth(scenario: Scenario) -> None:
    observations = read_observations(scenario.node.store.view(scenario.node.principal())).observations
    timeline = _timeline(scenario)
    placed = right = 0
    for obs in observations:
        assert obs.where is not None
        for person in obs.persons:
            true = scenario.true_id.get(person, person)
            if true.startswith("M"):
                placed += 1
                right += _near(timeline[true], obs.date, obs.where.country)
    assert placed > 200
    assert right >= 0.98 * placed, "persons are placed where and when the truth has them"
    by_day: dict[tuple[str, str | None], list[set[str]]] = defaultdict(list)
    for obs in observations:
        assert obs.where is not None
        by_day[(obs.date, obs.where.country)].append({scenario.true_id.get(p, p) for p in obs.persons})
    found = 0
    events = recorded_events(scenario.truth)
    for event in events:
        wanted = set(event_persons(event))
        d = date.fromisoformat(event["date"][:10])
        candidates = [
            s for k in (-1, 0, 1) for s in by_day.get(((d + timedelta(days=k)).isoformat(), event["country"]), [])
        ]
        found += any(len(wanted & s) >= 0.9 * len(wanted) for s in candidates)
    assert found >= 0.98 * len(events), "every recorded interception, landing and lorry find is observed"


def test_country_flows_match_the_truth(scenario: Scenario, routes: dict[str, Any]) -> None:
    data = route_data(scenario.node.store.view(scenario.node.principal()))
    timeline = _timeline(scenario)
    crossing = right = 0
    for leg in data.legs:
        if leg.person is None or leg.source.country == leg.target.country:
            continue
        true = scenario.true_id.get(leg.person, leg.person)
        crossing += 1
        right += _near(timeline[true], leg.depart, leg.source.country) and _near(
            timeline[true], leg.arrive, leg.target.country
        )
    assert crossing > 50
    assert right >= 0.95 * crossing, "each leg joins two places the person truly passed, in that order"
    places = {p["id"]: p for p in scenario.truth["places"]}
    seen: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for event in recorded_events(scenario.truth):
        for migrant in event["migrants"]:
            seen[migrant].append((event["date"], places[event["place"]]["country"]))
    truth: Counter[tuple[str, str]] = Counter()
    for sightings in seen.values():
        sightings.sort()
        for (_, a), (_, b) in itertools.pairwise(sightings):
            if a != b:
                truth[(a, b)] += 1
    ours: Counter[tuple[str, str]] = Counter()
    for row in routes["country_flows"]:
        ours[(row["from"], row["to"])] += row["legs"]
    assert sum(ours.values()) >= sum(truth.values()), "registrations only add sightings, never remove legs"
    for pair, legs in truth.items():
        if legs >= 5:
            assert ours[pair] > 0, pair


def test_hotspots_sit_where_the_truth_happened(scenario: Scenario, routes: dict[str, Any]) -> None:
    places = {p["id"]: p for p in scenario.truth["places"]}
    truth: Counter[tuple[str, str]] = Counter()
    for event in recorded_events(scenario.truth):
        place = places[event["place"]]
        truth[(event["date"][:7], h3.latlng_to_cell(place["lat"], place["lon"], 5))] += len(event_persons(event))
    ours: Counter[tuple[str, str]] = Counter()
    for spot in routes["hotspots"]:
        ours[(spot["month"], spot["cell"])] += spot["persons"]
    matched = 0
    for (month, cell), persons in sorted(truth.items()):
        wanted = persons
        for near in [cell, *sorted(set(h3.grid_disk(cell, 1)) - {cell})]:
            take = min(wanted, ours[(month, near)])
            ours[(month, near)] -= take
            wanted -= take
        matched += persons - wanted
    assert matched >= 0.95 * sum(truth.values())


def test_revenue_estimates_against_the_truth(scenario: Scenario, money: dict[str, Any]) -> None:
    true_org = scenario.true_id
    paid: dict[str, Counter[str]] = defaultdict(Counter)
    travelled: dict[str, set[str]] = defaultdict(set)
    for payment in scenario.truth["payments"]:
        if payment["payer"].startswith("M"):
            paid[payment["organisation"]][payment["payer"]] += payment["amount_eur"]
    for leg in scenario.truth["legs"]:
        travelled[leg["organisation"]].add(leg["group"])
    groups = {g["id"]: set(g["migrants"]) for g in scenario.truth["groups"]}
    checked = 0
    net = read_network(scenario.node.store.view(scenario.node.principal()))
    for row in money["revenue"]:
        org = true_org.get(row["organisation"])
        assert org is not None, row["organisation"]
        moved_true = {true_org.get(p, p) for p in net.moved.get(row["organisation"], set())}
        legit = set(paid[org]) | {m for g in travelled[org] for m in groups.get(g, set())}
        if moved_true:
            assert len(moved_true & legit) >= 0.9 * len(moved_true), row["name"]
        if row["method"] == "observed" and len(paid[org]) >= 5:
            truth_median = statistics.median(paid[org].values())
            assert abs(row["price_per_person_eur"] - truth_median) <= 0.35 * truth_median, row["name"]
            checked += 1
        assert len(row["assumptions"]) >= 3
    assert money["payments"] > 50
    assert checked >= 1


def test_shared_money_people_are_truly_shared(scenario: Scenario, money: dict[str, Any]) -> None:
    persons = {p["id"]: p for p in scenario.truth["persons"]}
    assert money["money_people"], "the scenario's hawala bankers and brokers serve several networks"
    shared = 0
    for row in money["money_people"]:
        person = persons[scenario.true_id.get(row["party"], row["party"])]
        if len(person["organisations"]) >= 2:
            shared += 1
    assert shared >= 0.5 * len(money["money_people"])
