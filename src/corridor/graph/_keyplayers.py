"""Key players: one composite ranking of people, each place with its reasons.

The composite is a weighted mean of each measure's standing (``standing``), so no scale
dominates and a reader can see which measures put a person where. Weighted tie
strength (PageRank, strength) weighs most, then betweenness and bridging:
organisers talk to and pay many who matter, and sit between cells, while migrants and
drivers hang off one collector or one cell.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corridor.graph._entity_graph import FloatArray, IntArray
from corridor.graph._measures import harmonic_of, percentile, ranks
from corridor.graph._network import Network, ig_graph
from corridor.ingest import source_id_of

WEIGHTS: dict[str, float] = {
    "pagerank": 0.30,
    "strength": 0.30,
    "betweenness": 0.20,
    "bridging": 0.10,
    "degree": 0.10,
    "harmonic": 0.0,
    "core": 0.0,
}
"""Weights of each measure's standing in the composite score (sum to 1).

Chosen on the tiny scenario (leader and coordinator recall in the top 20, see
``tests/graph/test_scenario.py``). Harmonic closeness and k-core are reported in every
``why`` but weigh nothing: on the fragmented graphs that partial, per-agency views give,
both favour the migrants one hop from a busy money collector over the organisers.
"""

PATH_SHARE_SOURCES = 24
"""Sampled people of one community from which paths to the other are counted."""


@dataclass(slots=True)
class Scores:
    """The composite score of every person and the per-measure values behind it."""

    score: FloatArray
    values: dict[str, FloatArray]
    ranks: dict[str, IntArray]
    bridging: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def bridging(network: Network) -> IntArray:
    """How many communities other than their own each person has contacts in."""
    p, comm = network.people, network.communities
    if p.m == 0:
        return np.zeros(p.n, dtype=np.int64)
    c = int(comm.max()) + 1
    a = np.concatenate([p.u, p.v])
    b = np.concatenate([p.v, p.u])
    cross = comm[a] != comm[b]
    pairs = np.unique(a[cross] * c + comm[b[cross]])
    return np.bincount(pairs // c, minlength=p.n).astype(np.int64)


def standing(values: FloatArray) -> FloatArray:
    """Half percentile rank, half share of the maximum, 0..1.

    Ranks alone flatten a heavy tail (the broker through whom every route runs and the
    driver with a few detours would sit a few percentiles apart); shares of the maximum
    alone let one outlier crush everyone else. The mean keeps both.
    """
    clean = np.where(np.isnan(values), 0.0, values)
    top = float(clean.max()) if clean.shape[0] else 0.0
    share = clean / top if top > 0 else np.zeros_like(clean)
    return 0.5 * percentile(values) + 0.5 * share


def scores(network: Network) -> Scores:
    """Composite scores for every person."""
    m = network.measures
    bridge = bridging(network)
    values: dict[str, FloatArray] = {
        "betweenness": m.betweenness,
        "bridging": bridge.astype(np.float64),
        "pagerank": m.pagerank,
        "strength": m.strength,
        "degree": m.degree.astype(np.float64),
        "harmonic": m.harmonic,
        "core": m.core.astype(np.float64),
    }
    if m.eigenvector is not None:
        values["eigenvector"] = m.eigenvector
    n = network.people.n
    total = np.zeros(n)
    for name, weight in WEIGHTS.items():
        total += weight * standing(values[name])
    return Scores(score=total, values=values, ranks={k: ranks(v) for k, v in values.items()}, bridging=bridge)


def ordinal(k: int) -> str:
    """1st, 2nd, 3rd, 4th …"""
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def path_share(network: Network, person: int, a: int, b: int) -> tuple[float, int]:
    """Share of sampled pairs between communities ``a`` and ``b`` whose shortest path passes ``person``.

    Computed inside the union of the two communities and the person's own, where the
    route between two cells runs; ``person`` lies on a shortest s–t path exactly when
    ``d(s, person) + d(person, t) == d(s, t)``. Returns (share, pairs counted).
    """
    comm = network.communities
    own = comm[person]
    members = np.flatnonzero((comm == a) | (comm == b) | (comm == own))
    p = network.people
    inside = np.zeros(p.n, dtype=bool)
    inside[members] = True
    keep = inside[p.u] & inside[p.v]
    local = np.full(p.n, -1, dtype=np.int64)
    local[members] = np.arange(members.shape[0])
    sub = ig_graph(members.shape[0], local[p.u[keep]], local[p.v[keep]])
    sources = members[comm[members] == a]
    targets = members[comm[members] == b]
    rng = np.random.default_rng(int(person))
    if sources.shape[0] > PATH_SHARE_SOURCES:
        sources = rng.choice(sources, PATH_SHARE_SOURCES, replace=False)
    via = np.asarray(sub.distances(source=[int(local[person])])[0], dtype=np.float64)
    dist = np.asarray(sub.distances(source=local[sources].tolist()), dtype=np.float64)
    t_local = local[targets]
    d_st = dist[:, t_local]
    d_sv = dist[:, int(local[person])][:, None]
    d_vt = via[t_local][None, :]
    reachable = np.isfinite(d_st) & (d_st > 0)
    through = reachable & (d_sv + d_vt == d_st)
    pairs = int(reachable.sum())
    return (float(through.sum()) / pairs if pairs else 0.0), pairs


def _place(name: str, c: int, countries: dict[int, tuple[str, ...]]) -> str:
    where = "/".join(countries.get(c, ())) or "country unknown"
    return f"community {c} ({where})"


def explain(network: Network, s: Scores, person: int) -> dict[str, Any]:
    """Why a person holds their place: measures and ranks, cells and borders bridged."""
    m = network.measures
    comm = network.communities
    own = int(comm[person])
    countries = network.community_countries
    neighbours = network.neighbour_communities(person)
    bridged = sorted((c for c in neighbours if c != own), key=lambda c: (-neighbours[c], c))
    linked = sorted({c for k in [own, *bridged] for c in countries.get(k, ())})
    measures = {
        name: {
            "value": round(float(s.values[name][person]), 6) if np.isfinite(s.values[name][person]) else None,
            "rank": int(s.ranks[name][person]),
        }
        for name in s.values
    }
    why: dict[str, Any] = {
        "measures": measures,
        "weights": WEIGHTS,
        "community": own,
        "community_countries": list(countries.get(own, ())),
        "bridges": [
            {"community": c, "countries": list(countries.get(c, ())), "contacts": neighbours[c]} for c in bridged
        ],
        "countries_linked": linked,
        "betweenness_exact": m.betweenness_exact,
        "betweenness_error": m.betweenness_error,
        "harmonic_exact": m.harmonic_exact,
        "links": _link_kinds(network, person),
    }
    share = None
    if bridged:
        # The pair of cells the person stands between: the two largest contact groups,
        # preferring two in different countries, with their own cell as one end.
        a = own if neighbours.get(own) else bridged[0]
        candidates = [c for c in bridged if c != a]
        if candidates:
            diff = [c for c in candidates if set(countries.get(c, ())) != set(countries.get(a, ()))]
            b = (diff or candidates)[0]
            value, pairs = path_share(network, person, a, b)
            share = {
                "between": [a, b],
                "countries": [list(countries.get(a, ())), list(countries.get(b, ()))],
                "share": round(value, 3),
                "pairs": pairs,
            }
    why["path_share"] = share
    why["summary"] = _summary(network, s, person, bridged, linked, share)
    return why


def _link_kinds(network: Network, person: int) -> dict[str, int]:
    p = network.people
    pairs = np.flatnonzero((p.u == person) | (p.v == person))
    rows = np.flatnonzero(np.isin(p.rows_pair, pairs))
    counts = Counter(p.kinds[int(k)] for k in p.rows_kind[rows])
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _summary(
    network: Network,
    s: Scores,
    person: int,
    bridged: list[int],
    linked: list[str],
    share: dict[str, Any] | None,
) -> str:
    m = network.measures
    parts = []
    top = sorted(
        ("betweenness", "pagerank", "degree", "strength", "harmonic", "core"), key=lambda k: s.ranks[k][person]
    )
    bits = []
    for name in top[:3]:
        rank = int(s.ranks[name][person])
        if name == "degree":
            bits.append(f"{ordinal(rank)} by contacts ({int(m.degree[person])})")
        elif name == "betweenness":
            err = "" if m.betweenness_exact else f" ± {m.betweenness_error:.3f}"
            bits.append(f"{ordinal(rank)} by betweenness ({m.betweenness[person]:.3f}{err})")
        elif name == "core":
            bits.append(f"{ordinal(rank)} by k-core ({int(m.core[person])}-core)")
        else:
            bits.append(f"{ordinal(rank)} by {name}")
    parts.append("ranks " + ", ".join(bits))
    if bridged:
        n_countries = len(linked)
        parts.append(
            f"bridges {len(bridged) + 1} communities"
            + (f" in {n_countries} countries ({', '.join(linked)})" if n_countries > 1 else "")
        )
    else:
        parts.append("all contacts inside one community")
    if share and share["pairs"]:
        countries = network.community_countries
        a, b = share["between"]
        parts.append(
            f"{round(100 * share['share'])}% of shortest paths between {_place('', a, countries)} "
            f"and {_place('', b, countries)} pass through this person"
        )
    links = _link_kinds(network, person)
    if links:
        parts.append("links: " + ", ".join(f"{v} {k}" for k, v in list(links.items())[:4]))
    return "; ".join(parts)


def _fill_harmonic(network: Network, s: Scores, people: list[int]) -> None:
    """On large graphs, compute the harmonic closeness of the people about to be shown
    (one BFS each; see ``_measures.harmonic``) and rank it among those computed so far."""
    m = network.measures
    if m.harmonic_exact or bool(np.all(np.isfinite(m.harmonic[people]))):
        return
    harmonic_of(network.graph, people, m.harmonic)
    s.values["harmonic"] = m.harmonic
    s.ranks["harmonic"] = ranks(m.harmonic)


def key_players(network: Network, *, top: int = 20) -> list[dict[str, Any]]:
    """The ``top`` people by composite score, each with ``why`` (CLI.md's shape)."""
    p = network.people
    if p.n == 0:
        return []
    s = scores(network)
    order = np.lexsort((np.arange(p.n), -s.score))[:top]
    _fill_harmonic(network, s, order.tolist())
    g = network.entity
    out = []
    for rank, person in enumerate(order.tolist(), start=1):
        node = int(p.nodes[person])
        out.append(
            {
                "id": g.ids[node],
                "name": g.names[node],
                "schema": g.schema[node],
                "score": round(float(s.score[person]), 4),
                "rank": rank,
                "source_ids": sorted({source_id_of(r) for r in g.records(node)}),
                "countries": list(network.person_countries[person]),
                "community": int(network.communities[person]),
                "why": explain(network, s, person),
            }
        )
    return out


def key_player(network: Network, entity_id: str, *, given: Scores | None = None) -> dict[str, Any] | None:
    """One person's composite score, rank among all people and ``why`` (``None`` if not a person node).

    ``given`` is ``scores(network)`` when the caller asks about many people in turn.
    """
    p = network.people
    node = network.entity.node(entity_id)
    if node is None or p.n == 0:
        return None
    found = np.flatnonzero(p.nodes == node)
    if found.size == 0:
        return None
    person = int(found[0])
    s = given if given is not None else scores(network)
    _fill_harmonic(network, s, [person])
    order = np.lexsort((np.arange(p.n), -s.score))
    rank = int(np.flatnonzero(order == person)[0]) + 1
    return {
        "id": network.entity.ids[node],
        "name": network.entity.names[node],
        "score": round(float(s.score[person]), 4),
        "rank": rank,
        "of": int(p.n),
        "community": int(network.communities[person]),
        "countries": list(network.person_countries[person]),
        "why": explain(network, s, person),
    }
