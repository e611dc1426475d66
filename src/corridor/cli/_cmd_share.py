"""``share``, ``hits``, ``watch``, ``alerts`` and ``deconflict``: working with partner nodes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from corridor.access import ensure as ensure_allowed
from corridor.cli._app import app
from corridor.cli._state import state_of
from corridor.core import InvalidInput
from corridor.share import (
    add_target,
    add_watch,
    answer_consent,
    build_bundle,
    check_consent,
    consent_requests,
    import_bundle,
    list_alerts,
    load_node_key,
    own_targets,
    pull_bundles,
    push_bundle,
    query_hits,
    read_selectors,
    refresh_alerts,
    refresh_held,
    refresh_targets,
    request_consent,
    rotate_node_key,
    visible_watches,
)

share_app = typer.Typer(help="Signed bundles to and from partner nodes; node keys; consent.", no_args_is_help=True)
consent_app = typer.Typer(help="Onward-release consent requests and answers.", no_args_is_help=True)
hits_app = typer.Typer(help="Private hit/no-hit queries against partner nodes.", no_args_is_help=True)
watch_app = typer.Typer(help="Watchlists: selectors and records to be alerted about.", no_args_is_help=True)
deconflict_app = typer.Typer(help="Targets of live operations, matched privately with partners.", no_args_is_help=True)
app.add_typer(share_app, name="share")
share_app.add_typer(consent_app, name="consent")
app.add_typer(hits_app, name="hits")
app.add_typer(watch_app, name="watch")
app.add_typer(deconflict_app, name="deconflict")

PartnerUrl = Annotated[str, typer.Option("--partner", help="Base URL of the partner node, e.g. http://127.0.0.1:8766")]


@share_app.command("keygen")
def share_keygen(
    ctx: typer.Context,
    rotate: Annotated[bool, typer.Option("--rotate", help="Retire the current key and make a new one")] = False,
) -> None:
    """Create the node's Ed25519 signing key (or rotate it) and print its public key."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        ensure_allowed(principal, "administer")
        if rotate:
            key, old = rotate_node_key(node.keys_path)
        else:
            key, old = load_node_key(node.keys_path), None
        node.audit.append(
            principal.key,
            "administration",
            {"node_key": {"key_id": key.key_id, "rotated": rotate, "retired": old.key_id if old else None}},
        )
        data = {
            "agency": node.store.node_agency,
            "key_id": key.key_id,
            "public_key": key.public_text,
            "retired_key": old.public_text if old else None,
        }
    state.emit(data, lambda c: c.print(f"public_key: {data['public_key']}"))


@share_app.command("key")
def share_key(ctx: typer.Context) -> None:
    """Print the node's public key, as partners.yml takes it."""
    state = state_of(ctx)
    with state.node() as node:
        key = load_node_key(node.keys_path)
        data = {"agency": node.store.node_agency, "key_id": key.key_id, "public_key": key.public_text}
    state.emit(data, lambda c: c.print(f"public_key: {data['public_key']}", soft_wrap=True))


@share_app.command("bundle")
def share_bundle(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", help="The partner agency, e.g. XK-KP")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the bundle (JSON Lines)")],
) -> None:
    """Write the signed bundle of what the partner may receive and has not yet received."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        summary = build_bundle(node, principal, to, out)
    assert summary is not None
    data = summary.as_dict()
    state.emit(
        data,
        lambda c: c.print(
            f"bundle {data['sequence']} for {data['recipient']}: {data['statements']} statements, "
            f"{data['withdrawals']} withdrawals, {data['judgements']} judgements -> {data['path']}"
        ),
    )


@share_app.command("import")
def share_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A partner's bundle")],
    accept_gap: Annotated[
        bool, typer.Option("--accept-gap", help="Import although earlier bundles of the sender are missing")
    ] = False,
) -> None:
    """Verify and import a partner's bundle; idempotent; exit 4 if tampered or replayed."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        summary = import_bundle(node, principal, file, accept_gap=accept_gap)
        if not summary.already_imported:
            refresh_alerts(node)
    data = summary.as_dict()
    state.emit(
        data,
        lambda c: c.print(
            f"bundle {data['sequence']} from {data['sender']}: "
            + ("already imported" if data["already_imported"] else f"{data['statements']} statements imported")
        ),
    )


@share_app.command("push")
def share_push(ctx: typer.Context, partner: PartnerUrl) -> None:
    """Build the next bundle for the partner node and send it there over HTTP."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = push_bundle(node, principal, partner)
    state.emit(data, lambda c: c.print(f"sent bundle {data['sent']['sequence']} to {data['sent']['recipient']}"))


@share_app.command("pull")
def share_pull(
    ctx: typer.Context,
    partner: PartnerUrl,
    accept_gap: Annotated[bool, typer.Option("--accept-gap", help="Accept a gap in the sequence")] = False,
) -> None:
    """Fetch and import every new bundle the partner node has for this node."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        done = pull_bundles(node, principal, partner, accept_gap=accept_gap)
    data = [s.as_dict() for s in done]
    state.emit(data, lambda c: c.print(f"{len(data)} bundles imported"))


@consent_app.command("request")
def consent_request_cmd(
    ctx: typer.Context,
    partner: PartnerUrl,
    recipient: Annotated[str, typer.Option("--for", help="The agency the data should go to")],
    statements: Annotated[list[str], typer.Argument(help="Statement ids")],
    reason: Annotated[str, typer.Option("--reason", help="Why onward release is needed")] = "",
) -> None:
    """Ask the originator's node to consent to onward release of statements."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        request = request_consent(node, principal, partner, statements, recipient, reason)
    data = request.as_dict()
    state.emit(data, lambda c: c.print(f"consent request {data['id']} sent to {data['originator']}"))


@consent_app.command("list")
def consent_list(ctx: typer.Context) -> None:
    """Consent requests this node sent and received."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        ensure_allowed(principal, "share")
        data = [r.as_dict() for r in consent_requests(node)]
    state.emit(data)


