"""Hotspots: where observations bunch, on H3's hexagonal grid, by month.

Hexagons rather than a lat/lon grid because every cell of one resolution has (nearly)
the same area and the same six neighbours, so counts compare fairly from Turkey to Kent.
Resolution 6 (cells of about 36 km²) separates Lojane from Tabanovce and Gravelines from
Calais; resolution 5 (about 250 km²) is the regional view.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import h3  # type: ignore[import-untyped]

from corridor.geo._observations import Observation

DEFAULT_RESOLUTION = 6


def hotspots(observations: Iterable[Observation], *, resolution: int = DEFAULT_RESOLUTION) -> list[dict[str, Any]]:
    """``[{cell, month, lat, lon, events, persons, kinds, countries}]``, busiest first within each month.

    Observations without a point (country-level or unresolved) are left out; the route
    analysis lists them as unresolved.
    """
    events: Counter[tuple[str, str]] = Counter()
    persons: Counter[tuple[str, str]] = Counter()
    kinds: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    countries: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for obs in observations:
        where = obs.where
        if where is None or where.lat is None or where.lon is None:
            continue
        cell = h3.latlng_to_cell(where.lat, where.lon, resolution)
        key = (obs.month, cell)
        events[key] += 1
        persons[key] += len(obs.persons)
        kinds[key][obs.kind] += 1
        if where.country:
            countries[key][where.country] += 1
    out = []
    for (month, cell), n in sorted(events.items(), key=lambda kv: (kv[0][0], -persons[kv[0]], -kv[1], kv[0][1])):
        lat, lon = h3.cell_to_latlng(cell)
        out.append(
            {
                "cell": cell,
                "resolution": resolution,
                "month": month,
                "lat": round(lat, 5),
                "lon": round(lon, 5),
                "events": n,
                "persons": persons[(month, cell)],
                "kinds": dict(sorted(kinds[(month, cell)].items())),
                "countries": sorted(countries[(month, cell)]),
            }
        )
    return out


def cell_polygon(cell: str) -> list[list[float]]:
    """The closed GeoJSON ring (``[lon, lat]`` pairs) of an H3 cell."""
    ring = [[round(lon, 6), round(lat, 6)] for lat, lon in h3.cell_to_boundary(cell)]
    return [*ring, ring[0]]
