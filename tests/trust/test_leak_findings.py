"""Regression tests for what the leak hunt found, one per finding, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from followthemoney import model

from corridor.access import Node
from corridor.core import NotFound
from corridor.graph import GraphCache, Network, connection, read_canonical, resolve_people
from corridor.model import Statement, entity_statements, parse_marking
from corridor.store import View, add_judgement, rebuild_canonical


def build_network(view: View) -> Network:
    """The network the analysis commands build for a view."""
    return GraphCache().network(view, since=None, until=None)


HIDDEN = "rs-mup.hidden"
"""A Serbian record released to North Macedonia only, merged with a GB record GB sees."""


def _person(entity_id: str, origin: str, marking: str, name: str) -> list[Statement]:
    proxy = model.make_entity("Person")
    proxy.id = entity_id
    proxy.add("name", name)
    return entity_statements(proxy, source="test", origin=origin, marking=parse_marking(marking))


@pytest.fixture
def merged(node: Node) -> Node:
    """GB's own person merged (by the resolver) with a record GB may not see; a loner apart."""
    statements = _person("gb-nca.p1", "GB-NCA", "B2 P", "Marko Petrovic")
    statements += _person(HIDDEN, "RS-MUP", "A1 C conditions='MK only' to=MK-MVR", "Dragan Hiddenovic")
    statements += _person("gb-nca.p2", "GB-NCA", "B2 P", "Ali Kaya")
    with node.store.transaction() as conn:
        node.store.write_statements(conn, statements)
        add_judgement(conn, "gb-nca.p1", HIDDEN, "same", actor="resolver", kind="model", origin="GB-NCA", score=0.9)
        rebuild_canonical(conn)
    return node


def test_disrupt_does_not_take_a_hidden_id_for_its_visible_cluster(merged: Node) -> None:
    """Finding: ``analyse disrupt --remove HIDDEN`` removed the visible person merged with it."""
    view = merged.view(merged.store.principal("GB-NCA", "analyst"), purpose="test")
    network = build_network(view)
    assert resolve_people(network, ["gb-nca.p1"], read_canonical(view))  # the visible record works
    with pytest.raises(NotFound) as hidden:
        resolve_people(network, [HIDDEN], read_canonical(view))
    with pytest.raises(NotFound) as absent:
        resolve_people(network, ["rs-mup.absent"], read_canonical(view))
    assert str(hidden.value).replace(HIDDEN, "X") == str(absent.value).replace("rs-mup.absent", "X")


def test_path_does_not_take_a_hidden_id_for_its_visible_cluster(merged: Node) -> None:
    """Finding: ``analyse path HIDDEN …`` answered with the visible person merged with it."""
    view = merged.view(merged.store.principal("GB-NCA", "analyst"), purpose="test")
    network = build_network(view)
    with pytest.raises(NotFound):
        connection(network, view, HIDDEN, "gb-nca.p2")


def test_path_between_unconnected_people_is_an_answer(merged: Node) -> None:
    """Finding: igraph's "Couldn't reach some vertices" warning failed the command (exit 70)."""
    view = merged.view(merged.store.principal("GB-NCA", "analyst"), purpose="test")
    answer = connection(build_network(view), view, "gb-nca.p1", "gb-nca.p2")
    assert answer["connected"] is False
    assert answer["paths"] == []


def test_watchlist_hides_a_compartment_record_from_colleagues_outside_it(node: Node) -> None:
    """Finding: the agency's watchlist showed a compartment record's id to every colleague."""
    from corridor.model import Agreement, Operation, User
    from corridor.share import add_watch, visible_watches

    with node.store.transaction() as conn:
        node.store.replace_partners(
            conn,
            agencies=node.store.agencies().values(),
            users=[User("GB-NCA", "inside", frozenset({"analyst"})), User("GB-NCA", "outside", frozenset({"analyst"}))],
            operations=[Operation("OP-X", "GB-NCA", frozenset({"GB-NCA"}), users=frozenset({"GB-NCA/inside"}))],
            agreements=[Agreement("RS-GB", "RS-MUP", "GB-NCA")],
        )
        node.store.write_statements(conn, _person("gb-nca.op1", "GB-NCA", "A1 P compartment=OP-X", "Covert Target"))
        node.store.write_statements(conn, _person("gb-nca.open", "GB-NCA", "B2 P", "Open Target"))
    inside = node.store.principal("GB-NCA", "inside")
    outside = node.store.principal("GB-NCA", "outside")
    add_watch(node, inside, "gb-nca.op1")
    add_watch(node, inside, "gb-nca.open")
    assert {w.target for w in visible_watches(node, inside)} == {"gb-nca.op1", "gb-nca.open"}
    assert {w.target for w in visible_watches(node, outside)} == {"gb-nca.open"}


