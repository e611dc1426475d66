"""The ``corridor`` command: global options and the command groups."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._state import CliState, state_of
from corridor.core import load_settings

app = typer.Typer(
    name="corridor",
    help="Intelligence fusion and network disruption for the Western Balkan route.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
partners_app = typer.Typer(help="Agencies, users, roles and agreements.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
scenario_app = typer.Typer(help="Synthetic Western Balkan scenarios.", no_args_is_help=True)
analyse_app = typer.Typer(help="Network, routes and money analyses of what you may see.", no_args_is_help=True)
app.add_typer(partners_app, name="partners")
app.add_typer(audit_app, name="audit")
app.add_typer(scenario_app, name="scenario")
app.add_typer(analyse_app, name="analyse")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"corridor {version('corridor')}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="SQLite path or postgresql:// URL [env CORRIDOR_DB]")] = None,
    as_: Annotated[str | None, typer.Option("--as", help="Act as AGENCY[/USER] [env CORRIDOR_AS]")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="One JSON document on stdout")] = False,
    _version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version")
    ] = False,
) -> None:
    """Build the settings once from options and environment, for every command."""
    overrides: dict[str, object] = {"db": db, "CORRIDOR_AS": as_}
    if json_output:
        overrides["CORRIDOR_JSON"] = True
    ctx.obj = CliState(settings=load_settings(**overrides))


ExistingFile = Annotated[Path, typer.Argument(help="A file to read", exists=False, dir_okay=False)]

__all__ = ["ExistingFile", "analyse_app", "app", "audit_app", "partners_app", "scenario_app", "state_of"]
