"""The target profile: everything one principal may see about one entity, graded fact by fact.

Built from the caller's view only (``node.view(...)`` has already checked the role and
logged the consultation), and from the target's neighbourhood only (``_neighbourhood``:
the records that name the target and those they name, not the whole view): the entity's
cluster, its ego network (associates, link types, the key-player standing and why), the
events it took part in (map and timeline), the payments it made or received, and every
statement behind them, which is what the banner and caveats are computed from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corridor.finance import Ledger, read_ledger
from corridor.geo import Observation, read_observations
from corridor.graph import Network, key_player
from corridor.model import BASE_PROP, Statement, assemble, selector_kind_for_property
from corridor.report._facts import NAME_PROPS, best_grade, grouped_facts, handling_of, script_of
from corridor.report._neighbourhood import neighbourhood
from corridor.report._svgchart import ChartEdge, ChartNode, svg_chart
from corridor.report._svgmap import MapPoint, svg_map
from corridor.report._timeline import TimelineItem, svg_timeline
from corridor.store import View

CHART_NODES = 40
"""At most this many associates are drawn on the chart (the table lists them all)."""


@dataclass(slots=True)
class ReportData:
    """What a report shows (``context`` for its template) and the statements behind it."""

    kind: str
    subject: str
    title: str
    context: dict[str, Any]
    facts: list[Statement] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Sizes for the disclosure audit entry."""
        sized = {k: len(v) for k, v in self.context.items() if isinstance(v, list)}
        return {"facts": len({s.id for s in self.facts}), **sized}


def _ego(network: Network, canonical: str) -> tuple[int | None, dict[int, list[int]]]:
    """The target's node and, per neighbour node, the link rows that join them."""
    g = network.entity
    node = g.node(canonical)
    rows: dict[int, list[int]] = defaultdict(list)
    if node is None:
        return None, rows
    for row in np.flatnonzero((g.src == node) | (g.dst == node)).tolist():
        other = int(g.dst[row]) if int(g.src[row]) == node else int(g.src[row])
        rows[other].append(row)
    return node, rows


def _associates(
    view: View, network: Network, node: int | None, ego: dict[int, list[int]]
) -> tuple[list[dict[str, Any]], list[Statement], str]:
    g = network.entity
    evidence_ids = sorted({g.evidence_ids[int(g.evidence[r])] for rows in ego.values() for r in rows})
    neighbour_records = sorted({rec for other in ego for rec in g.records(other)})
    by_record: dict[str, list[Statement]] = defaultdict(list)
    wanted = set(evidence_ids) | set(neighbour_records)
    for stmt in view.statements(entity_ids=wanted) if wanted else ():
        if stmt.entity_id in evidence_ids or stmt.prop in NAME_PROPS:
            by_record[stmt.entity_id].append(stmt)
    facts = [s for group in by_record.values() for s in group]
    out: list[dict[str, Any]] = []
    for other, rows in ego.items():
        kinds = Counter(g.kinds[int(g.kind[r])] for r in rows)
        evidence = sorted({g.evidence_ids[int(g.evidence[r])] for r in rows})
        said = [s for e in evidence for s in by_record.get(e, [])]
        out.append(
            {
                "id": g.ids[other],
                "name": g.names[other],
                "schema": g.schema[other],
                "links": ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in sorted(kinds.items())),
                "count": len(rows),
                "evidence": evidence[:6],
                "more_evidence": max(0, len(evidence) - 6),
                "grade": best_grade(said),
                "handling": handling_of(said),
                "agencies": sorted({s.origin for s in said}),
            }
        )
    out.sort(key=lambda a: (-a["count"], a["name"]))
    chart = ""
    if node is not None:
        shown = [node, *sorted(ego, key=lambda n: -len(ego[n]))[:CHART_NODES]]
        keep = set(shown)
        nodes = [ChartNode(g.ids[n], g.names[n], g.schema[n]) for n in shown]
        pairs = np.flatnonzero(np.isin(g.src, list(keep)) & np.isin(g.dst, list(keep)))
        seen: dict[tuple[str, str], str] = {}
        for row in pairs.tolist():
            a, b = sorted((g.ids[int(g.src[row])], g.ids[int(g.dst[row])]))
            seen.setdefault((a, b), g.kinds[int(g.kind[row])])
        edges = [ChartEdge(a, b, kind) for (a, b), kind in sorted(seen.items())]
        chart = svg_chart(nodes, edges, centre=g.ids[node], title=f"Associates of {g.names[node]}")
    return out, facts, chart


def _place(obs: Observation) -> tuple[str, str, float | None, float | None]:
    where = obs.where
    if where is None:
        return "unknown", "", None, None
    name = where.place.name if where.place else where.text
    return name, (where.country or "").upper(), where.lat, where.lon


def _events(
    view: View, ids: set[str], linking: frozenset[str]
) -> tuple[list[dict[str, Any]], list[Statement], list[MapPoint]]:
    found = read_observations(view, entity_ids=sorted(linking)).observations if linking else []
    observed = [o for o in found if ids & {*o.persons, *o.organizers}]
    stmts: dict[str, list[Statement]] = defaultdict(list)
    if observed:
        for stmt in view.statements(entity_ids=[o.entity_id for o in observed]):
            stmts[stmt.entity_id].append(stmt)
    rows, points = [], []
    numbers: dict[tuple[float, float], int] = {}
    for obs in observed:
        place, country, lat, lon = _place(obs)
        said = stmts.get(obs.entity_id, [])
        number = None
        if lat is not None and lon is not None:
            # one numbered point per place: events at the same place share its number
            spot = (round(lat, 4), round(lon, 4))
            if spot not in numbers:
                points.append(MapPoint(lat, lon, place, obs.kind))
                numbers[spot] = len(points)
            number = numbers[spot]
        rows.append(
            {
                "id": obs.entity_id,
                "date": obs.date,
                "kind": obs.kind,
                "place": place,
                "country": country,
                "point": number,
                "summary": "; ".join(obs.texts)[:300],
                "grade": best_grade(said),
                "handling": handling_of(said),
                "agencies": sorted({s.origin for s in said}),
                "role": "organiser" if ids & set(obs.organizers) else "involved",
            }
        )
    return rows, [s for group in stmts.values() for s in group], points


