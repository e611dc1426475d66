"""Country outlines, offline: world-atlas TopoJSON decoded into polygons, and point-in-country.

The outlines are Natural Earth 1:50m as packaged by the npm ``world-atlas`` module the web
UI already pins. ``make install`` copies ``countries-50m.json`` into ``data/`` (gitignored);
in a development checkout the web front-end's ``node_modules`` copy is read as well. The
file is read once per process; nothing is fetched.

Natural Earth gives Kosovo, Northern Cyprus and Somaliland no ISO number, so codes are
taken from the name where the number is missing (Kosovo ``XK``, as in ``crossings.csv``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import pycountry

from corridor.core import ConfigError

ATLAS_FILE = "countries-50m.json"
_BY_NAME = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}

Ring = tuple[tuple[float, float], ...]
"""A closed ring of ``(lon, lat)`` points."""


@dataclass(frozen=True, slots=True)
class CountryShape:
    """One country's outline: polygons, each an outer ring followed by its holes."""

    code: str | None
    name: str
    polygons: tuple[tuple[Ring, ...], ...]
    bbox: tuple[float, float, float, float]
    """``(min_lon, min_lat, max_lon, max_lat)``."""

    def contains(self, lat: float, lon: float) -> bool:
        """Whether the point lies inside (even-odd over every ring of a polygon)."""
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return False
        return any(_inside(polygon, lon, lat) for polygon in self.polygons)


def _inside(rings: tuple[Ring, ...], x: float, y: float) -> bool:
    inside = False
    for ring in rings:
        n = len(ring)
        j = n - 1
        for i in range(n):
            xi, yi = ring[i]
            xj, yj = ring[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
    return inside


def _atlas_path() -> Path:
    packaged = resources.files("corridor.geo").joinpath("data", ATLAS_FILE)
    candidates = [
        Path(str(packaged)),
        Path(__file__).resolve().parents[1] / "web" / "frontend" / "node_modules" / "world-atlas" / ATLAS_FILE,
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise ConfigError(
        f"country outlines {ATLAS_FILE} are missing: run `make install` "
        f"(it copies them from the web UI's world-atlas package into {candidates[0].parent})"
    )


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Undo TopoJSON's quantisation and delta encoding."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        points: list[tuple[float, float]] = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> Ring:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return tuple(points)


def _code(geometry: dict[str, Any]) -> str | None:
    name = geometry.get("properties", {}).get("name", "")
    number = geometry.get("id")
    if number is not None:
        country = pycountry.countries.get(numeric=str(number).zfill(3))
        if country is not None:
            return str(country.alpha_2)
    return _BY_NAME.get(name)


@cache
def country_shapes() -> tuple[CountryShape, ...]:
    """Every country's outline (read once; ``ConfigError`` if ``make install`` has not run)."""
    topology = json.loads(_atlas_path().read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            parts = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            parts = geometry["arcs"]
        else:
            continue
        polygons = tuple(tuple(_ring(ring, arcs) for ring in polygon) for polygon in parts)
        xs = [x for polygon in polygons for x, _ in polygon[0]]
        ys = [y for polygon in polygons for _, y in polygon[0]]
        shapes.append(
            CountryShape(
                code=_code(geometry),
                name=str(geometry.get("properties", {}).get("name", "")),
                polygons=polygons,
                bbox=(min(xs), min(ys), max(xs), max(ys)),
            )
        )
    return tuple(shapes)


def _km_to_edge(shape: CountryShape, lat: float, lon: float) -> float:
    """Distance in km from the point to the nearest edge of the outline (flat-earth, fine below 100 km)."""
    kx = 111.32 * math.cos(math.radians(lat))
    ky = 110.57
    best = math.inf
    for polygon in shape.polygons:
        for ring in polygon:
            for (x1, y1), (x2, y2) in pairwise(ring):
                ax, ay = (x1 - lon) * kx, (y1 - lat) * ky
                bx, by = (x2 - lon) * kx, (y2 - lat) * ky
                dx, dy = bx - ax, by - ay
                length = dx * dx + dy * dy
                t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
                best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def country_at(lat: float, lon: float, *, within_km: float = 0.0) -> str | None:
    """The ISO alpha-2 code of the country the point lies in, or ``None`` at sea or unknown.

    With ``within_km`` a point just off every outline (a port or beach the 1:50m coastline
    leaves in the sea) takes the nearest country whose edge is that close.
    """
    for shape in country_shapes():
        if shape.code and shape.contains(lat, lon):
            return shape.code
    if within_km <= 0:
        return None
    margin = within_km / 80.0
    near = [
        (_km_to_edge(shape, lat, lon), shape.code)
        for shape in country_shapes()
        if shape.code
        and shape.bbox[0] - margin <= lon <= shape.bbox[2] + margin
        and shape.bbox[1] - margin <= lat <= shape.bbox[3] + margin
    ]
    distance, code = min(near, default=(math.inf, None))
    return code if distance <= within_km else None
