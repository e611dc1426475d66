"""``serve``: the node's API and web UI over HTTP; ``token``: a bearer token for scripts."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from corridor.access import Node, ensure
from corridor.api import APP_FACTORY, SETTINGS_ENV, create_app, create_token
from corridor.cli._app import app
from corridor.cli._state import state_of
from corridor.core import FieldError, InvalidInput


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on")] = 8765,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=16, help="Server processes (one per CPU core answers most)")
    ] = 1,
) -> None:
    """Serve the API and the web UI."""
    state = state_of(ctx)
    Node.open(state.settings).close()  # fail fast, with the one-line error, before the server starts
    level = state.settings.log_level.lower()
    if workers == 1:
        uvicorn.run(create_app(state.settings), host=host, port=port, log_level=level)
        return
    # Worker processes build their app from an import string; the settings go in the environment.
    os.environ[SETTINGS_ENV] = state.settings.model_dump_json()
    uvicorn.run(APP_FACTORY, factory=True, workers=workers, host=host, port=port, log_level=level)


@app.command()
def token(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="The user the token acts as, AGENCY/username")],
    label: Annotated[str, typer.Option("--label", help="What the token is for")] = "",
    days: Annotated[int, typer.Option("--days", min=1, max=366, help="Days until it expires")] = 90,
) -> None:
    """Create a bearer token for the API (printed once; only its hash is kept)."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        ensure(principal, "administer")
        agency, _, username = user.partition("/")
        if f"{agency.upper()}/{username}" not in node.store.users():
            raise InvalidInput("unknown user", errors=[FieldError("not in partners.yml", field="user", value=user)])
        secret, info = create_token(node.store, f"{agency.upper()}/{username}", label=label, days=days)
        node.audit.append(principal.key, "administration", {"token": info.id[:12]})
    state.emit(
        {"user": info.user_key, "token": secret, "expires_at": info.expires_at},
        lambda console: console.print(secret),
    )
