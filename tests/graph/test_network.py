"""The graph a principal may see, on SQLite and PostgreSQL: build, links, paths, windows,
the visibility rule and the snapshot."""

from __future__ import annotations

import json

import pytest

from corridor.access import Node
from corridor.core import NotFound
from corridor.graph import (
    GraphCache,
    Network,
    brokers,
    build_graph,
    communities,
    connection,
    disrupt,
    key_players,
    resolve_people,
)
from corridor.store import View, add_judgement, rebuild_canonical
from graph import entity, link, person, write

HIDDEN = "rs-mup.h"
PHONE = "+381641111111"


def _load(node: Node) -> None:
    """GB-NCA's records (shared with partners) and RS-MUP's (released to GB-NCA only)."""
    write(
        node,
        [
            person("gb-nca.a", "Ana Petrović", country="rs", phone=PHONE),
            person("gb-nca.b", "Besim Krasniqi", country="xk", phone=PHONE),
            person("gb-nca.c", "Chris Smith", country="gb"),
            person("gb-nca.d", "Dan Jones", country="gb"),
            entity("Vehicle", "gb-nca.v", registrationNumber="AB12CDE", owner="gb-nca.c", operator="gb-nca.d"),
            link("Call", "gb-nca.k1", "gb-nca.a", "gb-nca.c", date="2026-03-01"),
            link("Payment", "gb-nca.pay1", "gb-nca.c", "gb-nca.d", amount="500", date="2025-06-01"),
        ],
        source="gb-file",
    )
    write(
        node,
        [
            person(HIDDEN, "Hidden Hasan", country="rs"),
            link("Call", "rs-mup.k2", HIDDEN, "gb-nca.b", date="2026-04-01"),
            link("Call", "rs-mup.k3", HIDDEN, "gb-nca.d", date="2026-04-02"),
            link("Associate", "rs-mup.as1", "gb-nca.a", HIDDEN),
        ],
        origin="RS-MUP",
        marking="B2 P to=GB-NCA",
        source="rs-file",
    )


def _network(node: Node, agency: str, since: str | None = None, until: str | None = None) -> tuple[Network, View]:
    view = node.store.view(node.store.principal(agency))
    return Network(build_graph(view, since=since, until=until)), view


def _kinds(net: Network, a: str, b: str) -> dict[str, int]:
    p = net.people
    pa = p.person(net.entity.node(a))
    pb = p.person(net.entity.node(b))
    assert pa is not None
    assert pb is not None
    out: dict[str, int] = {}
    for row in p.link_rows(pa, pb).tolist():
        kind = p.kinds[int(p.rows_kind[row])]
        out[kind] = out.get(kind, 0) + 1
    return out


def test_entity_graph_and_person_links(node: Node) -> None:
    _load(node)
    net, _ = _network(node, "GB-NCA")
    g = net.entity
    assert sorted(i for i, s in zip(g.ids, g.schema, strict=True) if s == "Person") == sorted(
        ["gb-nca.a", "gb-nca.b", "gb-nca.c", "gb-nca.d", HIDDEN]
    )
    assert g.node(f"phone:{PHONE}") is not None
    assert g.node("gb-nca.v") is not None
    assert _kinds(net, "gb-nca.a", "gb-nca.b") == {"shared phone": 1}
    assert _kinds(net, "gb-nca.c", "gb-nca.d") == {"payment": 1, "shared vehicle": 1}
    assert _kinds(net, "gb-nca.a", "gb-nca.c") == {"call": 1}
    assert _kinds(net, HIDDEN, "gb-nca.d") == {"call": 1}
    assert _kinds(net, "gb-nca.a", HIDDEN) == {"associate": 1}
    p = net.people
    pc, pd = p.person(g.node("gb-nca.c")), p.person(g.node("gb-nca.d"))
    assert pc is not None
    assert pd is not None
    rows = p.link_rows(pc, pd)
    assert float(p.rows_amount[rows].sum()) == 500.0
    evidence = {g.evidence_ids[int(e)] for e in p.rows_evidence[rows]}
    assert evidence == {"gb-nca.pay1", "gb-nca.v"}


def test_time_window(node: Node) -> None:
    _load(node)
    net, _ = _network(node, "GB-NCA", since="2026-01-01", until="2026-03-31")
    assert "payment" not in _kinds(net, "gb-nca.c", "gb-nca.d")
    assert _kinds(net, "gb-nca.a", "gb-nca.c") == {"call": 1}
    p, g = net.people, net.entity
    hidden = p.person(g.node(HIDDEN))
    assert hidden is not None
    # April calls are outside the window; the undated association still counts.
    assert int(net.measures.degree[hidden]) == 1