@consent_app.command("answer")
def consent_answer(
    ctx: typer.Context,
    request_id: Annotated[str, typer.Argument(help="The request id")],
    decision: Annotated[str, typer.Argument(help="grant or refuse")],
    answer: Annotated[str, typer.Option("--answer", help="The reason given to the requester")] = "",
) -> None:
    """Grant or refuse a partner's request (as the originator); a grant re-grades the data."""
    state = state_of(ctx)
    if decision not in ("grant", "refuse"):
        raise InvalidInput("decision must be grant or refuse")
    with state.acting() as (node, principal):
        request = answer_consent(node, principal, request_id, grant=decision == "grant", answer=answer)
    data = request.as_dict()
    state.emit(data, lambda c: c.print(f"consent request {data['id']}: {data['status']}"))


@consent_app.command("check")
def consent_check(ctx: typer.Context, partner: PartnerUrl, request_id: Annotated[str, typer.Argument()]) -> None:
    """Fetch the originator's answer to a request this node sent."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        request = check_consent(node, principal, partner, request_id)
    data = request.as_dict()
    state.emit(data, lambda c: c.print(f"consent request {data['id']}: {data['status']}"))


@hits_app.command("query")
def hits_query(
    ctx: typer.Context,
    partner: PartnerUrl,
    selectors: Annotated[Path, typer.Option("--selectors", help="File of KIND:VALUE lines")],
    set_name: Annotated[str, typer.Option("--set", help="held (data) or targets (deconfliction)")] = "held",
) -> None:
    """Ask a partner node which of these selectors it holds, revealing none of the others."""
    state = state_of(ctx)
    keys = read_selectors(selectors)
    with state.acting() as (node, principal):
        answer = query_hits(node, principal, partner, keys, set_name=set_name)
    data = answer.as_dict()

    def human(console: Console) -> None:
        console.print(f"{len(data['hits'])} of {data['asked']} selectors held by {data['partner']}")
        for hit in data["hits"]:
            console.print(f"  {hit}")
        if data["hits"]:
            console.print(f"contact: {data['contact'] or '(none listed)'}")

    state.emit(data, human)


@hits_app.command("refresh")
def hits_refresh(ctx: typer.Context) -> None:
    """Bring this node's blinded selector sets up to date (only new values are computed)."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        ensure_allowed(principal, "share")
        held = refresh_held(node)
        targets = refresh_targets(node)
    data = {
        "held": {"added": held.added, "removed": held.removed},
        "targets": {"added": targets.added, "removed": targets.removed},
    }
    state.emit(
        data, lambda c: c.print(f"held: +{held.added} -{held.removed}; targets: +{targets.added} -{targets.removed}")
    )


@watch_app.command("add")
def watch_add(
    ctx: typer.Context, target: Annotated[str, typer.Argument(help="KIND:VALUE selector or a record id")]
) -> None:
    """Watch a selector or a record (a person after resolution) for your agency."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        watch = add_watch(node, principal, target)
    data = watch.as_dict()
    state.emit(data, lambda c: c.print(f"watch {data['id']}: {data['kind']} {data['target']}"))


@watch_app.command("list")
def watch_list(ctx: typer.Context) -> None:
    """The watches of your agency."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        data = [w.as_dict() for w in visible_watches(node, principal)]
    state.emit(data)


@app.command("alerts")
def alerts(
    ctx: typer.Context,
    refresh: Annotated[bool, typer.Option("--refresh", help="Check new statements against watches first")] = False,
) -> None:
    """Alerts for your agency: watch matches, hits on your data, deconfliction matches."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        ensure_allowed(principal, "read")
        if refresh:
            refresh_alerts(node)
        data = list_alerts(node, principal)
        node.audit.append(principal.key, "consultation", {"purpose": "alerts", "alerts": len(data)})

    def table(console: Console) -> None:
        out = Table("id", "kind", "ref", "entity", "partner", "detail", "time")
        for a in data:
            out.add_row(
                str(a["id"]),
                a["kind"],
                a["ref"],
                a["entity_id"] or "",
                a["partner"] or "",
                a["detail"][:60],
                a["created_at"],
            )
        console.print(out)

    state.emit(data, table)


@deconflict_app.command("add")
def deconflict_add(
    ctx: typer.Context,
    selector: Annotated[str, typer.Argument(help="KIND:VALUE selector of a target")],
    operation: Annotated[str, typer.Option("--operation", help="The live operation it belongs to")],
) -> None:
    """Register a target of a live operation for deconfliction with partners."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        tid = add_target(node, principal, selector, operation)
    state.emit({"id": tid}, lambda c: c.print(f"target {tid} registered"))


@deconflict_app.command("check")
def deconflict_check(
    ctx: typer.Context,
    partner: PartnerUrl,
    selectors: Annotated[Path | None, typer.Option("--selectors", help="Targets to check (default: all yours)")] = None,
) -> None:
    """Match your live targets privately with a partner's; both sides are alerted on a match."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        keys = read_selectors(selectors) if selectors else own_targets(node, principal.agency)
        answer = query_hits(node, principal, partner, keys, set_name="targets")
    data = answer.as_dict()
    state.emit(
        data,
        lambda c: c.print(f"{len(data['hits'])} targets shared with {data['partner']}; contact: {data['contact']}"),
    )
