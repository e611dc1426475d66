"""Fixtures for exchange tests: the two-marking world, and a second, empty node to import into."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import load_test_partners
from corridor.access import Node
from corridor.core import Settings
from exchange._data import build_world


@pytest.fixture
def world(node: Node) -> Node:
    """The test node holding GB-NCA's and RS-MUP's records, John Smith merged."""
    build_world(node)
    return node


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Node]:
    """Another GB-NCA node (SQLite) that imports what the first exported."""
    settings = Settings(db=str(tmp_path / "target.db"), key_dir=tmp_path / "target-keys")
    with Node.initialise(settings, "GB-NCA") as opened:
        load_test_partners(opened)
        yield opened
