"""An SVG link chart: a small network laid out with igraph, nodes coloured by FtM schema.

The layout is Kamada-Kawai started from a circle, so the same network always gives the
same picture (no random seed to carry). The centre node, if named, starts in the middle
and is drawn larger; a legend names the schema of each colour. Labels are escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import igraph as ig  # type: ignore[import-untyped]  # no stubs upstream

SCHEMA_COLOURS = {
    "Person": "#2e86de",
    "Organization": "#e67e22",
    "Company": "#e67e22",
    "LegalEntity": "#e67e22",
    "Vehicle": "#8e44ad",
    "Vessel": "#8e44ad",
    "Phone": "#16a085",
    "BankAccount": "#d4ac0d",
    "Address": "#7f8c8d",
    "Passport": "#5d6d7e",
    "Identification": "#5d6d7e",
}
OTHER = "#95a5a6"


@dataclass(frozen=True, slots=True)
class ChartNode:
    """One entity on the chart."""

    id: str
    label: str
    schema: str


@dataclass(frozen=True, slots=True)
class ChartEdge:
    """One link between two nodes, with its type (``associate``, ``member``, ``call``…)."""

    source: str
    target: str
    label: str = ""


def _layout(
    nodes: Sequence[ChartNode], edges: Sequence[tuple[int, int]], centre: int | None
) -> list[tuple[float, float]]:
    n = len(nodes)
    if n == 1:
        return [(0.0, 0.0)]
    seed = [(math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i in range(n)]
    if centre is not None:
        seed[centre] = (0.0, 0.0)
    graph = ig.Graph(n=n, edges=list(edges))
    coords = graph.layout_kamada_kawai(seed=seed, maxiter=50 * n)
    return [(float(x), float(y)) for x, y in coords]


def svg_chart(
    nodes: Iterable[ChartNode],
    edges: Iterable[ChartEdge],
    *,
    centre: str | None = None,
    width: int = 720,
    height: int = 480,
    title: str = "Link chart",
) -> str:
    """SVG markup of the network: nodes coloured by schema, edges labelled by link type."""
    shown = list(nodes)
    index = {node.id: i for i, node in enumerate(shown)}
    links = [e for e in edges if e.source in index and e.target in index and e.source != e.target]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if not shown:
        out.append("</svg>")
        return "".join(out)
    coords = _layout(shown, [(index[e.source], index[e.target]) for e in links], index.get(centre or ""))
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    left, top = 60.0, 40.0
    inner_w, inner_h = width - 2 * left, height - 2 * top - 40
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0

    def place(i: int) -> tuple[float, float]:
        if len(shown) == 1:
            return width / 2, height / 2
        return left + (coords[i][0] - min(xs)) / span_x * inner_w, top + (coords[i][1] - min(ys)) / span_y * inner_h

    for e in links:
        (ax, ay), (bx, by) = place(index[e.source]), place(index[e.target])
        out.append(
            f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="#9aa5b1" stroke-width="1.4"/>'
        )
        if e.label:
            out.append(
                f'<text x="{(ax + bx) / 2:.1f}" y="{(ay + by) / 2 - 2:.1f}" font-size="8" fill="#6b7785" '
                f'text-anchor="middle">{escape(e.label)}</text>'
            )
    for i, node in enumerate(shown):
        x, y = place(i)
        big = node.id == centre
        colour = SCHEMA_COLOURS.get(node.schema, OTHER)
        stroke = 'stroke="#1b2631" stroke-width="3"' if big else 'stroke="#ffffff" stroke-width="1.5"'
        label = node.label if len(node.label) <= 32 else node.label[:31] + "…"
        out.append(
            f'<g class="node"><title>{escape(node.schema)}: {escape(node.label)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{14 if big else 9}" fill="{colour}" {stroke}/>'
            f'<text x="{x:.1f}" y="{y + (26 if big else 21):.1f}" font-size="{11 if big else 9}" fill="#1b2631" '
            f'text-anchor="middle">{escape(label)}</text></g>'
        )
    x = 10.0
    for schema in sorted({node.schema for node in shown}):
        out.append(
            f'<circle class="legend" cx="{x + 5:.0f}" cy="{height - 10}" r="5" fill="{SCHEMA_COLOURS.get(schema, OTHER)}"/>'
            f'<text x="{x + 13:.0f}" y="{height - 7}" font-size="9" fill="#1b2631">{escape(schema)}</text>'
        )
        x += 20 + 6 * len(schema)
    out.append("</svg>")
    return "".join(out)
