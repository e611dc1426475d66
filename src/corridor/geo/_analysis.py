"""The route analysis as one call: what the CLI, the API and the web UI ask for.

Everything is computed from one read of the principal's visible Events, Trips and
Memberships, so every number and every map feature derives from what the principal may
see and nothing else.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from corridor.geo._geocode import Geocoder
from corridor.geo._hotspots import DEFAULT_RESOLUTION, hotspots
from corridor.geo._observations import Observation, ObservationSet, read_observations
from corridor.geo._organisations import memberships, organisation_routes
from corridor.geo._routes import Leg, by_country_month, country_flows, crossing_flows, legs_of, route_shift
from corridor.geo._stats import ATTRIBUTION, own_vs_published
from corridor.store import View


@dataclass(slots=True)
class RouteData:
    """Observations and legs read once, for analyses and map exports to share."""

    observed: ObservationSet
    legs: list[Leg]
    members: dict[str, set[str]]

    @property
    def observations(self) -> list[Observation]:
        """The observations, in date order."""
        return self.observed.observations


def route_data(view: View, geocoder: Geocoder | None = None) -> RouteData:
    """Read and geocode the principal's observations and derive the legs (of non-members)."""
    observed = read_observations(view, geocoder)
    members, _ = memberships(view)
    smugglers = {m for people in members.values() for m in people}
    return RouteData(observed, legs_of(observed.observations, exclude=smugglers), members)


def unresolved_names(observed: ObservationSet) -> list[dict[str, Any]]:
    """``[{name, country, events, examples}]``: names no rule placed on a point, most used first."""
    rows = [
        {"name": name, "country": country, "events": len(ids), "examples": sorted(ids)[:3]}
        for (name, country), ids in observed.unresolved.items()
    ]
    rows.sort(key=lambda r: (-int(str(r["events"])), str(r["name"])))
    return rows


def analyse_routes(
    view: View,
    *,
    resolution: int = DEFAULT_RESOLUTION,
    shift_on: date | None = None,
    shift_days: int = 90,
    published: bool = True,
    geocoder: Geocoder | None = None,
) -> dict[str, Any]:
    """Flows, hotspots, organisations' routes and published figures, as one JSON document.

    Shape::

        {"observations": n, "legs": n, "seconds": s,
         "by_country_month": [{country, month, kind, events, persons}],
         "country_flows": [{from, to, month, legs, persons}],
         "crossing_flows": [{from, from_name, from_country, from_lat, from_lon, to, …, month, legs}],
         "hotspots": [{cell, resolution, month, lat, lon, events, persons, kinds, countries}],
         "organisations": [{organisation, name, members, events, persons, countries, crossings, legs}],
         "unresolved": [{name, country, events, examples}],
         "shift": {date, window_days, country_pairs, crossings, countries} | null,
         "published": [{series, month, own_persons, published, share, source}],
         "attribution": {...}}
    """
    started = time.perf_counter()
    data = route_data(view, geocoder)
    observations = data.observations
    members, names = memberships(view)
    per_month = by_country_month(observations)
    result: dict[str, Any] = {
        "observations": len(observations),
        "legs": len(data.legs),
        "by_country_month": per_month,
        "country_flows": country_flows(data.legs),
        "crossing_flows": crossing_flows(data.legs),
        "hotspots": hotspots(observations, resolution=resolution),
        "organisations": organisation_routes(observations, data.legs, members, names),
        "unresolved": unresolved_names(data.observed),
        "shift": route_shift(data.legs, observations, on=shift_on, days=shift_days) if shift_on else None,
        "published": own_vs_published(per_month) if published else [],
        "attribution": ATTRIBUTION if published else {},
    }
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result
