"""The entry point: global options anywhere, errors as one line and the right exit code."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence

import typer
import typer.main

from corridor.cli._app import app
from corridor.cli._registry import register_commands
from corridor.core import UNEXPECTED_EXIT_CODE, CorridorError

GLOBAL_FLAGS = {"--json"}
GLOBAL_OPTIONS = {"--db", "--as"}
USAGE_EXIT_CODE = 2
log = logging.getLogger("corridor")


def hoist_global_options(argv: Sequence[str]) -> list[str]:
    """Move global options given after the command to the front, where click expects them.

    CLI.md promises ``corridor resolve --db x.db`` works like ``corridor --db x.db resolve``.
    """
    front: list[str] = []
    rest: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if arg in GLOBAL_FLAGS or (name in GLOBAL_OPTIONS and "=" in arg):
            front.append(arg)
        elif arg in GLOBAL_OPTIONS and i + 1 < len(args):
            front.extend(args[i : i + 2])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _fail(message: str, code: int, body: dict[str, object] | None, as_json: bool) -> int:
    sys.stderr.write(f"corridor: error: {message}\n")
    if as_json and body is not None:
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
    return code


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code instead of exiting (for tests and ``main``)."""
    register_commands()
    args = hoist_global_options(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    command = typer.main.get_command(app)
    try:
        command.main(args=args, prog_name="corridor", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        return _fail("aborted", 130, None, as_json)
    except typer.TyperException as exc:
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return _fail(message, USAGE_EXIT_CODE, {"error": "usage", "message": message}, as_json)
    except CorridorError as exc:
        return _fail(exc.one_line(), exc.exit_code, exc.as_dict(), as_json)
    except KeyboardInterrupt:
        return _fail("interrupted", 130, None, as_json)
    except Exception as exc:
        log.exception("unexpected error")
        return _fail(
            f"internal error ({exc.__class__.__name__}); see the log",
            UNEXPECTED_EXIT_CODE,
            {"error": "internal_error", "message": "internal error"},
            as_json,
        )
    return 0


def main() -> None:
    """Console entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(run())