def test_chart_and_search_never_name_a_node_by_a_hidden_record(node: Node) -> None:
    """Finding (leak hunt, seed 30571360): chart, neighbours, search and money named a merged
    node by its canonical id, the cluster's smallest record overall, hidden from XK-KP."""
    from api._helpers import TestClient
    from corridor.api import create_app
    from corridor.api._tokens import create_token

    statements = _person("xk-kp.zz1", "XK-KP", "B2 P", "Visible Kosovar")
    statements += _person("mk-mvr.aa1", "MK-MVR", "A1 C conditions='x' to=RS-MUP", "Hidden Macedonian")
    statements += _person("xk-kp.zz2", "XK-KP", "B2 P", "Other Kosovar")
    payment = model.make_entity("Payment")
    payment.id = "xk-kp.pay1"
    for prop, value in (("payer", "xk-kp.zz2"), ("beneficiary", "xk-kp.zz1"), ("amount", "900"), ("currency", "EUR")):
        payment.add(prop, value)
    statements += entity_statements(payment, source="test", origin="XK-KP", marking=parse_marking("B2 P"))
    with node.store.transaction() as conn:
        node.store.write_statements(conn, statements)
        add_judgement(conn, "xk-kp.zz1", "mk-mvr.aa1", "same", actor="resolver", kind="model", origin="GB-NCA")
        rebuild_canonical(conn)
    token, _ = create_token(node.store, "XK-KP/analyst")
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(node.settings, node=node)) as client:
        for url in ("/api/graph", "/api/search?q=Visible", "/api/entities/xk-kp.zz1/neighbours", "/api/analyse/money"):
            answer = client.get(url, headers=headers)
            assert answer.status_code == 200
            assert "aa1" not in answer.text, url
        assert "xk-kp.zz1" in client.get("/api/graph", headers=headers).text  # named by its visible record


def test_an_originator_sends_only_what_the_partner_may_take_from_it(node: Node, tmp_path: Path) -> None:
    """Finding: AL-ASP's node bundled to GB a statement GB may have only onward (from MK-MVR),
    and GB's import refused the whole bundle."""
    from dataclasses import replace

    from conftest import PARTNER_AGENCIES
    from corridor.core import Settings
    from corridor.model import Agreement
    from corridor.share import build_bundle, import_bundle, load_node_key

    albania = Node.initialise(Settings(db=str(tmp_path / "al.db"), key_dir=tmp_path / "al-keys"), "AL-ASP")
    try:
        keys = {
            "GB-NCA": load_node_key(node.keys_path).public_text,
            "AL-ASP": load_node_key(albania.keys_path).public_text,
        }
        agencies = [replace(a, public_key=keys.get(a.code)) for a in PARTNER_AGENCIES]
        agreements = [
            Agreement("AL-GB", "AL-ASP", "GB-NCA", frozenset({"P"})),
            Agreement("AL-MK", "AL-ASP", "MK-MVR", frozenset({"P", "C"})),
            Agreement("MK-GB", "MK-MVR", "GB-NCA", frozenset({"P", "C"})),
        ]
        for each in (node, albania):
            with each.store.transaction() as conn:
                each.store.replace_partners(conn, agencies=agencies, users=[], operations=[], agreements=agreements)
        onward_only = _person("al-asp.onward", "AL-ASP", "B1 C conditions='x' to=MK-MVR consent=no", "Onward Only")
        direct = _person("al-asp.direct", "AL-ASP", "B2 P", "Direct Person")
        with albania.store.transaction() as conn:
            albania.store.write_statements(conn, onward_only + direct)
        bundle = tmp_path / "al-gb.jsonl"
        build_bundle(albania, albania.store.principal("AL-ASP"), "GB-NCA", bundle)
        assert "Onward Only" not in bundle.read_text()
        summary = import_bundle(node, node.store.principal("GB-NCA"), bundle)
        assert summary.statements == len(direct)
    finally:
        albania.close()
