"""Entity reads by id: the door's query rendered once per view answers like the generic read.

``View.entity`` runs the door's ``_select`` rendered to driver SQL once per view, with the
entity ids as positional parameters. These tests pin that the shortcut shows exactly what
``View.statements(entity_ids=...)`` shows (hidden markings, withdrawn rows, pending loads,
merged clusters), and that ids holding quotes or ``%`` stay data, never SQL.
"""

from __future__ import annotations

import pytest

from corridor.access import Node
from corridor.core import NotFound
from corridor.model import parse_marking
from corridor.store import StatementRow, add_judgement, rebuild_canonical

SEEN = "2026-01-01T00:00:00Z"
ODD_IDS = ("gb-nca.o'brien", "gb-nca.100%", "gb-nca.a%sb", "gb-nca.x?y")


def _rows(entity_id: str, origin: str, marking: str, name: str) -> list[StatementRow]:
    mark = parse_marking(marking)
    return [
        (entity_id, "Person", "id", entity_id, None, None, "test", origin, mark, SEEN, SEEN, False),
        (entity_id, "Person", "name", name, None, None, "test", origin, mark, SEEN, SEEN, False),
    ]


def _generic(node: Node, principal_key: str, members: list[str]) -> set[tuple[str, str, str]]:
    agency, _, user = principal_key.partition("/")
    view = node.store.view(node.store.principal(agency, user or None))
    return {(s.entity_id, s.prop, s.value) for s in view.statements(entity_ids=members)}


def test_entity_read_matches_the_generic_door_read(node: Node) -> None:
    with node.store.transaction() as conn:
        node.store.write_rows(conn, _rows("gb-nca.p1", "GB-NCA", "B2 P", "Ana Petrović"))
        node.store.write_rows(conn, _rows("rs-mup.p1", "RS-MUP", "B2 P", "Ана Петровић"))
        # Released by RS-MUP to GB-NCA only: XK-KP must never see it, even merged.
        node.store.write_rows(conn, _rows("rs-mup.p2", "RS-MUP", "B2 C conditions='x' to=GB-NCA", "Ana P."))
        add_judgement(conn, "gb-nca.p1", "rs-mup.p1", "same", actor="test", kind="rule", origin="GB-NCA")
        add_judgement(conn, "gb-nca.p1", "rs-mup.p2", "same", actor="test", kind="rule", origin="GB-NCA")
        rebuild_canonical(conn)
    withdrawn = node.store.view(node.principal()).statements(entity_ids=["rs-mup.p1"], props=["name"])
    key = [s.id for s in withdrawn]
    with node.store.transaction() as conn:
        node.store.withdraw(conn, key)
    members = ["gb-nca.p1", "rs-mup.p1", "rs-mup.p2"]
    for principal_key in ("GB-NCA", "XK-KP", "RS-MUP"):
        agency = principal_key
        view = node.store.view(node.store.principal(agency))
        shown, stmts = view.entity_statements("gb-nca.p1")
        assert {(s.entity_id, s.prop, s.value) for s in stmts} == _generic(node, principal_key, members)
        assert shown == min(s.entity_id for s in stmts)
    gb = node.store.view(node.principal())
    _, stmts = gb.entity_statements("rs-mup.p2")
    assert {s.entity_id for s in stmts} == set(members)
    assert "Ана Петровић" not in {s.value for s in stmts}  # withdrawn
    xk = node.store.view(node.store.principal("XK-KP"))
    _, stmts = xk.entity_statements("gb-nca.p1")
    assert {s.entity_id for s in stmts} == {"gb-nca.p1"}  # RS-MUP shares with GB only, never onward
    with pytest.raises(NotFound):
        xk.entity("rs-mup.p2")


def test_pending_load_stays_hidden_from_entity_reads(node: Node) -> None:
    with node.store.transaction() as conn:
        node.store.write_rows(conn, _rows("gb-nca.p9", "GB-NCA", "B2 P", "Before"))
    with node.store.loading("ingest", "later.csv", "GB-NCA") as load:
        load.write(_rows("gb-nca.p9", "GB-NCA", "B2 P", "During") + _rows("gb-nca.p10", "GB-NCA", "B2 P", "New"))
        view = node.store.view(node.principal())
        assert {s.value for s in view.entity_statements("gb-nca.p9")[1]} == {"gb-nca.p9", "Before"}
        with pytest.raises(NotFound):
            view.entity("gb-nca.p10")
        with load.publishing():
            pass
    fresh = node.store.view(node.principal())
    assert "During" in {s.value for s in fresh.entity_statements("gb-nca.p9")[1]}
    assert fresh.entity("gb-nca.p10").first("name") == "New"


@pytest.mark.parametrize("entity_id", ODD_IDS)
def test_ids_with_quotes_and_percent_signs_are_data(node: Node, entity_id: str) -> None:
    with node.store.transaction() as conn:
        node.store.write_rows(conn, _rows(entity_id, "GB-NCA", "B2 P", "Odd"))
        node.store.write_rows(conn, _rows("gb-nca.plain", "GB-NCA", "B2 P", "Plain"))
        add_judgement(conn, entity_id, "gb-nca.plain", "same", actor="test", kind="rule", origin="GB-NCA")
        rebuild_canonical(conn)
    view = node.store.view(node.principal())
    head, members = view.cluster(entity_id)
    assert set(members) == {entity_id, "gb-nca.plain"}
    assert head == min(members)
    assert sorted(view.entity(entity_id).get("name")) == ["Odd", "Plain"]
