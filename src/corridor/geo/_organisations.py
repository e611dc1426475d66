"""Which places, crossings and legs each organisation uses.

Membership statements (``member`` → ``organization``) tie people to organisations; an
observation belongs to an organisation when one of its involved persons or organisers is
a member, or the organiser is the organisation itself. Ids are canonical, so a smuggler
on Serbia's register and the same man arrested by Border Force count once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from corridor.geo._observations import Observation
from corridor.geo._routes import Leg
from corridor.store import View


def memberships(view: View) -> tuple[dict[str, set[str]], dict[str, str]]:
    """``(members by organisation, organisation names)``, all ids canonical."""
    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for stmt in view.facts(schemata=["Membership"], props=["member", "organization"]):
        links[stmt.entity_id][stmt.prop].append(stmt.value)
    names_raw: dict[str, str] = {}
    for stmt in view.facts(schemata=["Organization"], props=["name"], ordered=True):
        names_raw.setdefault(stmt.entity_id, stmt.value)
    ids = {v for link in links.values() for vs in link.values() for v in vs} | set(names_raw)
    mapping = view.canonical_ids(ids)
    members: dict[str, set[str]] = defaultdict(set)
    for link in links.values():
        for org in link.get("organization", []):
            for member in link.get("member", []):
                members[mapping[org]].add(mapping[member])
    names: dict[str, str] = {}
    for entity_id, name in sorted(names_raw.items()):
        names.setdefault(mapping[entity_id], name)
    for org in members:
        names.setdefault(org, org)
    return dict(members), names


def organisation_routes(
    observations: Iterable[Observation],
    legs: Iterable[Leg],
    members: dict[str, set[str]],
    names: dict[str, str],
) -> list[dict[str, Any]]:
    """``[{organisation, name, members, events, persons, countries, crossings, legs}]``, busiest first."""
    org_of: dict[str, set[str]] = defaultdict(set)
    for org, people in members.items():
        org_of[org].add(org)
        for person in people:
            org_of[person].add(org)
    events: Counter[str] = Counter()
    persons: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    crossings: dict[str, Counter[str]] = defaultdict(Counter)
    crossing_names: dict[str, str] = {}
    observed_by: dict[str, set[str]] = defaultdict(set)
    for obs in observations:
        orgs = {o for p in obs.persons + obs.organizers for o in org_of.get(p, ())}
        if not orgs:
            continue
        for org in orgs:
            events[org] += 1
            moved = [p for p in obs.persons if p not in members.get(org, set())]
            persons[org].update(moved)
            for p in obs.persons:
                observed_by[p].add(org)
            where = obs.where
            if where is not None and where.country:
                countries[org][where.country] += 1
            if where is not None and where.crossing and where.place is not None:
                crossings[org][where.place.id] += 1
                crossing_names[where.place.id] = where.place.name
    leg_counts: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for leg in legs:
        if leg.person is None:
            continue
        for org in observed_by.get(leg.person, ()):
            a, b = leg.source.country, leg.target.country
            if a and b and a != b:
                leg_counts[org][(a, b)] += 1
    out = []
    for org in sorted(set(members) | set(events), key=lambda o: (-events[o], o)):
        out.append(
            {
                "organisation": org,
                "name": names.get(org, org),
                "members": len(members.get(org, ())),
                "events": events[org],
                "persons": len(persons[org]),
                "countries": [{"country": c, "events": n} for c, n in countries[org].most_common()],
                "crossings": [
                    {"place_id": p, "name": crossing_names[p], "events": n} for p, n in crossings[org].most_common()
                ],
                "legs": [{"from": a, "to": b, "legs": n} for (a, b), n in leg_counts[org].most_common()],
            }
        )
    return out
