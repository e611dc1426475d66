"""A cluster merged through a record the principal cannot see is named by a visible record."""

from __future__ import annotations

from followthemoney import model

from corridor.access import Node
from corridor.graph import build_graph
from corridor.model import entity_statements, parse_marking
from corridor.store import add_judgement, rebuild_canonical


def _person(entity_id: str, name: str, origin: str, marking: str) -> list:  # type: ignore[type-arg]
    proxy = model.make_entity("Person")
    proxy.id = entity_id
    proxy.add("name", name)
    return entity_statements(
        proxy, source="t", origin=origin, marking=parse_marking(marking), seen="2026-01-01T00:00:00Z"
    )


def test_hidden_canonical_id_never_surfaces(node: Node) -> None:
    with node.store.transaction() as conn:
        node.store.write_statements(conn, _person("al-asp.a", "Hidden", "AL-ASP", "B2 P to=GB-NCA"))
        node.store.write_statements(conn, _person("gb-nca.z", "Visible", "GB-NCA", "B2 P"))
        add_judgement(conn, "al-asp.a", "gb-nca.z", "same", actor="GB-NCA/analyst", kind="analyst", origin="GB-NCA")
        rebuild_canonical(conn)
    gb = build_graph(node.store.view(node.principal()))
    assert "al-asp.a" in gb.ids
    rs = build_graph(node.store.view(node.store.principal("RS-MUP")))
    assert "al-asp.a" not in rs.ids
    assert "gb-nca.z" in rs.ids
