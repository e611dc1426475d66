"""``report target`` and ``report network``: intelligence reports as HTML or PDF files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from corridor.cli._app import app
from corridor.cli._state import state_of
from corridor.core import FieldError, InvalidInput
from corridor.report import Report, network_report, target_report

report_app = typer.Typer(help="Intelligence reports (HTML or PDF), each an audited disclosure.", no_args_is_help=True)
app.add_typer(report_app, name="report")

Justification = Annotated[
    str, typer.Option("--justification", help="Why the report is produced (kept in the audit log)")
]
OutFile = Annotated[Path, typer.Option("--out", help="FILE.html or FILE.pdf (the format follows the suffix)")]


def _emit(ctx: typer.Context, report: Report) -> None:
    data = {**report.summary, "banner": report.banner.text, "caveats": list(report.banner.caveats)}

    def draw(console: Console) -> None:
        s = report.summary
        console.print(f"wrote {s['out']} ({s['format']}, {s['facts']} graded facts)", markup=False)
        console.print(report.banner.text, style="bold", markup=False)
        for line in report.banner.caveats:
            console.print(f"  - {line}", markup=False)

    state_of(ctx).emit(data, draw)


@report_app.command("target")
def target(
    ctx: typer.Context,
    entity_id: Annotated[str, typer.Argument(help="The target's entity id (any record of its cluster)")],
    out: OutFile,
    justification: Justification = "",
) -> None:
    """A target profile: identity, selectors, associates, events on a map and timeline, money, every fact graded."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        report = target_report(node, principal, entity_id, out=out, justification=justification)
    _emit(ctx, report)


@report_app.command("network")
def network(
    ctx: typer.Context,
    out: OutFile,
    organisation: Annotated[str | None, typer.Option("--organisation", help="An Organization's entity id")] = None,
    community: Annotated[
        int | None, typer.Option("--community", min=0, help="A community number (analyse network)")
    ] = None,
    justification: Justification = "",
) -> None:
    """A network report on one organisation or one community: members, standing, chart, map and money."""
    if (organisation is None) == (community is None):
        raise InvalidInput(
            "name exactly one of --organisation ID or --community N",
            errors=[FieldError("give one", field="--organisation/--community")],
        )
    state = state_of(ctx)
    with state.acting() as (node, principal):
        report = network_report(
            node, principal, organisation=organisation, community=community, out=out, justification=justification
        )
    _emit(ctx, report)


__all__ = ["network", "report_app", "target"]
