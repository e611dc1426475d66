"""Fixtures for the API tests: the node with the test data, and a client of its app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corridor.access import Node
from corridor.api import create_app

from ._helpers import TestClient, load_api_data


@pytest.fixture
def app_node(node: Node) -> Node:
    """The ``node`` fixture with the API test data."""
    load_api_data(node)
    return node


@pytest.fixture
def client(app_node: Node) -> Iterator[TestClient]:
    """A client of the app over the test node, not logged in."""
    with TestClient(create_app(app_node.settings, node=app_node)) as test_client:
        yield test_client
