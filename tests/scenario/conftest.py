"""Scenario fixtures: tiny scenarios generated once per session (they take well under a second)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from corridor.scenario import generate


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny scenario with the default seed."""
    out = tmp_path_factory.mktemp("tiny")
    generate(out, size="tiny", seed=7)
    return out


@pytest.fixture(scope="session")
def tiny_summary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The summary ``generate`` returns for the same tiny scenario, written elsewhere."""
    return generate(tmp_path_factory.mktemp("tiny-again"), size="tiny", seed=7)


@pytest.fixture(scope="session")
def tiny_again(tiny_summary: dict[str, Any]) -> Path:
    """The same tiny scenario (same seed) generated a second time."""
    return Path(tiny_summary["out"])


@pytest.fixture(scope="session")
def tiny_other(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny scenario with another seed."""
    out = tmp_path_factory.mktemp("tiny-other")
    generate(out, size="tiny", seed=8)
    return out
