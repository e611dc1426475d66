"""``serve``: the node's API and web UI over HTTP."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from corridor.access import Node
from corridor.api import create_app
from corridor.cli._app import app
from corridor.cli._state import state_of


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on")] = 8765,
) -> None:
    """Serve the API and the web UI."""
    state = state_of(ctx)
    Node.open(state.settings).close()  # fail fast, with the one-line error, before the server starts
    uvicorn.run(create_app(state.settings), host=host, port=port, log_level=state.settings.log_level.lower())
