"""Issue 13 end to end: plan on GB from the key players, deconflict, approve, task RS and MK,
record outcomes on their nodes, pull them back, and measure the effect against the truth."""

from __future__ import annotations

import contextlib
from collections import Counter
from pathlib import Path

import pytest

from corridor.core import Conflict, NotFound
from corridor.ingest import namespaced_id
from corridor.operations import (
    acknowledge,
    add_targets,
    approve,
    assign,
    conflicts,
    create_operation,
    deconflict,
    get_operation,
    list_operations,
    outcomes,
    received_tasks,
    record_outcome,
    targets,
    task,
    timeline,
    write_report,
)
from corridor.share import add_target, build_bundle, import_bundle
from operations.conftest import ACTION_DAY, SIZE, World

pytestmark = pytest.mark.slow
CODE = "OP-CORRIDOR"
COMPARTMENT = "OP-VARDAR"


def true_person(world: World) -> dict[str, str]:
    """Store id of every person record -> the true person behind it."""
    return {namespaced_id(r["agency"], r["source_id"]): r["person"] for r in world.truth["records"]}


def test_operation_from_key_players_to_effect(world: World, tmp_path: Path) -> None:
    gb, rs, mk = world.node("GB-NCA"), world.node("RS-MUP"), world.node("MK-MVR")
    try:
        lead = gb.principal()
        op = create_operation(
            gb,
            lead,
            code=CODE,
            name="Corridor action day",
            partners=["RS-MUP", "MK-MVR"],
            legal_basis="Joint investigation team agreement 2024/17",
            compartment=COMPARTMENT,
        )
        assert op.status == "planning"
        assert set(op.partners) == {"GB-NCA", "RS-MUP", "MK-MVR"}
        # planned on the network as known the day before the action
        added = add_targets(gb, lead, CODE, source="key-players", value=12, as_of="2024-02-29")
        assert len(added) == 12
        with_selectors = [t for t in added if t.selectors]
        assert len(with_selectors) >= 2

        def hidden_from_rs(entity_id: str) -> int:
            mine = {s.id for s in gb.store.view(lead).entity_statements(entity_id)[1]}
            with contextlib.suppress(NotFound):
                mine -= {s.id for s in gb.store.view(gb.store.principal("RS-MUP")).entity_statements(entity_id)[1]}
            return len(mine)

        # RS gets a target some of whose records it may not receive (GB's financial intelligence)
        with_selectors.sort(key=lambda t: -hidden_from_rs(t.entity_id))
        hidden = hidden_from_rs(with_selectors[0].entity_id)
        assert hidden > 0 or SIZE != "tiny"  # on tiny, GB's bank-transfer records of the target stay home
        # RS and MK act on at least one target each
        assign(gb, lead, CODE, with_selectors[0].entity_id, agency="RS-MUP")
        assign(gb, lead, CODE, with_selectors[1].entity_id, agency="MK-MVR", action="search")
        for t in targets(gb, lead, CODE):
            if not t.assigned_to:
                assign(gb, lead, CODE, t.entity_id, agency="GB-NCA")

        # a planted conflict: MK already targets one of the selectors in its own operation
        planted = with_selectors[1].selectors[0]
        add_target(mk, mk.principal(), planted, "MK-LOCAL-7")
        with pytest.raises(Conflict, match="deconflicted"):
            approve(gb, lead, CODE, action_at=f"{ACTION_DAY}T04:00:00Z")
        found = deconflict(gb, lead, CODE, [world.urls["RS-MUP"], world.urls["MK-MVR"]])
        assert found["conflicts"] == {"MK-MVR": [planted], "RS-MUP": []}
        (conflict,) = conflicts(gb, lead, CODE)
        assert conflict.contact  # MK's point of contact, nothing more
        with pytest.raises(Conflict, match="unacknowledged"):
            approve(gb, lead, CODE, action_at=f"{ACTION_DAY}T04:00:00Z")
        acknowledge(gb, lead, conflict.id)
        with pytest.raises(Conflict, match="MK-MVR"):
            approve(gb, lead, CODE, action_at=f"{ACTION_DAY}T04:00:00Z")
        acknowledge(gb, gb.store.principal("MK-MVR"), conflict.id)
        approved = approve(gb, lead, CODE, action_at=f"{ACTION_DAY}T04:00:00Z")
        assert approved["status"] == "approved"

        # tasking: each partner gets its own tasks and what the door lets it have, nothing more
        tasked = {t.partner: t for t in task(gb, lead, CODE, tmp_path / "bundles")}
        assert set(tasked) == {"RS-MUP", "MK-MVR"}
        for partner, node in (("RS-MUP", rs), ("MK-MVR", mk)):
            import_bundle(node, node.principal(), Path(tasked[partner].bundle))
        rs_tasks = received_tasks(rs, rs.principal(), CODE)
        mk_tasks = received_tasks(mk, mk.principal(), CODE)
        all_targets = {t.entity_id: t for t in targets(gb, lead, CODE)}
        assert {t["target"] for t in rs_tasks} == {i for i, t in all_targets.items() if t.assigned_to == "RS-MUP"}
        assert {t["target"] for t in mk_tasks} == {i for i, t in all_targets.items() if t.assigned_to == "MK-MVR"}
        assert mk_tasks[0]["action"] == "search"
        for partner, node in (("RS-MUP", rs), ("MK-MVR", mk)):
            door = {s.id for s in gb.store.view(gb.store.principal(partner)).statements() if s.origin != partner}
            held = {s.id for s in node.store.view(node.principal()).statements() if s.origin != partner}
            assert held == door  # exactly what GB's door lets the partner receive
            origins = Counter(s.origin for s in node.store.view(node.principal()).statements())
            other = "MK-MVR" if partner == "RS-MUP" else "RS-MUP"
            assert origins[other] == sum(
                1 for s in gb.store.view(gb.store.principal(partner)).statements() if s.origin == other
            )
        # what the partners may not have (GB's financial intelligence, Turkey's seized ledger…) stayed home
        assert sum(sum(t.withheld.values()) for t in tasked.values()) >= hidden
        lead_view = gb.store.view(lead)
        for partner, node in (("RS-MUP", rs), ("MK-MVR", mk)):
            theirs = gb.store.view(gb.store.principal(partner))
            not_theirs: set[str] = set()
            for entity_id in tasked[partner].targets:
                mine = {s.id for s in lead_view.entity_statements(entity_id)[1]}
                with contextlib.suppress(NotFound):
                    mine -= {s.id for s in theirs.entity_statements(entity_id)[1]}
                not_theirs |= mine
            assert len(not_theirs) == sum(tasked[partner].withheld.values())
            held = {s.id for s in node.store.view(node.principal()).statements()}
            assert not not_theirs & held
        # RS's records GB may not pass on to MK (the lawful-interception product, to=GB-NCA,EU-EUROPOL) stay at GB
        rs_at_gb = {s.id for s in gb.store.view(lead).statements() if s.origin == "RS-MUP"}
        not_for_mk = rs_at_gb - {s.id for s in gb.store.view(gb.store.principal("MK-MVR")).statements()}
        assert not_for_mk
        assert not not_for_mk & {s.id for s in mk.store.view(mk.principal()).statements()}

        # outcomes on the partners' nodes, from reality (the truth), flow back to the lead
        persons = true_person(world)
        arrested_truth = {a["person"] for a in world.truth["operation"]["arrested"]}

        def result(target: str) -> str:
            _, records = gb.store.view(lead).cluster(target)
            return "arrested" if {persons.get(r) for r in records} & arrested_truth else "not_found"

        for partner, node, tasks in (("RS-MUP", rs, rs_tasks), ("MK-MVR", mk, mk_tasks)):
            for item in tasks:
                record_outcome(
                    node, node.principal(), CODE, item["target"], result(item["target"]),
                    lead="GB-NCA", compartment=COMPARTMENT, at=f"{ACTION_DAY}T04:30:00Z",
                )  # fmt: skip
            if partner == "MK-MVR":
                record_outcome(
                    node, node.principal(), CODE, tasks[0]["target"], "frozen",
                    lead="GB-NCA", compartment=COMPARTMENT, amount_eur=48_000.0, detail="two accounts",
                )  # fmt: skip
            path = tmp_path / f"{partner.lower()}-outcomes.jsonl"
            build_bundle(node, node.principal(), "GB-NCA", path)
            import_bundle(gb, lead, path)
        for t in all_targets.values():
            if t.assigned_to == "GB-NCA":
                record_outcome(gb, lead, CODE, t.entity_id, result(t.entity_id), lead="GB-NCA", compartment=COMPARTMENT)
        back = outcomes(gb, lead, CODE)
        assert {o.agency for o in back} == {"RS-MUP", "MK-MVR", "GB-NCA"}
        assert all(
            "compartment=OP-VARDAR" in o.marking and "to=GB-NCA" in o.marking for o in back if o.agency != "GB-NCA"
        )
        assert any(o.result == "frozen" and o.amount_eur == 48_000.0 for o in back)

        # the action-day timeline in every partner's local time
        moments = timeline(gb, lead, CODE)
        start = next(m for m in moments if m["kind"] == "action")
        assert start["at"] == f"{ACTION_DAY}T04:00:00Z"
        assert start["local"]["GB-NCA"].startswith(f"{ACTION_DAY} 04:00")
        assert start["local"]["RS-MUP"].startswith(f"{ACTION_DAY} 05:00")

        # effect, against the truth
        report = write_report(gb, lead, CODE, tmp_path / "effect.html")
        html = (tmp_path / "effect.html").read_text(encoding="utf-8")
        assert "OP-VARDAR" in html
        assert report["routes"]["legs"]["before"] > 0  # the route's flows either side of the day
        assert "Route shift" in html
        assert "Roles refilled" in html
        truth_op = world.truth["operation"]
        orgs_of = {a["person"]: set(a["organisations"]) for a in truth_op["arrested"]}
        broken_truth = set(truth_op["broken"])
        # every community the report calls broken lost a member of an organisation the truth says broke,
        # and every truly broken organisation whose arrested member was targeted is named
        named: set[str] = set()
        for c in report["communities"]:
            orgs = set().union(*(orgs_of.get(persons.get(a, ""), set()) for a in c["arrested"]))
            if c["broken"]:
                assert orgs & broken_truth, c
                named |= orgs & broken_truth
        hit = set().union(*(orgs_of.get(persons.get(a, ""), set()) for a in report["arrested"]))
        assert named == hit & broken_truth != set()
        # the roles refilled in the data are the ones the truth refilled
        refills_truth = {(r["arrested"], r["by"]) for r in truth_op["refilled"]}
        found = {
            (persons.get(r["arrested"]), persons.get(by)) for r in report["refilled"] for by in [r["by"], *r["or"]]
        }
        assert found & refills_truth, (found, refills_truth)
        assert report["routes"]["legs"]["before"] > 0  # the route's flows either side of the day
        assert "Route shift" in html
        assert "Roles refilled" in html
        assert report["refilled"][0]["by_name"] in html
    finally:
        for n in (gb, rs, mk):
            n.close()


def test_a_partner_outside_the_compartment_sees_nothing(world: World) -> None:
    gb = world.node("GB-NCA")
    try:
        if not list_operations(gb, gb.principal()):
            create_operation(
                gb, gb.principal(), code=CODE, name="x", partners=["RS-MUP"], legal_basis="JIT", compartment=COMPARTMENT
            )
        outsider = gb.store.principal("XK-KP")
        assert list_operations(gb, outsider) == []
        with pytest.raises(NotFound):
            get_operation(gb, outsider, CODE)
        with pytest.raises(NotFound):
            timeline(gb, outsider, CODE)
        with pytest.raises(NotFound):
            outcomes(gb, outsider, CODE)
        seen = list(gb.store.view(outsider).statements(values=[f"operation:{CODE}"]))
        assert seen == []
    finally:
        gb.close()
