"""Liveness: the only endpoint without authentication, and it says nothing about data."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from corridor.api._deps import NodeDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The node is up and its store answers."""

    status: str
    agency: str | None


@router.get("/api/health")
def health(node: NodeDep) -> Health:
    """Whether the node is up, and which agency runs it."""
    return Health(status="ok", agency=node.store.node_agency)
