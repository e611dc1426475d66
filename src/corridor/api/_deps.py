"""Typed dependencies: the node and the settings, read from ``app.state``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from corridor.access import Node
from corridor.api._index import Indexes
from corridor.core import Settings


def get_node(request: Request) -> Node:
    """The node this app serves."""
    node = request.app.state.node
    assert isinstance(node, Node)
    return node


def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


NodeDep = Annotated[Node, Depends(get_node)]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="A row number")]
"""An integer id in a path: bounded, so a huge number is a 422, never a database error."""
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_indexes(request: Request) -> Indexes:
    """The node's derived search and link indexes."""
    indexes = request.app.state.indexes
    assert isinstance(indexes, Indexes)
    return indexes


IndexesDep = Annotated[Indexes, Depends(get_indexes)]
