"""The ground truth agrees with itself and with the files."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from ._helpers import load_json, load_mapping, map_file, read_records


@pytest.fixture(scope="module")
def truth(tiny: Path) -> dict[str, Any]:
    data = load_json(tiny / "truth.json")
    assert isinstance(data, dict)
    return data


def test_truth_has_every_section(truth: dict[str, Any]) -> None:
    for key in ("seed", "size", "organisations", "persons", "records", "links", "legs", "payments", "groups", "events"):
        assert key in truth, key
        assert truth[key] or key in ("seed",), key
    assert truth["seed"] == 7
    assert truth["size"] == "tiny"


def test_every_record_names_a_true_person(truth: dict[str, Any]) -> None:
    persons = {p["id"] for p in truth["persons"]}
    assert len(persons) == len(truth["persons"])
    assert all(r["person"] in persons for r in truth["records"])
    keys = [(r["agency"], r["source_id"]) for r in truth["records"]]
    assert len(keys) == len(set(keys))


def test_every_person_record_in_every_file_has_its_truth(tiny: Path, truth: dict[str, Any]) -> None:
    recorded: dict[str, set[str]] = defaultdict(set)
    for record in truth["records"]:
        recorded[record["file"]].add(record["source_id"])
    for entry in load_json(tiny / "manifest.json")["files"]:
        mapping = load_mapping(tiny / entry["mapping"])
        result = map_file(tiny / entry["path"], mapping)
        assert result.missing_ids == [], entry["path"]
        person_ids: set[str] = set()
        for name, spec in mapping["entities"].items():
            if spec["schema"] == "Person" and spec.get("properties"):
                person_ids |= result.ids.get(name, set())
        assert person_ids == recorded[entry["path"]], entry["path"]


def test_organisations_have_one_leader_who_is_a_member(truth: dict[str, Any]) -> None:
    persons = {p["id"]: p for p in truth["persons"]}
    for org in truth["organisations"]:
        leaders = [
            m for m in org["members"] if persons[m]["role"] == "leader" and org["id"] in persons[m]["organisations"]
        ]
        assert leaders == [org["leader"]], org["id"]
        for member in org["members"]:
            assert org["id"] in persons[member]["organisations"]
    brokers = [p for p in persons.values() if len(p["organisations"]) > 1]
    assert brokers, "some smugglers work for several organisations"


def test_org_records_name_true_organisations(truth: dict[str, Any]) -> None:
    orgs = {o["id"] for o in truth["organisations"]}
    assert truth["org_records"]
    assert all(r["organisation"] in orgs for r in truth["org_records"])


def test_legs_are_contiguous_in_space_and_time(truth: dict[str, Any]) -> None:
    places = {p["id"]: p for p in truth["places"]}
    legs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for leg in truth["legs"]:
        legs[leg["group"]].append(leg)
    groups = {g["id"]: g for g in truth["groups"]}
    assert set(legs) == set(groups)
    for gid, trip in legs.items():
        assert trip[0]["from"] == "istanbul"
        for leg in trip:
            assert leg["from"] in places
            assert leg["to"] in places
            assert places[leg["to"]]["lat"] is not None
            assert datetime.fromisoformat(leg["arrive"]) > datetime.fromisoformat(leg["depart"])
        for before, after in pairwise(trip):
            where = before["to"] if before["outcome"] == "completed" else before["from"]
            assert after["from"] == where, (gid, before["id"], after["id"])
            assert datetime.fromisoformat(after["depart"]) >= datetime.fromisoformat(before["arrive"]), (
                gid,
                after["id"],
            )
        last = trip[-1]
        group = groups[gid]
        if group["outcome"] == "arrived_uk":
            assert last["to"] == "dover"
            assert last["outcome"] == "completed"
        if group["outcome"] == "arrived_eu":
            assert last["to"] == "vienna"
            assert last["outcome"] == "completed"


def test_payments_add_up_to_the_prices_of_completed_legs(truth: dict[str, Any]) -> None:
    size = {g["id"]: len(g["migrants"]) for g in truth["groups"]}
    owed: Counter[str] = Counter()
    legs = {leg["id"]: leg for leg in truth["legs"]}
    for leg in legs.values():
        if leg["outcome"] == "completed":
            owed[leg["group"]] += leg["price_eur"] * size[leg["group"]]
    paid: Counter[str] = Counter()
    for payment in truth["payments"]:
        if payment["group"] is None:
            continue
        paid[payment["group"]] += payment["amount_eur"]
        covered = [legs[i] for i in payment["legs"]]
        assert all(leg["outcome"] == "completed" for leg in covered)
        assert all(leg["organisation"] == payment["organisation"] for leg in covered)
        assert payment["amount_eur"] == sum(leg["price_eur"] for leg in covered)
    assert paid == owed
    methods = {p["method"] for p in truth["payments"]}
    assert {"hawala", "cash", "bank", "crypto"} <= methods


def test_interceptions_happen_where_their_leg_went(truth: dict[str, Any]) -> None:
    legs = {leg["id"]: leg for leg in truth["legs"]}
    places = {p["id"]: p for p in truth["places"]}
    kinds = Counter(e["type"] for e in truth["events"])
    assert kinds["interception"] > 0
    assert kinds["arrival"] > 0
    for event in truth["events"]:
        leg = legs[event["leg"]]
        assert places[event["place"]]["country"] == event["country"]
        if event["type"] == "interception":
            assert leg["outcome"] == "intercepted"
            assert event["place"] in (leg["from"], leg["to"])


def test_noise_is_recorded_in_the_truth(truth: dict[str, Any]) -> None:
    noise = Counter(n for r in truth["records"] for n in r.get("noise", []))
    for kind in ("spelling_variant", "latin_script", "typo", "swapped_names", "dob_day_month_swap", "dob_missing"):
        assert noise[kind] > 0, kind


def test_day_month_swaps_are_what_the_truth_says(tiny: Path, truth: dict[str, Any]) -> None:
    persons = {p["id"]: p for p in truth["persons"]}
    swapped = {r["source_id"]: persons[r["person"]] for r in truth["records"]
               if r["file"] == "rs-mup/interceptions.csv" and "dob_day_month_swap" in r.get("noise", [])}  # fmt: skip
    mapping = load_mapping(tiny / "rs-mup/interceptions.yml")
    checked = 0
    for row in read_records(tiny / "rs-mup/interceptions.csv", mapping["corridor"]):
        person = swapped.get(row["ид"])
        if person is None:
            continue
        day, month, year = (int(x) for x in row["датум_рођења"].rstrip(".").split("."))
        real = date.fromisoformat(person["dob"])
        assert (day, month, year) == (real.month, real.day, real.year)
        checked += 1
    assert checked == len(swapped)


def test_phones_shared_or_passed_on_are_in_the_selectors(truth: dict[str, Any]) -> None:
    holders: dict[str, set[str]] = defaultdict(set)
    for selector in truth["selectors"]:
        if selector["type"] == "phone":
            holders[selector["value"]].add(selector["person"])
    assert any(len(people) > 1 for people in holders.values())
