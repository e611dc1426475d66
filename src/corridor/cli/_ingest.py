"""``ingest``: a partner's file into graded statements."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._app import app
from corridor.cli._state import state_of
from corridor.core import FieldError, InvalidInput
from corridor.exchange import IMPORT_FORMATS, import_file
from corridor.ingest import ingest_file
from corridor.model import parse_marking


@app.command()
def ingest(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, JSON Lines, FtM entities, a STIX bundle or a MISP event")],
    agency: Annotated[str, typer.Option("--agency", help="Originating agency code")],
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="FtM mapping query (YAML); none for FtM entity files")
    ] = None,
    marking: Annotated[str | None, typer.Option("--marking", help='Grading and handling, e.g. "B2 P"')] = None,
    source: Annotated[str | None, typer.Option("--source", help="Source name (default: the file name)")] = None,
    marking_column: Annotated[
        str | None, typer.Option("--marking-column", help="Column holding each row's marking (overrides --marking)")
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="stix, misp or ftm: a partner's exchange file, markings taken from it (see docs/exchange.md)",
        ),
    ] = None,
    column_marking: Annotated[
        list[str] | None,
        typer.Option(
            "--column-marking", help='COLUMN=MARKING: a marking for one column\'s values, e.g. tel="A1 C conditions=x"'
        ),
    ] = None,
) -> None:
    """Load a file's records as statements with provenance and marking.

    Rows that cannot be used go to FILE.rejects.jsonl; a file that cannot be read fails
    before anything is written (see docs/mappings.md).
    """
    state = state_of(ctx)
    parsed = parse_marking(marking, where="--marking") if marking is not None else None
    per_column = {}
    for item in column_marking or []:
        column, sep, text = item.partition("=")
        if not sep or not column.strip():
            raise InvalidInput(
                "bad --column-marking",
                errors=[FieldError("expected COLUMN=MARKING", field="--column-marking", value=item)],
            )
        per_column[column.strip()] = parse_marking(text, where=f"--column-marking {column.strip()}")
    if format_ is not None and format_ not in IMPORT_FORMATS:
        known = ", ".join(sorted(IMPORT_FORMATS))
        raise InvalidInput(
            "unknown import format", errors=[FieldError(f"known: {known}", field="--format", value=format_)]
        )
    if format_ is not None and (mapping is not None or marking_column or per_column):
        raise InvalidInput(
            "an exchange file needs no mapping",
            errors=[FieldError("--format takes no --mapping, --marking-column or --column-marking", field="--format")],
        )
    if format_ is not None:
        with state.acting() as (node, principal):
            report = import_file(node, principal, file, fmt=format_, agency=agency, marking=parsed, source=source)
    else:
        with state.acting() as (node, principal), state.progress(f"ingest {file.name}") as progress:
            report = ingest_file(
                node,
                principal,
                file,
                agency=agency,
                marking=parsed,
                mapping=mapping,
                source=source,
                progress=progress,
                marking_column=marking_column,
                column_markings=per_column or None,
            )
    data = report.as_dict()

    def human(console: object) -> None:
        from rich.console import Console

        assert isinstance(console, Console)
        skipped = f", {report.skipped} filtered out" if report.skipped else ""
        console.print(
            f"{report.file}: {report.rows} rows, {report.entities} entities, {report.statements} statements, "
            f"{report.rejected} rejected{skipped} ({report.seconds:.1f} s)"
        )
        if report.details:
            console.print("  read as " + ", ".join(f"{k} {v!r}" for k, v in report.details.items()))
        for error in report.errors:
            console.print(f"  rejected: {error.describe()}")
        if report.rejects_file:
            console.print(f"  all rejects: {report.rejects_file}")

    state.emit(data, human)
