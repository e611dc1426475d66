"""``export``: what the principal may see, in a partner tool's format.

Formats register themselves in ``EXPORTERS`` from their own command modules
(``register_exporter("geojson", …)``), so this command never grows a list of them; the
exchange formats (``corridor.exchange.WRITERS``) register here. Whatever the format, the
command records the disclosure once the file is written (``record_disclosure``), so no
exporter can forget it; likewise the right to export is checked here for every format.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from corridor.access import Node, ensure
from corridor.cli._app import app
from corridor.cli._state import state_of
from corridor.core import FieldError, InvalidInput
from corridor.exchange import WRITERS, record_disclosure, write_export
from corridor.model import Principal

Exporter = Callable[[Node, Principal, Path], dict[str, Any]]
"""Writes the export to the path and returns a summary (counts) for ``--json``."""

EXPORTERS: dict[str, Exporter] = {}


def register_exporter(name: str, exporter: Exporter) -> None:
    """Make ``corridor export --format NAME`` call ``exporter``."""
    EXPORTERS[name] = exporter


def _exchange_exporter(fmt: str) -> Exporter:
    def export(node: Node, principal: Principal, out: Path) -> dict[str, Any]:
        return write_export(node, principal, fmt, out)

    return export


for _name in WRITERS:
    register_exporter(_name, _exchange_exporter(_name))


@app.command()
def export(
    ctx: typer.Context,
    format_: Annotated[
        str,
        typer.Option(
            "--format", help="ftm, csv (a directory), xlsx, stix, misp, anx, graphml, gexf, geojson, kml, clusters"
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="File to write")],
) -> None:
    """Export what you may see, with every fact's marking."""
    state = state_of(ctx)
    exporter = EXPORTERS.get(format_)
    if exporter is None:
        known = ", ".join(sorted(EXPORTERS)) or "none"
        raise InvalidInput(
            "unknown export format", errors=[FieldError(f"known formats: {known}", field="--format", value=format_)]
        )
    if not out.parent.exists():
        raise InvalidInput(f"cannot write {out}: directory {out.parent} does not exist")
    with state.acting() as (node, principal):
        ensure(principal, "export")
        summary = exporter(node, principal, out)
        record_disclosure(node, principal, format_, out, summary)
    data = {"format": format_, "out": str(out), **summary}
    state.emit(data, lambda c: c.print(f"wrote {out} ({', '.join(f'{k} {v}' for k, v in summary.items())})"))
