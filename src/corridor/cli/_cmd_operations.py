"""``operation``: joint operations from planning to their measured effect (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from corridor.cli._app import app
from corridor.cli._state import state_of
from corridor.core import InvalidInput
from corridor.operations import (
    acknowledge,
    add_targets,
    advance,
    approve,
    assign,
    conflicts,
    create_operation,
    deconflict,
    effect,
    get_operation,
    list_operations,
    outcomes,
    received_tasks,
    record_outcome,
    targets,
    task,
    timeline,
    write_report,
)

operation_app = typer.Typer(
    help="Joint operations: plan, deconflict, approve, task, outcomes, effect.", no_args_is_help=True
)
target_app = typer.Typer(help="An operation's targets.", no_args_is_help=True)
app.add_typer(operation_app, name="operation")
operation_app.add_typer(target_app, name="target")

Code = Annotated[str, typer.Argument(help="The operation's code, e.g. OP-HARBOUR")]


@operation_app.command("create")
def operation_create(
    ctx: typer.Context,
    code: Code,
    name: Annotated[str, typer.Option("--name", help="A name for the operation")],
    partners: Annotated[str, typer.Option("--partners", help="Comma-separated partner agencies")],
    legal_basis: Annotated[str, typer.Option("--legal-basis", help="The legal basis of the joint action")],
    compartment: Annotated[str, typer.Option("--compartment", help="An operation code of partners.yml")],
) -> None:
    """Open an operation in planning, led by this node's agency."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        op = create_operation(
            node,
            principal,
            code=code,
            name=name,
            partners=partners.split(","),
            legal_basis=legal_basis,
            compartment=compartment,
        )
    state.emit(op.as_dict(), lambda c: c.print(f"operation {op.code} ({op.status}) with {', '.join(op.partners)}"))


@operation_app.command("list")
def operation_list(ctx: typer.Context) -> None:
    """The operations you may see."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = [op.as_dict() for op in list_operations(node, principal)]

    def human(console: Console) -> None:
        for op in data:
            console.print(f"{op['code']}  {op['status']:<10} {op['name']} (lead {op['lead']})")

    state.emit(data, human)


@operation_app.command("show")
def operation_show(ctx: typer.Context, code: Code) -> None:
    """An operation with its targets, conflicts and timeline."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = get_operation(node, principal, code).as_dict()
        data["targets"] = [t.as_dict() for t in targets(node, principal, code)]
        data["conflicts"] = [c.as_dict() for c in conflicts(node, principal, code)]
        data["timeline"] = timeline(node, principal, code)
    state.emit(data)


@operation_app.command("status")
def operation_status(
    ctx: typer.Context,
    code: Code,
    to: Annotated[str | None, typer.Option("--to", help="action_day, follow_up or closed")] = None,
) -> None:
    """Show the status, or move it on (approval is `operation approve`)."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        op = advance(node, principal, code, to) if to else get_operation(node, principal, code)
        data = {"operation": op.code, "status": op.status, "action_at": op.action_at}
    state.emit(data, lambda c: c.print(f"{data['operation']}: {data['status']}"))


@target_app.command("add")
def operation_target_add(
    ctx: typer.Context,
    code: Code,
    key_players: Annotated[int | None, typer.Option("--key-players", help="The top N key players")] = None,
    community: Annotated[str | None, typer.Option("--community", help="Every member of community N")] = None,
    disruption: Annotated[int | None, typer.Option("--disruption", help="The N a greedy disruption removes")] = None,
    entity: Annotated[str | None, typer.Option("--entity", help="One person by id")] = None,
    action: Annotated[str, typer.Option("--action", help="arrest, search, seizure or freeze")] = "arrest",
    country: Annotated[
        str | None, typer.Option("--country", help="Where the action happens (default: the person's)")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Plan on the network as known on this date (YYYY-MM-DD)")
    ] = None,
) -> None:
    """Add targets from the network analysis (give exactly one source)."""
    chosen = [
        (s, v)
        for s, v in (
            ("key-players", key_players),
            ("community", community),
            ("disruption", disruption),
            ("entity", entity),
        )
        if v is not None
    ]
    if len(chosen) != 1:
        raise InvalidInput("give exactly one of --key-players, --community, --disruption, --entity")
    state = state_of(ctx)
    with state.acting() as (node, principal):
        added = add_targets(
            node, principal, code, source=chosen[0][0], value=chosen[0][1], action=action, country=country, as_of=as_of
        )
        data = [t.as_dict() for t in added]

    def human(console: Console) -> None:
        for t in data:
            console.print(f"{t['entity_id']}  {t['label']}  → {t['assigned_to'] or '?'} ({t['reason']})")

    state.emit(data, human)


@operation_app.command("deconflict")
def operation_deconflict(
    ctx: typer.Context,
    code: Code,
    partner: Annotated[list[str], typer.Option("--partner", help="Base URL of a partner node (repeat)")],
) -> None:
    """Match the targets' selectors privately against each partner's live targets."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = deconflict(node, principal, code, partner)
        data["open"] = [c.as_dict() for c in conflicts(node, principal, code) if not c.settled]
    state.emit(data)


