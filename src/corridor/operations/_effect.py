"""The effect of an operation: the network before the action day against the network after.

Both networks are built through the door from the same store, cut at the action day
(``build_graph(since=…, until=…)``): what the partners reported and what new data showed
in the following weeks. The comparison names

- the communities (of the network before) that broke: lost at least half of the members
  still active, or fell apart into pieces, after the arrested were taken out;
- the cross-border links (between people of different countries) that were cut;
- the roles refilled: for each arrested target, the person who after the day took over
  most of the target's former contacts (links he did not have before); a former contact
  of the target who does so has *stepped up*;
- how the flows and prices shifted: payments per month and their median amount, and the
  route's shares of country pairs and crossings 90 days either side (``corridor.geo``).
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date, timedelta
from typing import Any

import numpy as np

from corridor.access import Node
from corridor.geo import route_data, route_shift
from corridor.graph import Network, build_graph, read_canonical
from corridor.model import Principal
from corridor.operations._records import get_operation
from corridor.operations._targets import targets
from corridor.operations._tasking import outcomes
from corridor.store import View


def _adjacency(network: Network) -> tuple[dict[str, set[str]], dict[str, str], dict[str, tuple[str, ...]]]:
    p, g = network.people, network.entity
    ids = [g.ids[int(node)] for node in p.nodes.tolist()]
    adj: dict[str, set[str]] = {i: set() for i in ids}
    for a, b in zip(p.u.tolist(), p.v.tolist(), strict=True):
        adj[ids[a]].add(ids[b])
        adj[ids[b]].add(ids[a])
    names = {ids[i]: g.names[int(node)] for i, node in enumerate(p.nodes.tolist())}
    countries = {ids[i]: tuple(network.person_countries[i]) for i in range(len(ids))}
    return adj, names, countries


def _pieces(members: set[str], adj: dict[str, set[str]]) -> int:
    """Connected pieces of ``members`` using only links among them."""
    left, pieces = set(members), 0
    while left:
        pieces += 1
        stack = [left.pop()]
        while stack:
            for w in adj.get(stack.pop(), ()):
                if w in left:
                    left.remove(w)
                    stack.append(w)
    return pieces


def _payments(view: View, day: str) -> dict[str, Any]:
    amounts: dict[str, list[float]] = {}
    dates: dict[str, str] = {}
    for stmt in view.statements(schemata=["Payment"], props=["amountEur", "amount", "date"]):
        if stmt.prop == "date":
            dates[stmt.entity_id] = stmt.value[:10]
        else:
            try:
                amounts.setdefault(stmt.entity_id, []).append(float(stmt.value))
            except ValueError:
                continue
    out: dict[str, Any] = {}
    for side in ("before", "after"):
        chosen = [
            max(v)
            for k, v in amounts.items()
            if k in dates and ((dates[k] < day) if side == "before" else (dates[k] >= day))
        ]
        months = {dates[k][:7] for k, v in amounts.items() if k in dates and ((dates[k] < day) == (side == "before"))}
        out[side] = {
            "payments": len(chosen),
            "per_month": round(len(chosen) / max(1, len(months)), 1),
            "median_amount": round(statistics.median(chosen), 2) if chosen else None,
        }
    return out


def _routes(view: View, day: str, days: int = 90) -> dict[str, Any]:
    """How the route moved: shares of country pairs and crossings, 90 days either side (``corridor.geo``)."""
    data = route_data(view)
    shift = route_shift(data.legs, data.observations, on=date.fromisoformat(day), days=days)
    return {
        "window_days": days,
        "legs": {"before": shift["country_pairs"]["before_total"], "after": shift["country_pairs"]["after_total"]},
        "country_pairs": shift["country_pairs"]["rows"][:8],
        "crossings": shift["crossings"]["rows"][:8],
    }


def effect(node: Node, principal: Principal, code: str, *, weeks: int = 26) -> dict[str, Any]:
    """Compare the network before the action day with the ``weeks`` after it."""
    operation = get_operation(node, principal, code)
    if not operation.action_at:
        raise ValueError("no action day")
    day = operation.action_at[:10]
    until = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    later = (date.fromisoformat(day) + timedelta(weeks=weeks)).isoformat()
    view = node.view(principal, purpose="operation-effect", objects={"operation": operation.code})
    canonical = read_canonical(view)
    before = Network(build_graph(view, until=until, canonical=canonical))
    after = Network(build_graph(view, since=day, until=later, canonical=canonical))
    adj_b, names_b, countries_b = _adjacency(before)
    adj_a, names_a, _ = _adjacency(after)
    names = names_b | names_a
    reported = outcomes(node, principal, code)
    arrested = {canonical.get(o.target, o.target) for o in reported if o.result == "arrested"}
    target_names = {canonical.get(t.entity_id, t.entity_id): t.label for t in targets(node, principal, code)}

    broken = []
    comm = before.communities if before.people.n else np.zeros(0, dtype=np.int64)
    ids_b = list(adj_b)
    by_comm: dict[int, set[str]] = {}
    for i, c in enumerate(comm.tolist()):
        by_comm.setdefault(int(c), set()).add(ids_b[i])
    for c, members in sorted(by_comm.items()):
        hit = members & arrested
        if not hit:
            continue
        left = {m for m in members - arrested if adj_a.get(m)}
        alive_before = len(members - arrested)
        pieces = _pieces(left, adj_a) if left else 0
        why = []
        if alive_before and len(left) * 2 < alive_before:
            why.append(f"{alive_before - len(left)} of {alive_before} remaining members went quiet")
        if pieces > 1:
            why.append(f"the rest fell into {pieces} pieces")
        entry = {
            "community": c,
            "size": len(members),
            "arrested": sorted(hit),
            "active_after": len(left),
            "pieces_after": pieces,
            "broken": bool(why),
            "why": "; ".join(why) or "held together",
            "members": sorted(members),
        }
        broken.append(entry)

    cut = []
    for a, neighbours in adj_b.items():
        for b in neighbours:
            ca, cb = countries_b.get(a, ()), countries_b.get(b, ())
            if a < b and ca and cb and set(ca) != set(cb) and b not in adj_a.get(a, set()):
                cut.append(
                    {"from": a, "to": b, "countries": [list(ca), list(cb)], "by_arrest": a in arrested or b in arrested}
                )

    refilled: list[dict[str, Any]] = []
    for target in sorted(arrested):
        contacts = adj_b.get(target, set()) - arrested
        if not contacts:
            continue
        scored: list[tuple[int, bool, int, str, set[str]]] = []
        for cand, now in adj_a.items():
            if cand in arrested or cand == target:
                continue
            gained = (now & contacts) - adj_b.get(cand, set()) - {cand}
            if gained:
                scored.append((len(gained), cand in contacts, -len(adj_b.get(cand, ())), cand, gained))
        if not scored:
            continue
        scored.sort(key=lambda x: (-x[0], not x[1], -x[2], x[3]))
        top = scored[0]
        tied = [x[3] for x in scored[1:] if x[:3] == top[:3]]
        refilled.append(
            {
                "arrested": target,
                "arrested_name": target_names.get(target, names.get(target, target)),
                "by": top[3],
                "by_name": names.get(top[3], top[3]),
                "stepped_up": top[1],
                "contacts_taken_over": sorted(top[4]),
                "shared_contacts": round(top[0] / len(contacts), 2),
                "or": tied,
            }
        )

    results = Counter(o.result for o in reported)
    return {
        "operation": operation.code,
        "name": operation.name,
        "action_day": day,
        "window": {"before_until": until, "after": [day, later]},
        "network": {
            "before": {"people": before.people.n, "links": before.people.m},
            "after": {"people": after.people.n, "links": after.people.m},
        },
        "outcomes": dict(sorted(results.items())),
        "arrested": sorted(arrested),
        "communities": broken,
        "communities_broken": [c["community"] for c in broken if c["broken"]],
        "cross_border_links_cut": len(cut),
        "cross_border_cut_by_arrests": sum(1 for x in cut if x["by_arrest"]),
        "cut_links": cut[:200],
        "refilled": refilled,
        "flows": _payments(view, day),
        "routes": _routes(view, day),
        "names": {
            k: names[k]
            for k in sorted(
                set(arrested) | {str(r["by"]) for r in refilled} | {str(x) for r in refilled for x in r["or"]}
            )
            if k in names
        },
    }
