"""Running ``corridor`` in-process from a test, the way a partner's script would call it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from corridor.cli import run

Invoke = Callable[..., tuple[int, str, str]]
"""``invoke("audit", "verify")`` -> (exit code, stdout, stderr)."""


def in_process(capsys: pytest.CaptureFixture[str]) -> Invoke:
    """A runner for ``corridor ARGS…`` whose output ``capsys`` captures, one call at a time.

    Set ``CORRIDOR_DB`` and ``CORRIDOR_KEY_DIR`` (``monkeypatch.setenv``) before calling it.
    """

    def invoke(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke
