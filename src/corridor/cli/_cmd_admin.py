"""``init``, ``partners load`` and ``audit verify``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from corridor.access import Node
from corridor.access import ensure as ensure_allowed
from corridor.cli._app import app, audit_app, partners_app
from corridor.cli._state import state_of
from corridor.core import FieldError, InvalidInput


@app.command()
def init(
    ctx: typer.Context,
    agency: Annotated[str | None, typer.Option("--agency", help="The node's own agency code, e.g. GB-NCA")] = None,
) -> None:
    """Create or upgrade the store and set the node's own agency."""
    state = state_of(ctx)
    if agency is not None and not agency.strip():
        raise InvalidInput("bad agency", errors=[FieldError("empty agency code", field="--agency")])
    with Node.initialise(state.settings, agency) as node:
        data = {"db": state.settings.db, "agency": node.store.node_agency, "keys": str(node.keys_path)}
    state.emit(data, lambda c: c.print(f"corridor store ready at {data['db']} (agency {data['agency'] or 'not set'})"))


@partners_app.command("load")
def partners_load(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="partners.yml")],
) -> None:
    """Load agencies, users, roles and agreements from a YAML file."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        parsed = node.load_partners(principal, file)
    data = {
        "agencies": len(parsed.agencies),
        "users": len(parsed.users),
        "operations": len(parsed.operations),
        "agreements": len(parsed.agreements),
    }
    state.emit(data, lambda c: c.print(", ".join(f"{v} {k}" for k, v in data.items()) + " loaded"))


@audit_app.command("verify")
def audit_verify(ctx: typer.Context) -> None:
    """Check the tamper-evident audit log; exit 4 if it is broken."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        ensure_allowed(principal, "audit")
        result = node.audit.ensure_intact()
    data = {"intact": True, "events": result.events}
    state.emit(data, lambda c: c.print(f"audit chain intact: {result.events} events"))


@audit_app.command("log")
def audit_log(
    ctx: typer.Context,
    since: Annotated[int, typer.Option(help="Show events after this sequence number")] = 0,
    limit: Annotated[int, typer.Option(help="At most this many events")] = 50,
) -> None:
    """Show audit events (auditors and admins)."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        ensure_allowed(principal, "audit")
        events = list(node.audit.events(since=since, limit=limit))
    rows = [
        {
            "seq": e.seq,
            "ts": e.ts,
            "principal": e.principal,
            "action": e.action,
            "objects": e.objects,
            "justification": e.justification,
        }
        for e in events
    ]

    def table(console: Console) -> None:
        out = Table("seq", "time", "principal", "action", "objects")
        for r in rows:
            out.add_row(str(r["seq"]), str(r["ts"]), str(r["principal"]), str(r["action"]), str(r["objects"])[:80])
        console.print(out)

    state.emit(rows, table)
