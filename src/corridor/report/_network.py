"""The network report: one organisation or one community — members, standing, chart, map, money.

An organisation's members are the people linked to its node in the graph the principal
may see (memberships, directorships, employment…); a community's are the people the
network analysis put in it (``corridor analyse network`` numbers them). Every member's
key-player score comes with its why, and the report shows their events and the
payments among them and with outsiders, each graded like the target profile.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from corridor.core import FieldError, InvalidInput, NotFound
from corridor.graph import Network, build_graph, key_player, scores
from corridor.model import Statement
from corridor.report._facts import NAME_PROPS, best_grade, grouped_facts, handling_of
from corridor.report._svgchart import ChartEdge, ChartNode, svg_chart
from corridor.report._svgmap import svg_map
from corridor.report._target import ReportData, _ego, _events, _money, money_flows
from corridor.report._timeline import TimelineItem, svg_timeline
from corridor.store import View

CHART_NODES = 60
"""At most this many members are drawn on the chart (the table lists them all)."""


def _members_of_organisation(view: View, network: Network, organisation: str) -> tuple[list[int], list[Statement], str]:
    canonical, stmts = view.entity_statements(organisation)
    node, ego = _ego(network, canonical)
    if node is None:
        raise NotFound(f"no organisation {organisation!r} in the network you may see")
    g = network.entity
    members = [n for n in ego if g.schema[n] in ("Person", "LegalEntity", "Company", "Organization")]
    name = next((s.value for s in stmts if s.prop == "name"), canonical)
    return [node, *sorted(members, key=lambda n: g.names[n])], stmts, name


def _members_of_community(network: Network, community: int) -> list[int]:
    p = network.people
    found = np.flatnonzero(network.communities == community) if p.n else np.zeros(0, dtype=np.int64)
    if found.size == 0:
        raise NotFound(f"no community {community} in the network you may see")
    g = network.entity
    return sorted((int(p.nodes[i]) for i in found.tolist()), key=lambda n: g.names[n])


def network_data(view: View, *, organisation: str | None = None, community: int | None = None) -> ReportData:
    """Gather the report on an organisation or a community as ``view``'s principal sees it."""
    if (organisation is None) == (community is None):
        raise InvalidInput(
            "a network report is about one organisation or one community",
            errors=[FieldError("give exactly one", field="organisation/community")],
        )
    network = Network(build_graph(view))
    g = network.entity
    own: list[Statement] = []
    if organisation is not None:
        nodes, own, name = _members_of_organisation(view, network, organisation)
        subject, title = g.ids[nodes[0]], f"Organisation report: {name}"
    else:
        assert community is not None
        nodes = _members_of_community(network, community)
        countries = network.community_countries.get(community, ())
        subject = f"community:{community}"
        name = f"Community {community}" + (f" ({', '.join(countries)})" if countries else "")
        title = f"Network report: {name}"
    given = scores(network)
    members: list[dict[str, Any]] = []
    records = sorted({r for n in nodes for r in g.records(n)})
    name_facts = list(view.statements(entity_ids=records, props=NAME_PROPS)) if records else []
    by_record: dict[str, list[Statement]] = {}
    for stmt in name_facts:
        by_record.setdefault(stmt.entity_id, []).append(stmt)
    for n in nodes:
        said = [s for r in g.records(n) for s in by_record.get(r, [])]
        player = key_player(network, g.ids[n], given=given) if g.schema[n] == "Person" else None
        members.append(
            {
                "id": g.ids[n],
                "name": g.names[n],
                "schema": g.schema[n],
                "countries": ", ".join(c.upper() for c in g.countries[n]),
                "score": player["score"] if player else None,
                "rank": player["rank"] if player else None,
                "why": player["why"]["summary"] if player else "",
                "grade": best_grade(said),
                "handling": handling_of(said),
                "agencies": sorted({s.origin for s in said}),
            }
        )
    members.sort(key=lambda m: (m["rank"] is None, m["rank"] or 0, m["name"]))
    shown = nodes[:CHART_NODES]
    keep = set(shown)
    rows = np.flatnonzero(np.isin(g.src, list(keep)) & np.isin(g.dst, list(keep)))
    pairs: dict[tuple[str, str], str] = {}
    for row in rows.tolist():
        a, b = sorted((g.ids[int(g.src[row])], g.ids[int(g.dst[row])]))
        pairs.setdefault((a, b), g.kinds[int(g.kind[row])])
    chart = svg_chart(
        [ChartNode(g.ids[n], g.names[n], g.schema[n]) for n in shown],
        [ChartEdge(a, b, kind) for (a, b), kind in sorted(pairs.items())],
        centre=subject if organisation is not None else None,
        title=title,
    )
    ids = set(records) | set(view.canonical_ids(records).values())
    # the records behind the members' links (events, payments…), from the graph at hand
    touching = np.flatnonzero(np.isin(g.src, nodes) | np.isin(g.dst, nodes))
    linking = frozenset(g.evidence_ids[int(g.evidence[r])] for r in touching.tolist())
    events, event_facts, points = _events(view, ids, linking)
    payments, payment_facts, totals = _money(view, ids, linking)
    kinds = Counter(str(e["kind"]) for e in events)
    timeline = [TimelineItem(e["date"], e["kind"], e["place"]) for e in events]
    context = {
        "subject": {"id": subject, "name": name, "kind": "organisation" if organisation else "community"},
        "organisation_facts": grouped_facts([s for s in own if s.prop != "id"]),
        "members": members,
        "events": events,
        "event_kinds": dict(kinds.most_common()),
        "payments": payments,
        "flows": money_flows(payments),
        "totals": totals,
        "chart_svg": chart,
        "map_svg": svg_map(points, title=f"Events of {name}") if points else "",
        "timeline_svg": svg_timeline(timeline) if timeline else "",
    }
    return ReportData("network", subject, title, context, [*own, *name_facts, *event_facts, *payment_facts])
