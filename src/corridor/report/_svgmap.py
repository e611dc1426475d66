"""An offline SVG map: country outlines from ``corridor.geo`` and numbered event points.

The map is drawn in an equirectangular projection stretched by the cosine of the middle
latitude, which is faithful enough for a region the size of the Balkan route. Points are
numbered; the report's table beside the map gives each number's place and date, so no
hostile label is ever laid out inside the drawing (labels are escaped all the same).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from corridor.geo import CountryShape, country_shapes

SEA = "#cfe3f0"
LAND = "#efeadb"
BORDER = "#8c8c8c"
KIND_COLOURS = {
    "crossing": "#c0392b",
    "detection": "#c0392b",
    "arrest": "#8e1b10",
    "payment": "#b7950b",
    "meeting": "#1e8449",
}
POINT = "#c0392b"
DEFAULT_BBOX = (12.0, 36.0, 30.0, 48.0)
"""``(min_lon, min_lat, max_lon, max_lat)`` of the Western Balkan route when there is nothing to show."""


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One event on the map."""

    lat: float
    lon: float
    label: str = ""
    kind: str = ""


def _bbox(points: Sequence[MapPoint], min_span: float) -> tuple[float, float, float, float]:
    if not points:
        return DEFAULT_BBOX
    x0, x1 = min(p.lon for p in points), max(p.lon for p in points)
    y0, y1 = min(p.lat for p in points), max(p.lat for p in points)
    pad_x = max((x1 - x0) * 0.15, (min_span - (x1 - x0)) / 2, 0.5)
    pad_y = max((y1 - y0) * 0.15, (min_span - (y1 - y0)) / 2, 0.5)
    return (x0 - pad_x, max(y0 - pad_y, -85.0), x1 + pad_x, min(y1 + pad_y, 85.0))


class _Projection:
    def __init__(self, bbox: tuple[float, float, float, float], width: int, aspect: float = 1.5):
        self.x0, self.y0, self.x1, self.y1 = bbox
        self.cos = math.cos(math.radians((self.y0 + self.y1) / 2))
        # widen (or heighten) the view to the page's aspect so a tall region is not a strip
        spare = (self.y1 - self.y0) * aspect / self.cos - (self.x1 - self.x0)
        if spare > 0:
            self.x0, self.x1 = self.x0 - spare / 2, self.x1 + spare / 2
        else:
            extra = -spare * self.cos / aspect / 2
            self.y0, self.y1 = max(self.y0 - extra, -85.0), min(self.y1 + extra, 85.0)
        self.k = width / ((self.x1 - self.x0) * self.cos)
        self.width = width
        self.height = round((self.y1 - self.y0) * self.k)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.x0) * self.cos * self.k, (self.y1 - lat) * self.k)

    def clamped(self, lon: float, lat: float) -> tuple[float, float]:
        """The point, pulled onto a frame just outside the view: fills stay right, paths stay short."""
        x, y = self(lon, lat)
        return (min(max(x, -10.0), self.width + 10.0), min(max(y, -10.0), self.height + 10.0))

    def overlaps(self, shape: CountryShape) -> bool:
        a, b, c, d = shape.bbox
        return a <= self.x1 and c >= self.x0 and b <= self.y1 and d >= self.y0


def _path(shape: CountryShape, project: _Projection) -> str:
    parts = []
    for polygon in shape.polygons:
        for ring in polygon:
            last: tuple[float, float] | None = None
            coords = []
            for lon, lat in ring:
                x, y = project.clamped(lon, lat)
                if last is None or abs(x - last[0]) + abs(y - last[1]) >= 0.6:
                    coords.append(f"{x:.1f},{y:.1f}")
                    last = (x, y)
            if len(coords) >= 3:
                parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


def _label_spot(shape: CountryShape, project: _Projection) -> tuple[float, float] | None:
    outer = max((polygon[0] for polygon in shape.polygons), key=len)
    lon = sum(p[0] for p in outer) / len(outer)
    lat = sum(p[1] for p in outer) / len(outer)
    if not (project.x0 < lon < project.x1 and project.y0 < lat < project.y1):
        return None
    return project(lon, lat)


def svg_map(
    points: Iterable[MapPoint],
    *,
    width: int = 720,
    min_span: float = 4.0,
    lines: Iterable[tuple[MapPoint, MapPoint]] = (),
    title: str = "Map",
) -> str:
    """SVG markup of country outlines around ``points``, each drawn as a numbered dot.

    Points are numbered from 1 in the order given. ``lines`` are drawn as thin arrows
    between two points (a journey's legs). Needs the outlines ``make install`` copies.
    """
    shown = list(points)
    project = _Projection(_bbox(shown, min_span), width)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {width} {project.height}" '
        f'width="{width}" height="{project.height}" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f'<rect class="sea" x="0" y="0" width="{width}" height="{project.height}" fill="{SEA}"/>',
    ]
    labels = []
    for shape in country_shapes():
        if not project.overlaps(shape):
            continue
        d = _path(shape, project)
        if d:
            out.append(
                f'<path class="land" d="{d}" fill="{LAND}" stroke="{BORDER}" stroke-width="0.6" fill-rule="evenodd"/>'
            )
            spot = _label_spot(shape, project)
            if spot and shape.code:
                labels.append(
                    f'<text x="{spot[0]:.0f}" y="{spot[1]:.0f}" font-size="11" fill="#6b6b6b" '
                    f'text-anchor="middle">{escape(shape.code)}</text>'
                )
    out.extend(labels)
    for a, b in lines:
        (ax, ay), (bx, by) = project(a.lon, a.lat), project(b.lon, b.lat)
        out.append(
            f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="#555" stroke-width="1.2" '
            'stroke-dasharray="4 3"/>'
        )
    for number, point in enumerate(shown, start=1):
        x, y = project(point.lon, point.lat)
        colour = KIND_COLOURS.get(point.kind, POINT)
        out.append(
            f'<g class="point"><title>{escape(point.label)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="{y + 3.5:.1f}" font-size="9" fill="#ffffff" text-anchor="middle">{number}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
