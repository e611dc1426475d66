"""``ingest``: a partner's file into graded statements."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._app import app
from corridor.cli._state import state_of
from corridor.ingest import ingest_file
from corridor.model import parse_marking


@app.command()
def ingest(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, JSON Lines or FtM entities")],
    agency: Annotated[str, typer.Option("--agency", help="Originating agency code")],
    mapping: Annotated[Path | None, typer.Option("--mapping", help="FtM mapping query (YAML)")] = None,
    marking: Annotated[str | None, typer.Option("--marking", help='Grading and handling, e.g. "B2 P"')] = None,
    source: Annotated[str | None, typer.Option("--source", help="Source name (default: the file name)")] = None,
) -> None:
    """Load a file's records as statements with provenance and marking."""
    state = state_of(ctx)
    parsed = parse_marking(marking, where="--marking") if marking is not None else None
    with state.node() as node, state.progress(f"ingest {file.name}") as progress:
        principal = node.principal(state.settings.as_principal)
        report = ingest_file(
            node, principal, file, agency=agency, marking=parsed, mapping=mapping, source=source, progress=progress
        )
    data = report.as_dict()

    def human(console: object) -> None:
        from rich.console import Console

        assert isinstance(console, Console)
        console.print(
            f"{report.file}: {report.entities} entities, {report.statements} statements, {report.rejected} rejected"
        )
        for error in report.errors:
            console.print(f"  rejected: {error.describe()}")
        if report.rejects_file:
            console.print(f"  all rejects: {report.rejects_file}")

    state.emit(data, human)
