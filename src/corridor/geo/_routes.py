"""Routes: legs and flows between countries and crossing points, by month.

A **leg** is a movement between two consecutive observations of the same (canonical)
person at different places — intercepted at Lojane on the 3rd, landed at Dover on the
28th — or a Trip from its start to its end location. Flows add legs up by
(from, to, month) at two levels: countries, and points where at least one end is one of
corridor's crossing points. Counting legs of persons, not events, is what makes one
lorry with thirty people weigh thirty times a lone walker, as in the published series.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from corridor.geo._observations import Located, Observation


@dataclass(frozen=True, slots=True)
class Leg:
    """One person's (or one trip's) movement from one place to the next."""

    person: str | None
    source: Located
    target: Located
    month: str
    depart: str
    arrive: str
    weight: int = 1


def legs_of(observations: Iterable[Observation], *, exclude: Collection[str] = ()) -> list[Leg]:
    """Legs from trips and from each person's sequence of sightings, in date order.

    ``exclude`` holds persons whose movements are not migration: the members of
    smuggling organisations (a driver caught in Kosovo in August and at Dover in October
    is a smuggler at work, not a flow of migrants).
    """
    out: list[Leg] = []
    sightings: dict[str, list[Observation]] = defaultdict(list)
    for obs in observations:
        if obs.kind == "trip" and obs.start is not None and obs.end is not None:
            weight = max(1, len(obs.persons))
            out.append(Leg(None, obs.start, obs.end, obs.month, obs.date, obs.date, weight))
            continue
        if obs.where is None:
            continue
        for person in obs.persons:
            if person not in exclude:
                sightings[person].append(obs)
    for person, seen in sightings.items():
        seen.sort(key=lambda o: (o.date, o.entity_id))
        for before, after in itertools.pairwise(seen):
            assert before.where is not None
            assert after.where is not None
            if before.where.key == after.where.key:
                continue
            out.append(Leg(person, before.where, after.where, after.month, before.date, after.date))
    out.sort(key=lambda leg: (leg.arrive, leg.source.key, leg.target.key, leg.person or ""))
    return out


def _name(located: Located) -> str:
    return located.place.name if located.place else located.text


def country_flows(legs: Iterable[Leg]) -> list[dict[str, Any]]:
    """``[{from, to, month, legs, persons}]`` for legs that cross a border, largest first."""
    counts: Counter[tuple[str, str, str]] = Counter()
    persons: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for leg in legs:
        a, b = leg.source.country, leg.target.country
        if not a or not b or a == b:
            continue
        key = (a, b, leg.month)
        counts[key] += leg.weight
        if leg.person:
            persons[key].add(leg.person)
    return [
        {"from": a, "to": b, "month": m, "legs": n, "persons": len(persons[(a, b, m)]) or n}
        for (a, b, m), n in sorted(counts.items(), key=lambda kv: (kv[0][2], -kv[1], kv[0]))
    ]


def crossing_flows(legs: Iterable[Leg]) -> list[dict[str, Any]]:
    """``[{from, from_name, to, to_name, month, legs, from_lat…}]`` for legs touching a crossing point."""
    counts: Counter[tuple[str, str, str]] = Counter()
    ends: dict[str, Located] = {}
    for leg in legs:
        if not (leg.source.crossing or leg.target.crossing):
            continue
        if leg.source.place is None or leg.target.place is None:
            continue
        key = (leg.source.key, leg.target.key, leg.month)
        counts[key] += leg.weight
        ends[leg.source.key] = leg.source
        ends[leg.target.key] = leg.target
    out = []
    for (a, b, m), n in sorted(counts.items(), key=lambda kv: (kv[0][2], -kv[1], kv[0])):
        src, dst = ends[a], ends[b]
        out.append(
            {
                "from": a, "from_name": _name(src), "from_country": src.country, "from_lat": src.lat, "from_lon": src.lon,
                "to": b, "to_name": _name(dst), "to_country": dst.country, "to_lat": dst.lat, "to_lon": dst.lon,
                "month": m, "legs": n,
            }
        )  # fmt: skip
    return out


def by_country_month(observations: Iterable[Observation]) -> list[dict[str, Any]]:
    """``[{country, month, kind, events, persons}]``: what happened where, per month."""
    events: Counter[tuple[str, str, str]] = Counter()
    persons: Counter[tuple[str, str, str]] = Counter()
    for obs in observations:
        country = obs.where.country if obs.where else None
        if not country:
            continue
        key = (country, obs.month, obs.kind)
        events[key] += 1
        persons[key] += len(obs.persons)
    return [
        {"country": c, "month": m, "kind": k, "events": n, "persons": persons[(c, m, k)]}
        for (c, m, k), n in sorted(events.items())
    ]


def route_shift(legs: list[Leg], observations: list[Observation], *, on: date, days: int = 90) -> dict[str, Any]:
    """How the route moved after an intervention on ``on``: shares before and after.

    Compares the ``days`` before ``on`` with the ``days`` from ``on``: the share of legs
    on each country pair and the share of observations at each crossing point and in each
    country. Shares, not counts, because an intervention often cuts the volume and moves
    what is left; ``change`` is the after share minus the before share.
    """
    start, end = (on - timedelta(days=days)).isoformat(), (on + timedelta(days=days)).isoformat()
    pivot = on.isoformat()

    def window(stamp: str) -> str | None:
        if start <= stamp < pivot:
            return "before"
        if pivot <= stamp < end:
            return "after"
        return None

    tallies: dict[str, dict[str, Counter[str]]] = {
        "country_pairs": {"before": Counter(), "after": Counter()},
        "crossings": {"before": Counter(), "after": Counter()},
        "countries": {"before": Counter(), "after": Counter()},
    }
    names: dict[str, str] = {}
    for leg in legs:
        side = window(leg.arrive)
        a, b = leg.source.country, leg.target.country
        if side and a and b and a != b:
            tallies["country_pairs"][side][f"{a}>{b}"] += leg.weight
    for obs in observations:
        side = window(obs.date)
        if not side or obs.where is None:
            continue
        weight = max(1, len(obs.persons))
        if obs.where.crossing and obs.where.place is not None:
            tallies["crossings"][side][obs.where.place.id] += weight
            names[obs.where.place.id] = obs.where.place.name
        if obs.where.country:
            tallies["countries"][side][obs.where.country] += weight
    result: dict[str, Any] = {"date": pivot, "window_days": days}
    for level, sides in tallies.items():
        before, after = sides["before"], sides["after"]
        tb, ta = sum(before.values()), sum(after.values())
        rows = []
        for key in sorted(set(before) | set(after)):
            sb = before[key] / tb if tb else 0.0
            sa = after[key] / ta if ta else 0.0
            row: dict[str, Any] = {"key": key, "before": before[key], "after": after[key],
                                   "before_share": round(sb, 4), "after_share": round(sa, 4),
                                   "change": round(sa - sb, 4)}  # fmt: skip
            if key in names:
                row["name"] = names[key]
            rows.append(row)
        rows.sort(key=lambda r: (-abs(r["change"]), r["key"]))
        result[level] = {"before_total": tb, "after_total": ta, "rows": rows}
    return result