@operation_app.command("acknowledge")
def operation_acknowledge(
    ctx: typer.Context, conflict: Annotated[int, typer.Argument(help="The conflict number")]
) -> None:
    """Acknowledge a deconfliction conflict for your agency (the lead or the matched partner)."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = acknowledge(node, principal, conflict).as_dict()
    state.emit(data)


@operation_app.command("approve")
def operation_approve(
    ctx: typer.Context,
    code: Code,
    action_at: Annotated[str, typer.Option("--action-at", help="The synchronised start, e.g. 2024-06-01T04:00:00Z")],
) -> None:
    """Approve: needs a deconfliction after the last targets and every conflict acknowledged."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = approve(node, principal, code, action_at=action_at)
    state.emit(data)


@operation_app.command("task")
def operation_task(
    ctx: typer.Context,
    code: Code,
    out: Annotated[Path | None, typer.Option("--out", help="Directory for the partners' bundles")] = None,
    assign_to: Annotated[str | None, typer.Option("--assign", help="TARGET=AGENCY[:ACTION] instead of tasking")] = None,
) -> None:
    """Task the partners (write tasks, then a signed bundle per partner), or reassign one target."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        if assign_to:
            target, _, rest = assign_to.partition("=")
            agency, _, action = rest.partition(":")
            data: object = assign(node, principal, code, target, agency=agency, action=action or None).as_dict()
        else:
            if out is None:
                raise InvalidInput("give --out DIR for the bundles")
            data = [t.as_dict() for t in task(node, principal, code, out)]
    state.emit(data)


@operation_app.command("tasks")
def operation_tasks(ctx: typer.Context, code: Code) -> None:
    """The tasks this (partner) node received for an operation."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = received_tasks(node, principal, code)
    state.emit(data)


@operation_app.command("outcome")
def operation_outcome(
    ctx: typer.Context,
    code: Code,
    target: Annotated[str, typer.Option("--target", help="The target's id, as in the task")],
    result: Annotated[str, typer.Option("--result", help="arrested, not_found, searched, seized or frozen")],
    lead: Annotated[str, typer.Option("--lead", help="The lead agency to report to")],
    compartment: Annotated[str, typer.Option("--compartment", help="The operation's compartment")],
    detail: Annotated[str, typer.Option("--detail", help="What was found or seized")] = "",
    amount_eur: Annotated[float | None, typer.Option("--amount-eur", help="Money seized or frozen")] = None,
) -> None:
    """Record an outcome on this (partner) node, released to the lead only; send it with `share bundle`."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = record_outcome(
            node,
            principal,
            code,
            target,
            result,
            lead=lead,
            compartment=compartment,
            detail=detail,
            amount_eur=amount_eur,
        ).as_dict()
    state.emit(data)


@operation_app.command("outcomes")
def operation_outcomes(ctx: typer.Context, code: Code) -> None:
    """The outcomes the lead has received."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = [o.as_dict() for o in outcomes(node, principal, code)]
    state.emit(data)


@operation_app.command("timeline")
def operation_timeline(ctx: typer.Context, code: Code) -> None:
    """The synchronised timeline: UTC and every partner's local time."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = timeline(node, principal, code)

    def human(console: Console) -> None:
        for e in data:
            local = "  ".join(f"{a} {t}" for a, t in e["local"].items())
            console.print(f"{e['at']}  {local}  {e['agency']}: {e['text']}")

    state.emit(data, human)


@operation_app.command("effect")
def operation_effect(
    ctx: typer.Context,
    code: Code,
    out: Annotated[Path | None, typer.Option("--out", help="Write the report (.html or .pdf)")] = None,
) -> None:
    """Compare the network before and after the action day; optionally write the report."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = write_report(node, principal, code, out) if out else effect(node, principal, code)
    state.emit(data)
