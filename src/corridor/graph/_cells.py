"""Cells and brokers: communities, the people between them, and the money people.

A broker of a community is a member with contacts in other communities; a cross-border
broker links communities that operate in different countries; a money broker pays or
is paid by people of several organisations (or, where no organisation is known, of
several communities) — the hawaladar or collector who serves more than one gang.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from corridor.graph._kinds import MONEY_KINDS
from corridor.graph._network import Network

ORG_KINDS = frozenset({"membership", "employment", "directorship"})


def communities(network: Network, *, brokers: int = 5) -> list[dict[str, Any]]:
    """Every community with its members, countries and top brokers (CLI.md's shape)."""
    p, g = network.people, network.entity
    if p.n == 0:
        return []
    comm = network.communities
    bc = network.measures.betweenness
    countries = network.community_countries
    out = []
    for c in range(int(comm.max()) + 1):
        members = np.flatnonzero(comm == c)
        found = []
        for person in members.tolist():
            reach = network.neighbour_communities(person)
            others = [k for k in reach if k != c]
            if others:
                found.append((len(others), float(bc[person]), person, others))
        found.sort(key=lambda t: (-t[0], -t[1], t[2]))
        order = members[np.lexsort((members, -bc[members]))]
        out.append(
            {
                "id": c,
                "size": int(members.shape[0]),
                "countries": list(countries.get(c, ())),
                "members": [g.ids[int(p.nodes[i])] for i in order.tolist()],
                "brokers": [g.ids[int(p.nodes[person])] for _, _, person, _ in found[:brokers]],
                "links_out": {str(k): v for k, v in sorted(_links_out(network, c).items())},
            }
        )
    return out


def _links_out(network: Network, c: int) -> Counter[int]:
    p, comm = network.people, network.communities
    a, b = comm[p.u], comm[p.v]
    out: Counter[int] = Counter()
    sel = (a == c) & (b != c)
    out.update(b[sel].tolist())
    sel = (b == c) & (a != c)
    out.update(a[sel].tolist())
    return out


def _organisations(network: Network) -> dict[int, set[int]]:
    """Person index -> organisation nodes they belong to, work for or direct."""
    g, p = network.entity, network.people
    codes = np.array([k in ORG_KINDS for k in g.kinds] or [False], dtype=bool)
    rows = np.flatnonzero(codes[g.kind]) if g.edge_count else np.zeros(0, dtype=np.int64)
    pindex = np.full(g.node_count, -1, dtype=np.int64)
    pindex[p.nodes] = np.arange(p.n)
    out: dict[int, set[int]] = {}
    for s, d in zip(g.src[rows].tolist(), g.dst[rows].tolist(), strict=True):
        if pindex[s] >= 0 and pindex[d] < 0:
            out.setdefault(int(pindex[s]), set()).add(d)
        elif pindex[d] >= 0 and pindex[s] < 0:
            out.setdefault(int(pindex[d]), set()).add(s)
    return out


def brokers(network: Network, *, top: int = 50) -> list[dict[str, Any]]:
    """Community, cross-border and money brokers, most central first."""
    p, g = network.people, network.entity
    if p.n == 0:
        return []
    comm = network.communities
    countries = network.community_countries
    bc = network.measures.betweenness
    money = _money_brokers(network)
    a = np.concatenate([p.u, p.v])
    b = np.concatenate([p.v, p.u])
    candidates = set(np.unique(a[comm[a] != comm[b]]).tolist()) | set(money)
    found: list[dict[str, Any]] = []
    for person in sorted(candidates):
        reach = network.neighbour_communities(person)
        own = int(comm[person])
        cells = sorted({own, *reach})
        linked = sorted({c for k in cells for c in countries.get(k, ())})
        kinds = []
        if len(cells) > 1:
            kinds.append("community")
        cell_countries = {countries.get(k, ()) for k in cells if countries.get(k)}
        if len({c for cs in cell_countries for c in cs}) > 1 and len(cell_countries) > 1:
            kinds.append("cross-border")
        why = []
        if len(cells) > 1:
            why.append(f"contacts in {len(cells)} communities ({', '.join(str(c) for c in cells)})")
        if "cross-border" in kinds:
            why.append(f"links cells operating in {', '.join(linked)}")
        if person in money:
            kinds.append("money")
            served = money[person]
            why.append(
                f"moves money for {len(served)} {'organisations' if served[0] else 'communities'}: "
                + ", ".join(served[1])
            )
        if not kinds:
            continue
        node = int(p.nodes[person])
        found.append(
            {
                "id": g.ids[node],
                "name": g.names[node],
                "kinds": kinds,
                "community": own,
                "communities": cells,
                "countries": linked,
                "betweenness": round(float(bc[person]), 6),
                "why": "; ".join(why),
            }
        )
    found.sort(key=lambda d: (-len(d["kinds"]), -float(d["betweenness"]), str(d["id"])))
    return found[:top]


def _money_brokers(network: Network) -> dict[int, tuple[bool, list[str]]]:
    """People whose money links reach several organisations (or communities)."""
    p, g = network.people, network.entity
    money_codes = np.array([k in MONEY_KINDS for k in p.kinds] or [False], dtype=bool)
    rows = np.flatnonzero(money_codes[p.rows_kind]) if p.rows_kind.shape[0] else np.zeros(0, dtype=np.int64)
    if rows.shape[0] == 0:
        return {}
    pairs = p.rows_pair[rows]
    counterparts: dict[int, set[int]] = {}
    for u, v in zip(p.u[pairs].tolist(), p.v[pairs].tolist(), strict=True):
        counterparts.setdefault(u, set()).add(v)
        counterparts.setdefault(v, set()).add(u)
    orgs = _organisations(network)
    comm = network.communities
    out: dict[int, tuple[bool, list[str]]] = {}
    for person, others in counterparts.items():
        served_orgs = {o for w in others for o in orgs.get(w, ())} | orgs.get(person, set())
        if len(served_orgs) > 1:
            out[person] = (True, sorted(g.names[o] for o in served_orgs))
            continue
        cells = {int(comm[w]) for w in others}
        if not orgs and len(cells) > 1:
            out[person] = (False, [f"community {c}" for c in sorted(cells)])
    return out
