"""Watchlists and alerts: new matching statements, ingested or received, through the door."""

from __future__ import annotations

from pathlib import Path

from corridor.access import Node
from corridor.share import add_watch, build_bundle, import_bundle, list_alerts, refresh_alerts
from corridor.store import add_judgement, rebuild_canonical
from share.conftest import person, write


def test_watched_selector_alerts_on_received_data(nodes: dict[str, Node], tmp_path: Path) -> None:
    gb, rs = nodes["GB-NCA"], nodes["RS-MUP"]
    write(gb, person("gb.old", "GB-NCA", phone="+381641234567"))
    watch = add_watch(gb, gb.principal(), "phone:+381 64 123 4567")
    assert watch.target == "phone:+381641234567"
    assert refresh_alerts(gb) == 0  # what matched already is not news
    assert list_alerts(gb, gb.principal()) == []
    stmts = person("rs.p1", "RS-MUP", phone="+381641234567")
    write(rs, stmts)
    build_bundle(rs, rs.principal(), "GB-NCA", tmp_path / "1.jsonl")
    import_bundle(gb, gb.principal(), tmp_path / "1.jsonl")
    assert refresh_alerts(gb) == 1
    alerts = list_alerts(gb, gb.principal())
    assert [a["entity_id"] for a in alerts] == ["rs.p1"]
    assert refresh_alerts(gb) == 0  # once only
    # withdrawn at the originator: the alert is no longer shown
    with rs.store.transaction() as conn:
        rs.store.withdraw(conn, [s.id for s in stmts])
    build_bundle(rs, rs.principal(), "GB-NCA", tmp_path / "2.jsonl")
    import_bundle(gb, gb.principal(), tmp_path / "2.jsonl")
    assert list_alerts(gb, gb.principal()) == []


def test_watched_person_alerts_after_resolution(node: Node) -> None:
    write(node, person("gb.p1", "GB-NCA", name="Marko Petrovic"))
    add_watch(node, node.principal(), "gb.p1")
    write(node, person("gb.p2", "GB-NCA", name="Marko Petrović"))
    assert refresh_alerts(node) == 0  # not the same person (yet)
    with node.store.transaction() as conn:
        add_judgement(conn, "gb.p1", "gb.p2", "same", actor="GB-NCA/analyst", kind="analyst", origin="GB-NCA")
        rebuild_canonical(conn)
    assert refresh_alerts(node) > 0
    assert {a["entity_id"] for a in list_alerts(node, node.principal())} == {"gb.p2"}


def test_alerts_follow_the_door(node: Node) -> None:
    """XK watches a phone; a statement XK may not see raises no alert for XK."""
    xk = node.store.principal("XK-KP")
    add_watch(node, xk, "phone:+381641234567")
    write(node, person("rs.hidden", "RS-MUP", phone="+381641234567"))  # RS data, consent needed for XK
    write(node, person("gb.open", "GB-NCA", phone="+381641234567"))
    refresh_alerts(node)
    assert {a["entity_id"] for a in list_alerts(node, xk)} == {"gb.open"}
    assert list_alerts(node, node.principal()) == []  # GB watches nothing
