"""Command registration: every ``corridor.cli._cmd_*`` module adds its commands on import.

Each capability keeps its commands in a module of its own (``_cmd_graph.py``,
``_cmd_share.py`` …), so adding one never means editing a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil

import corridor.cli as package

_done = False


def register_commands() -> None:
    """Import every command module once."""
    global _done
    if _done:
        return
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_cmd_") or info.name == "_ingest":
            importlib.import_module(f"{package.__name__}.{info.name}")
    _done = True
