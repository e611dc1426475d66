"""``scenario generate``: a synthetic Western Balkan world, each agency's files, and the truth."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from corridor.cli._app import scenario_app
from corridor.cli._state import state_of
from corridor.scenario import generate


@scenario_app.command("generate")
def scenario_generate(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Directory to write the scenario into")],
    size: Annotated[str, typer.Option("--size", help="tiny, demo or large")] = "demo",
    people: Annotated[int | None, typer.Option("--people", help="Number of true persons (overrides the size)")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes")] = 7,
) -> None:
    """Write a synthetic scenario: per-agency files, mappings, manifest.json, partners.yml, truth."""
    state = state_of(ctx)
    summary = generate(out, size=size, people=people, seed=seed)

    def human(console: Console) -> None:
        console.print(f"scenario written to {out}")
        for key, value in summary.items():
            if isinstance(value, int | str):
                console.print(f"  {key}: {value}")

    state.emit(summary, human)
