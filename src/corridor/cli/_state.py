"""What every command gets from the global options: settings, output mode, the node."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from corridor.access import Node
from corridor.core import Settings
from corridor.model import Principal


@dataclass(slots=True)
class CliState:
    """The parsed global options of one invocation."""

    settings: Settings

    @property
    def json(self) -> bool:
        """Whether to print one JSON document instead of tables."""
        return self.settings.json_output

    @contextmanager
    def node(self) -> Iterator[Node]:
        """The initialised node the command works on."""
        node = Node.open(self.settings)
        try:
            yield node
        finally:
            node.close()

    @contextmanager
    def acting(self) -> Iterator[tuple[Node, Principal]]:
        """The node and the principal ``--as`` names (default: the node's local admin)."""
        with self.node() as node:
            yield node, node.principal(self.settings.as_principal)

    def emit(self, data: Any, human: Callable[[Console], None] | None = None) -> None:
        """Print ``data`` as JSON with ``--json``, else let ``human`` draw it (or print JSON)."""
        if self.json or human is None:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=None if self.json else 2, default=str) + "\n")
            return
        human(Console())

    @contextmanager
    def progress(self, description: str) -> Iterator[Callable[[int, int], None]]:
        """A progress callback ``(done, rejected)``: a bar on a terminal, silent otherwise."""
        if self.json or not sys.stderr.isatty():
            yield lambda done, rejected: None
            return
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} rows/s · {task.fields[rejected]} rejected"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(description, total=None, rate="0", rejected=0)

            def update(done: int, rejected: int) -> None:
                elapsed = bar.tasks[0].elapsed or 0.0
                rate = f"{done / elapsed:,.0f}" if elapsed > 0 else "…"
                bar.update(task, completed=done, rate=rate, rejected=rejected)

            yield update


def state_of(ctx: typer.Context) -> CliState:
    """The state the root callback stored on the click context."""
    obj = ctx.find_root().obj
    assert isinstance(obj, CliState)
    return obj
