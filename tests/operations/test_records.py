"""Operations on one node, on SQLite and PostgreSQL: compartment, statuses, approval rules, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from corridor.access import Node
from corridor.core import AccessDenied, Conflict, InvalidInput, NotFound
from corridor.model import entity_statements, parse_marking, utc_now
from corridor.operations import (
    acknowledge,
    add_targets,
    advance,
    approve,
    create_operation,
    get_operation,
    list_operations,
    outcomes,
    record_outcome,
    targets,
    timeline,
)
from corridor.operations._records import event
from corridor.share import add_target, own_targets
from corridor.store import tables

CODE = "OP-ONE"


def person(node: Node, entity_id: str, name: str, nationality: str, phone: str) -> None:
    from followthemoney import model

    proxy = model.make_entity("Person")
    proxy.id = entity_id
    proxy.add("name", name)
    proxy.add("nationality", nationality)
    proxy.add("phone", phone)
    with node.store.transaction() as conn:
        node.store.write_statements(
            conn, entity_statements(proxy, source="gb-file", origin="GB-NCA", marking=parse_marking("B2 P"))
        )


@pytest.fixture
def planned(node: Node) -> Node:
    person(node, "gb-nca.P1", "Marko Petrovic", "rs", "+381641234567")
    person(node, "gb-nca.P2", "Ali Kaya", "tr", "+905321234567")
    lead = node.principal()
    create_operation(
        node, lead, code=CODE, name="One", partners=["RS-MUP"], legal_basis="JIT 2025/1", compartment="OP-TEST"
    )
    add_targets(node, lead, CODE, source="entity", value="gb-nca.P1")
    add_targets(node, lead, CODE, source="entity", value="gb-nca.P2", country="GB")
    return node


def test_targets_carry_selectors_and_the_partner_of_their_country(planned: Node) -> None:
    listed = {t.entity_id: t for t in targets(planned, planned.principal(), CODE)}
    assert listed["gb-nca.P1"].selectors == ["phone:+381641234567"]
    assert listed["gb-nca.P1"].assigned_to == "RS-MUP"
    assert listed["gb-nca.P2"].assigned_to == "GB-NCA"
    assert listed["gb-nca.P1"].label == "Marko Petrovic"


def test_outside_the_compartment_the_operation_does_not_exist(planned: Node) -> None:
    outsider = planned.store.principal("XK-KP")
    assert list_operations(planned, outsider) == []
    for call in (get_operation, timeline, outcomes, targets):
        with pytest.raises(NotFound, match="no operation"):
            call(planned, outsider, CODE)
    with pytest.raises(NotFound):
        add_targets(planned, outsider, CODE, source="entity", value="gb-nca.P1")
    assert [op.code for op in list_operations(planned, planned.store.principal("RS-MUP"))] == [CODE]


def test_create_refuses_a_partner_outside_the_compartment(node: Node) -> None:
    with pytest.raises(InvalidInput) as caught:
        create_operation(
            node, node.principal(), code="OP-X", name="X", partners=["XK-KP"], legal_basis="JIT", compartment="OP-TEST"
        )
    assert caught.value.errors[0].field == "partners"
    with pytest.raises(InvalidInput, match="cannot create"):
        create_operation(node, node.principal(), code="OP-Y", name="Y", partners=[], legal_basis="", compartment="NOPE")
    with pytest.raises(AccessDenied):
        create_operation(
            node,
            node.store.principal("GB-NCA", "analyst"),
            code="OP-Z",
            name="Z",
            partners=[],
            legal_basis="JIT",
            compartment="OP-TEST",
        )


def test_approval_needs_deconfliction_and_both_acknowledgements(planned: Node) -> None:
    lead = planned.principal()
    with pytest.raises(Conflict, match="deconflicted"):
        approve(planned, lead, CODE, action_at="2025-06-01T04:00:00Z")
    with planned.store.transaction() as conn:
        conn.execute(
            insert(tables.joint_operation_conflicts).values(
                operation=CODE, partner="MK-MVR", selector="phone:+381641234567", contact="mk", detected_at=utc_now()
            )
        )
        event(conn, CODE, "GB-NCA", "deconflicted", "test")
    with planned.store.engine.connect() as conn:
        conflict_id = conn.execute(select(tables.joint_operation_conflicts.c.id)).scalar()
    assert conflict_id is not None
    with pytest.raises(Conflict, match="unacknowledged"):
        approve(planned, lead, CODE, action_at="2025-06-01T04:00:00Z")
    with pytest.raises(AccessDenied):
        acknowledge(planned, planned.store.principal("XK-KP"), conflict_id)
    acknowledge(planned, lead, conflict_id)
    with pytest.raises(Conflict, match="MK-MVR"):
        approve(planned, lead, CODE, action_at="2025-06-01T04:00:00Z")
    assert acknowledge(planned, planned.store.principal("MK-MVR"), conflict_id).settled
    with pytest.raises(InvalidInput, match="action time"):
        approve(planned, lead, CODE, action_at="2025-06-01 04:00")  # no time zone
    assert approve(planned, lead, CODE, action_at="2025-06-01T06:00:00+02:00")["action_at"] == "2025-06-01T04:00:00Z"
    with pytest.raises(Conflict):
        advance(planned, lead, CODE, "closed")  # one step at a time
    add_target(planned, lead, "phone:+381641234567", CODE)  # as `deconflict` registers it
    assert own_targets(planned, "GB-NCA") == ["phone:+381641234567"]
    for status in ("action_day", "follow_up", "closed"):
        assert advance(planned, lead, CODE, status).status == status
    assert own_targets(planned, "GB-NCA") == []  # closed: no longer a live target
    moments = timeline(planned, lead, CODE)
    start = next(m for m in moments if m["kind"] == "action")
    assert start["local"] == {"GB-NCA": "2025-06-01 05:00 BST", "RS-MUP": "2025-06-01 06:00 CEST"}
    audited = [e.objects for e in planned.audit.events(since=0, limit=10_000)]
    changes = [o["operation"]["status"] for o in audited if "operation" in o and "status" in o["operation"]]
    assert changes == [
        ["planning", "approved"],
        ["approved", "action_day"],
        ["action_day", "follow_up"],
        ["follow_up", "closed"],
    ]


def test_outcomes_only_for_tasked_targets_and_kept_in_the_compartment(planned: Node) -> None:
    lead = planned.principal()
    with planned.store.transaction() as conn:
        event(conn, CODE, "GB-NCA", "deconflicted", "test")
    approve(planned, lead, CODE, action_at="2025-06-01T04:00:00Z")
    with pytest.raises(InvalidInput, match="not a task"):
        record_outcome(planned, lead, CODE, "gb-nca.P1", "arrested", lead="GB-NCA", compartment="OP-TEST")  # RS's
    done = record_outcome(
        planned, lead, CODE, "gb-nca.P2", "frozen", lead="GB-NCA", compartment="OP-TEST", amount_eur=1200.0
    )
    assert done.marking.endswith("compartment=OP-TEST")
    (back,) = outcomes(planned, lead, CODE)
    assert (back.target, back.result, back.amount_eur) == ("gb-nca.P2", "frozen", 1200.0)
    outsider = planned.store.view(planned.store.principal("XK-KP"))
    assert list(outsider.statements(values=[f"operation:{CODE}"])) == []