def _money(
    view: View, ids: set[str], linking: frozenset[str]
) -> tuple[list[dict[str, Any]], list[Statement], dict[str, float]]:
    ledger: Ledger = read_ledger(view, entity_ids=sorted(linking))
    mine = [t for t in ledger.transfers if ids & {*t.payers, *t.beneficiaries}]
    stmts: dict[str, list[Statement]] = defaultdict(list)
    if mine:
        for stmt in view.statements(entity_ids=[t.id for t in mine]):
            stmts[stmt.entity_id].append(stmt)
    rows = []
    totals = {"paid": 0.0, "received": 0.0}
    for t in sorted(mine, key=lambda t: (t.date, t.id)):
        paid = bool(ids & set(t.payers))
        others = t.beneficiaries if paid else t.payers
        direction = "paid" if paid else "received"
        if t.amount_eur is not None:
            totals[direction] += t.amount_eur
        said = stmts.get(t.id, [])
        rows.append(
            {
                "id": t.id,
                "date": t.date,
                "direction": direction,
                "counterparty": ", ".join(ledger.names.get(o, "unnamed party") for o in others) or "unknown",
                "amount_eur": t.amount_eur,
                "currency": t.currency,
                "method": t.method,
                "grade": best_grade(said),
                "handling": handling_of(said),
                "agencies": sorted({s.origin for s in said}),
            }
        )
    return rows, [s for group in stmts.values() for s in group], totals


def money_flows(payments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Payments summed per counterparty and direction, largest first."""
    flows: dict[tuple[str, str], dict[str, Any]] = {}
    for p in payments:
        key = (p["direction"], p["counterparty"])
        flow = flows.setdefault(
            key, {"direction": key[0], "counterparty": key[1], "payments": 0, "amount_eur": 0.0, "methods": set()}
        )
        flow["payments"] += 1
        flow["amount_eur"] += p["amount_eur"] or 0.0
        flow["methods"].add(p["method"])
    out = [{**f, "methods": ", ".join(sorted(f["methods"]))} for f in flows.values()]
    out.sort(key=lambda f: (-f["amount_eur"], f["counterparty"]))
    return out


def target_data(view: View, entity_id: str, *, network: Network | None = None) -> ReportData:
    """Gather the profile of ``entity_id`` as ``view``'s principal sees it (``NotFound`` if invisible).

    ``network`` is the caller's whole-view network, if it has one at hand: the key-player
    standing is then among everyone; without it, among the target's neighbourhood.
    """
    canonical, stmts = view.entity_statements(entity_id)
    proxy = assemble(canonical, stmts)
    assert proxy is not None  # entity_statements raised NotFound otherwise
    members = sorted({s.entity_id for s in stmts})
    ids = set(members) | set(view.canonical_ids(members).values())
    names = grouped_facts([s for s in stmts if s.prop in NAME_PROPS])
    names.sort(key=lambda r: (r["prop"] != "name", NAME_PROPS.index(r["prop"]), r["script"], r["value"]))
    selectors = []
    for row in grouped_facts(stmts):
        kind = selector_kind_for_property(row["sources"][0]["schema"], row["prop"])
        if kind:
            selectors.append({**row, "kind": kind})
    properties = grouped_facts([s for s in stmts if s.prop != BASE_PROP and s.prop not in NAME_PROPS])
    properties.sort(key=lambda r: (r["label"], r["value"]))
    near = neighbourhood(view, members, stmts)
    scope = "the whole network" if network is not None else "the target's neighbourhood"
    network = network or Network(near.graph)
    node, ego = _ego(network, canonical)
    associates, associate_facts, chart = _associates(view, network, node, ego)
    player = key_player(network, canonical)
    if player is not None:
        player["scope"] = scope
    events, event_facts, points = _events(view, ids, near.linking)
    payments, payment_facts, totals = _money(view, ids, near.linking)
    timeline = [TimelineItem(e["date"], e["kind"], e["place"]) for e in events]
    timeline += [TimelineItem(p["date"], "payment", f"{p['direction']} {p['counterparty']}") for p in payments]
    context = {
        "target": {
            "id": canonical,
            "caption": proxy.caption,
            "schema": proxy.schema.name,
            "scripts": sorted({script_of(r["value"]) for r in names} - {"—"}),
            "records": members,
            "agencies": sorted({s.origin for s in stmts}),
        },
        "names": names,
        "selectors": selectors,
        "properties": properties,
        "associates": associates,
        "key_player": player,
        "events": events,
        "payments": payments,
        "flows": money_flows(payments),
        "totals": totals,
        "map_svg": svg_map(points, title=f"Events of {proxy.caption}") if points else "",
        "chart_svg": chart,
        "timeline_svg": svg_timeline(timeline) if timeline else "",
    }
    facts = [*stmts, *associate_facts, *event_facts, *payment_facts]
    return ReportData("target", canonical, f"Target profile: {proxy.caption}", context, facts)
