"""``analyse routes`` and the ``geojson``/``kml`` exports: the route, as the principal may see it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from corridor.access import Node
from corridor.cli._app import analyse_app
from corridor.cli._cmd_export import register_exporter
from corridor.cli._state import state_of
from corridor.core import FieldError, InvalidInput
from corridor.geo import analyse_routes, route_data, route_features, write_geojson, write_kml
from corridor.model import Principal


def _parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            "bad date", errors=[FieldError("expected YYYY-MM-DD", field="--shift-on", value=text)]
        ) from None


def _human(data: dict[str, Any]) -> Any:
    def draw(console: Console) -> None:
        console.print(
            f"{data['observations']} observations, {data['legs']} legs, {len(data['unresolved'])} unresolved names"
        )
        flows: dict[tuple[str, str], int] = {}
        for row in data["country_flows"]:
            flows[(row["from"], row["to"])] = flows.get((row["from"], row["to"]), 0) + row["legs"]
        table = Table("from", "to", "legs", title="Flows between countries (all months)")
        for (a, b), n in sorted(flows.items(), key=lambda kv: -kv[1])[:20]:
            table.add_row(a, b, str(n))
        console.print(table)
        spots = Table("month", "cell", "lat", "lon", "events", "persons", title="Busiest hotspots")
        for row in sorted(data["hotspots"], key=lambda r: -r["persons"])[:10]:
            spots.add_row(
                row["month"], row["cell"], str(row["lat"]), str(row["lon"]), str(row["events"]), str(row["persons"])
            )
        console.print(spots)
        for row in data["unresolved"][:10]:
            console.print(
                f"unresolved: {row['name']!r} ({row['country'] or '?'}) in {row['events']} event(s)", markup=False
            )

    return draw


@analyse_app.command("routes")
def routes(
    ctx: typer.Context,
    resolution: Annotated[int, typer.Option("--resolution", min=0, max=15, help="H3 resolution of hotspots")] = 6,
    shift_on: Annotated[
        str | None, typer.Option("--shift-on", help="Compare the route before/after this date (YYYY-MM-DD)")
    ] = None,
    shift_days: Annotated[int, typer.Option("--shift-days", min=1, help="Days either side of --shift-on")] = 90,
    no_published: Annotated[bool, typer.Option("--no-published", help="Leave out the published statistics")] = False,
) -> None:
    """Flows between countries and crossing points, hotspots by month, organisations' routes."""
    state = state_of(ctx)
    on = _parse_day(shift_on)
    with state.acting() as (node, principal):
        view = node.view(principal, purpose="routes", objects={"resolution": resolution, "shift_on": shift_on})
        data = analyse_routes(
            view, resolution=resolution, shift_on=on, shift_days=shift_days, published=not no_published
        )
    state.emit(data, _human(data))


def _export_map(writer: Any, fmt: str) -> Any:
    def export(node: Node, principal: Principal, path: Path) -> dict[str, Any]:
        view = node.view(principal, purpose="export", objects={"format": fmt, "out": str(path)})
        summary: dict[str, Any] = writer(route_features(route_data(view)), path)
        return summary

    return export


register_exporter("geojson", _export_map(write_geojson, "geojson"))
register_exporter("kml", _export_map(write_kml, "kml"))

__all__ = ["routes"]
