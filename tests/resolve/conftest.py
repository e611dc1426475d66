"""Fixtures for resolution tests (``node`` comes from ``tests/conftest.py``: SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from corridor.access import Node

from ._helpers import Writer, write_person


@pytest.fixture
def write(node: Node) -> Writer:
    """``write(agency, source_id, **props)`` on the test node."""

    def _write(agency: str, source_id: str, schema: str = "Person", **props: Any) -> str:
        return write_person(node, agency, source_id, schema, **props)

    return _write