def test_visibility_rule(node: Node) -> None:
    """XK-KP sees GB-NCA's records but not RS-MUP's, released to GB-NCA only."""
    _load(node)
    gb, gb_view = _network(node, "GB-NCA")
    xk, xk_view = _network(node, "XK-KP")
    assert gb.people.n == 5
    assert xk.people.n == 4
    assert xk.entity.node(HIDDEN) is None
    b_gb = gb.people.person(gb.entity.node("gb-nca.b"))
    b_xk = xk.people.person(xk.entity.node("gb-nca.b"))
    assert b_gb is not None
    assert b_xk is not None
    assert int(gb.measures.degree[b_gb]) == 2
    assert int(xk.measures.degree[b_xk]) == 1
    # Nothing XK-KP gets from any analysis names or counts the hidden person.
    outputs = [
        key_players(xk, top=20),
        communities(xk),
        brokers(xk),
        disrupt(xk, greedy=3),
        disrupt(xk, remove=resolve_people(xk, ["gb-nca.a"])),
        connection(xk, xk_view, "gb-nca.b", "gb-nca.d", k=3),
    ]
    text = json.dumps(outputs, ensure_ascii=False)
    assert HIDDEN not in text
    assert "Hidden" not in text
    assert "rs-mup" not in text
    assert sum(c["size"] for c in communities(xk)) == 4
    assert disrupt(xk, greedy=1)["baseline"]["people"] == 4
    with pytest.raises(NotFound):
        connection(xk, xk_view, "gb-nca.b", HIDDEN)
    with pytest.raises(NotFound):
        resolve_people(xk, [HIDDEN])
    # GB-NCA's shortest way from Besim to Dan runs through the hidden person; XK's cannot.
    gb_path = connection(gb, gb_view, "gb-nca.b", "gb-nca.d", k=1)
    assert [n["id"] for n in gb_path["paths"][0]["nodes"]] == ["gb-nca.b", HIDDEN, "gb-nca.d"]
    xk_path = connection(xk, xk_view, "gb-nca.b", "gb-nca.d", k=1)
    assert xk_path["paths"][0]["length"] > 2
    assert HIDDEN in json.dumps(key_players(gb, top=20))


def test_path_hops_carry_their_statements(node: Node) -> None:
    _load(node)
    net, view = _network(node, "GB-NCA")
    result = connection(net, view, "gb-nca.b", "gb-nca.c", k=3)
    assert result["connected"]
    first = result["paths"][0]
    assert [n["id"] for n in first["nodes"]] == ["gb-nca.b", f"phone:{PHONE}", "gb-nca.a", "gb-nca.c"]
    hop = first["hops"][2]["links"][0]
    assert hop["kind"] == "call"
    assert hop["record"] == "gb-nca.k1"
    props = {(s["prop"], s["value"]) for s in hop["statements"]}
    assert ("caller", "gb-nca.a") in props
    assert ("receiver", "gb-nca.c") in props
    assert all(s["entity_id"] == "gb-nca.k1" for s in hop["statements"])
    phone_hop = first["hops"][0]["links"][0]
    assert phone_hop["kind"] == "phone"
    assert ("phone", PHONE) in {(s["prop"], s["value"]) for s in phone_hop["statements"]}
    lengths = [p["length"] for p in result["paths"]]
    assert lengths == sorted(lengths)
    assert len(result["paths"]) == 3


def test_merged_records_are_one_node_with_all_source_ids(node: Node) -> None:
    _load(node)
    write(
        node,
        [person("rs-mup.a2", "Ana Petrovic", country="rs"), link("Call", "rs-mup.k9", "rs-mup.a2", "gb-nca.d")],
        origin="RS-MUP",
        source="rs-2",
    )
    with node.store.transaction() as conn:
        add_judgement(conn, "gb-nca.a", "rs-mup.a2", "same", actor="GB-NCA/analyst", kind="analyst", origin="GB-NCA")
        rebuild_canonical(conn)
    net, _ = _network(node, "GB-NCA")
    assert net.entity.node("rs-mup.a2") is None
    players = {p["id"]: p for p in key_players(net, top=20)}
    assert players["gb-nca.a"]["source_ids"] == ["a", "a2"]
    assert "call" in _kinds(net, "gb-nca.a", "gb-nca.d")


def test_snapshot_updates_in_place_and_rebuilds_when_it_must(node: Node) -> None:
    _load(node)
    cache = GraphCache()
    view = node.store.view(node.store.principal("GB-NCA"))
    first = cache.network(view)
    assert cache.stats.last == "build"
    assert cache.network(view) is first
    assert cache.stats.last == "hit"
    write(node, [person("gb-nca.e", "Eve New"), link("Call", "gb-nca.k5", "gb-nca.e", "gb-nca.a")], source="gb-new")
    updated = cache.network(view)
    assert cache.stats.last == "update"
    assert updated.entity.node("gb-nca.e") is not None
    assert _kinds(updated, "gb-nca.e", "gb-nca.a") == {"call": 1}
    assert updated.people.n == first.people.n + 1
    # Another principal never gets this snapshot.
    xk = cache.network(node.store.view(node.store.principal("XK-KP")))
    assert cache.stats.last == "build"
    assert xk.entity.node(HIDDEN) is None
    # A withdrawal is not an addition: rebuild.
    stmt_ids = [s.id for s in view.statements(entity_ids=["gb-nca.k5"])]
    with node.store.transaction() as conn:
        node.store.withdraw(conn, stmt_ids)
    again = cache.network(view)
    assert cache.stats.last == "build"
    assert "call" not in json.dumps(_kinds(again, "gb-nca.e", "gb-nca.a")) if again.entity.node("gb-nca.e") else True
