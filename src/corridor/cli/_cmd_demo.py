"""``demo``: generate a scenario, build the hub's node, and serve its workbench."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from corridor.api import create_app
from corridor.cli._app import app
from corridor.cli._demo import build_demo
from corridor.cli._state import state_of
from corridor.core import Settings


@app.command()
def demo(
    ctx: typer.Context,
    size: Annotated[str, typer.Option("--size", help="tiny, demo or large")] = "demo",
    port: Annotated[int, typer.Option("--port", help="Port for the web UI")] = 8765,
    host: Annotated[str, typer.Option("--host", help="Address to listen on")] = "127.0.0.1",
    out: Annotated[Path, typer.Option("--out", help="Directory for the scenario and the stores")] = Path("demo"),
    seed: Annotated[int, typer.Option("--seed", help="Scenario seed")] = 7,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Build everything, then exit")] = False,
) -> None:
    """Generate a scenario, load it into a hub node, resolve, and serve the UI with a printed login."""
    state = state_of(ctx)

    def say(text: str) -> None:
        if not state.json:
            sys.stderr.write(text + "\n")

    result = build_demo(out, size=size, seed=seed, say=say)
    state.emit(
        asdict(result),
        lambda c: c.print(
            f"demo hub ready: {result.db} ({result.statements:,} statements from {result.files} files in {result.seconds} s)"
        ),
    )
    if no_serve:
        return
    login = next((lg for lg in result.logins if "analyst" in lg["roles"]), result.logins[0] if result.logins else None)
    sys.stderr.write(f"\n  corridor workbench: http://{host}:{port}/\n")
    if login:
        sys.stderr.write(f"  log in as {login['user']} with password {login['password']} (demo only)\n\n")
    settings = Settings(db=result.db)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
