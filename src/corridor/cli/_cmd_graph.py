"""``analyse key-players | communities | brokers | path | disrupt``.

Each command opens the door once (``node.view`` logs the consultation with its purpose)
and builds the network from that view only; ``--from/--to`` limit it to a time window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from corridor.cli._app import analyse_app
from corridor.cli._state import CliState, state_of
from corridor.core import FieldError, InvalidInput
from corridor.graph import (
    GraphCache,
    Network,
    brokers,
    communities,
    connection,
    disrupt,
    key_players,
    read_canonical,
    resolve_people,
)
from corridor.store import View

T = TypeVar("T")

Since = Annotated[str | None, typer.Option("--from", help="Only links dated on or after this day (YYYY-MM-DD)")]
Until = Annotated[str | None, typer.Option("--to", help="Only links dated on or before this day (YYYY-MM-DD)")]


def _day(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise InvalidInput("bad date", errors=[FieldError("expected YYYY-MM-DD", field=option, value=value)]) from None


def _network(view: View, since: str | None, until: str | None) -> Network:
    return GraphCache().network(view, since=_day(since, "--from"), until=_day(until, "--to"))


def _analyse(
    ctx: typer.Context,
    purpose: str,
    objects: dict[str, Any],
    window: tuple[str | None, str | None],
    analysis: Callable[[Network, View], T],
) -> tuple[CliState, T]:
    """Open the door once for ``purpose`` (logged with ``objects``) and run ``analysis``
    on the network of what the acting principal may see in the time ``window``."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        view = node.view(principal, purpose=purpose, objects=objects)
        return state, analysis(_network(view, *window), view)


@analyse_app.command("key-players")
def key_players_cmd(
    ctx: typer.Context,
    top: Annotated[int, typer.Option("--top", min=1, help="How many people to list")] = 20,
    since: Since = None,
    until: Until = None,
) -> None:
    """The people who hold the network together, each with the reasons for their place."""
    state, data = _analyse(
        ctx,
        "key-players",
        {"top": top, "from": since, "to": until},
        (since, until),
        lambda network, _: key_players(network, top=top),
    )

    def draw(console: Console) -> None:
        table = Table("rank", "name", "id", "score", "why", title="Key players")
        for row in data:
            table.add_row(str(row["rank"]), row["name"], row["id"], f"{row['score']:.3f}", row["why"]["summary"])
        console.print(table)

    state.emit(data, draw)


@analyse_app.command("communities")
def communities_cmd(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
) -> None:
    """Cells (Leiden communities) with their countries and brokers."""
    state, data = _analyse(
        ctx, "communities", {"from": since, "to": until}, (since, until), lambda network, _: communities(network)
    )

    def draw(console: Console) -> None:
        table = Table("id", "size", "countries", "brokers", title="Communities")
        for row in data:
            table.add_row(str(row["id"]), str(row["size"]), ", ".join(row["countries"]), ", ".join(row["brokers"]))
        console.print(table)

    state.emit(data, draw)


@analyse_app.command("brokers")
def brokers_cmd(
    ctx: typer.Context,
    top: Annotated[int, typer.Option("--top", min=1, help="How many brokers to list")] = 50,
    since: Since = None,
    until: Until = None,
) -> None:
    """People between cells, across borders, and money people serving several groups."""
    state, data = _analyse(
        ctx,
        "brokers",
        {"top": top, "from": since, "to": until},
        (since, until),
        lambda network, _: brokers(network, top=top),
    )

    def draw(console: Console) -> None:
        table = Table("name", "id", "kinds", "why", title="Brokers")
        for row in data:
            table.add_row(row["name"], row["id"], ", ".join(row["kinds"]), row["why"])
        console.print(table)

    state.emit(data, draw)


@analyse_app.command("path")
def path_cmd(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Entity id (or phone number) to start from")],
    target: Annotated[str, typer.Argument(help="Entity id (or phone number) to reach")],
    k: Annotated[int, typer.Option("--k", min=1, max=10, help="How many shortest paths")] = 3,
    since: Since = None,
    until: Until = None,
) -> None:
    """How two entities are connected: shortest paths, with the statements behind each link."""
    state, data = _analyse(
        ctx,
        "path",
        {"from": source, "to": target, "k": k},
        (since, until),
        lambda network, view: connection(network, view, source, target, k=k),
    )

    def draw(console: Console) -> None:
        if not data["paths"]:
            console.print(f"{source} and {target} are not connected in what you may see")
        for i, path in enumerate(data["paths"], start=1):
            console.print(f"path {i} ({path['length']} links): " + " → ".join(n["name"] for n in path["nodes"]))
            for hop in path["hops"]:
                for link in hop["links"]:
                    facts = "; ".join(f"{s['prop']}={s['value']} [{s['origin']}]" for s in link.get("statements", []))
                    console.print(f"    {hop['from']} – {hop['to']}: {link['kind']} ({link['record']}) {facts}")

    state.emit(data, draw)


@analyse_app.command("disrupt")
def disrupt_cmd(
    ctx: typer.Context,
    remove: Annotated[str | None, typer.Option("--remove", help="Comma-separated ids of people to remove")] = None,
    greedy: Annotated[int | None, typer.Option("--greedy", min=1, help="Let corridor choose the best K people")] = None,
    since: Since = None,
    until: Until = None,
) -> None:
    """What removing people does: components, efficiency, fragmentation, who takes over."""
    if (remove is None) == (greedy is None):
        raise InvalidInput(
            "choose who to remove", errors=[FieldError("give --remove ID,… or --greedy K", field="--remove")]
        )
    ids = [i.strip() for i in (remove or "").split(",") if i.strip()]

    def run(network: Network, view: View) -> dict[str, Any]:
        people = resolve_people(network, ids, read_canonical(view)) if remove is not None else None
        return disrupt(network, remove=people, greedy=greedy)

    state, data = _analyse(ctx, "disrupt", {"remove": ids, "greedy": greedy}, (since, until), run)

    def draw(console: Console) -> None:
        base = data["baseline"]
        table = Table(
            "removed", "largest", "components", "efficiency", "fragmentation", "cross-border cut", title="Disruption"
        )
        table.add_row("(none)", str(base["largest_component"]), str(base["components"]), f"{base['efficiency']:.4f}",
                      f"{base['fragmentation']:.4f}", "")  # fmt: skip
        for step in data["steps"]:
            table.add_row(
                f"{step['name']} ({step['removed']})",
                str(step["largest_component"]),
                str(step["components"]),
                f"{step['efficiency']:.4f}",
                f"{step['fragmentation']:.4f}",
                str(step["cross_border_links_cut"]),
            )
        console.print(table)
        for entry in data["resilience"]:
            names = ", ".join(f"{s['name']} ({s['shared_contacts']} shared)" for s in entry["successors"]) or "nobody"
            console.print(f"could replace {entry['removed']}: {names}")

    state.emit(data, draw)


__all__ = ["brokers_cmd", "communities_cmd", "disrupt_cmd", "key_players_cmd", "path_cmd"]
