"""Fixtures for ingest tests.

``node`` comes from ``tests/conftest.py`` (parametrised over SQLite and PostgreSQL, with the
test partners loaded); ``sqlite_node`` is a SQLite-only node for tests of readers and
mappings that say nothing about the backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import load_test_partners
from corridor.access import Node
from corridor.core import Settings


@pytest.fixture
def sqlite_node(tmp_path: Path) -> Iterator[Node]:
    """A GB-NCA node on SQLite with the test partners."""
    with Node.initialise(Settings(db=str(tmp_path / "t.db"), key_dir=tmp_path / "keys"), "GB-NCA") as opened:
        load_test_partners(opened)
        yield opened
