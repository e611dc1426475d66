"""An SVG timeline: dated items as dots on one axis, stacked where they share a day.

Items are numbered in date order, like the report's table beside it; the axis is marked
with the first day of each month (or each year, when the span is long).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from corridor.report._svgmap import KIND_COLOURS, POINT


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One dated item (``YYYY-MM-DD``; a shorter date counts from its first day)."""

    date: str
    kind: str
    label: str = ""


def _day(text: str) -> date | None:
    parts = [*text[:10].split("-"), "01", "01"][:3]
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def svg_timeline(items: Iterable[TimelineItem], *, width: int = 720, title: str = "Timeline") -> str:
    """SVG markup of the items along a date axis; undated or unreadable dates are left out."""
    dated = sorted(((d, item) for item in items if (d := _day(item.date)) is not None), key=lambda p: p[0])
    stacks: Counter[date] = Counter(d for d, _ in dated)
    height = 60 + 14 * max(stacks.values(), default=1)
    axis_y = height - 28
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f'<line x1="20" y1="{axis_y}" x2="{width - 20}" y2="{axis_y}" stroke="#1b2631" stroke-width="1"/>',
    ]
    if dated:
        first, last = dated[0][0], dated[-1][0]
        span = max((last - first).days, 1)

        def x_of(d: date) -> float:
            return 30 + (d - first).days / span * (width - 60) if last != first else width / 2

        months = (last.year - first.year) * 12 + last.month - first.month
        step = 1 if months <= 14 else 3 if months <= 40 else 12
        tick = date(first.year, first.month, 1)
        while tick <= last:
            if tick >= first:
                x = x_of(tick)
                out.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" stroke="#1b2631"/>')
                out.append(
                    f'<text x="{x:.1f}" y="{axis_y + 16}" font-size="8" text-anchor="middle" '
                    f'fill="#1b2631">{tick:%Y-%m}</text>'
                )
            month = tick.month - 1 + step
            tick = date(tick.year + month // 12, month % 12 + 1, 1)
        level: Counter[date] = Counter()
        for number, (d, item) in enumerate(dated, start=1):
            x = x_of(d)
            y = axis_y - 12 - 14 * level[d]
            level[d] += 1
            colour = KIND_COLOURS.get(item.kind, POINT) if item.kind != "payment" else KIND_COLOURS["payment"]
            out.append(
                f'<g class="item"><title>{escape(f"{item.date} {item.kind} {item.label}")}</title>'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}"/>'
                f'<text x="{x:.1f}" y="{y + 3:.1f}" font-size="7" fill="#ffffff" text-anchor="middle">{number}</text></g>'
            )
    out.append("</svg>")
    return "".join(out)
