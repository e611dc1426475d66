"""CLI: the ``corridor`` command (Typer + rich)."""

from corridor.cli._main import hoist_global_options, main, run

__all__ = ["hoist_global_options", "main", "run"]
