"""Watchlists and the alerts they raised, for the caller's agency only.

Alerts are listed only while the door still lets the caller see the statement that
raised them (``corridor.share.list_alerts``); listing is an audited consultation.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from corridor.access import Node
from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep, RowId
from corridor.model import Principal
from corridor.share import add_watch, list_alerts, refresh_alerts, remove_watch, visible_watches

router = APIRouter(tags=["alerts"])


class Alerts(BaseModel):
    """The agency's active watches and its alerts, newest first."""

    watches: list[dict[str, Any]]
    alerts: list[dict[str, Any]]


def _alerts(node: Node, principal: Principal) -> Alerts:
    node.view(principal, purpose="alerts")
    found = list_alerts(node, principal)
    found.reverse()
    return Alerts(watches=[w.as_dict() for w in visible_watches(node, principal)], alerts=found)


@router.get("/api/alerts")
async def alerts(principal: CurrentPrincipal, node: NodeDep) -> Alerts:
    """Watches of the caller's agency and the alerts raised for it (watch, hit, deconfliction)."""
    return await run_in_threadpool(_alerts, node, principal)


class WatchIn(BaseModel):
    """A selector (``KIND:VALUE``, e.g. ``phone:+38164…``) or a record id to watch."""

    target: Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\x00-\x1f]+$")]


@router.post("/api/watches", status_code=201)
async def watch(body: WatchIn, principal: CurrentPrincipal, node: NodeDep) -> dict[str, Any]:
    """Start watching; statements that match now are recorded as already seen, later ones alert."""
    found = await run_in_threadpool(add_watch, node, principal, body.target)
    return found.as_dict()


@router.delete("/api/watches/{watch_id}", status_code=204, responses={404: {}})
async def unwatch(watch_id: RowId, principal: CurrentPrincipal, node: NodeDep) -> Response:
    """Stop a watch of the caller's agency."""
    await run_in_threadpool(remove_watch, node, principal, watch_id)
    return Response(status_code=204)


@router.post("/api/alerts/refresh")
async def refresh(principal: CurrentPrincipal, node: NodeDep) -> dict[str, int]:
    """Check every watch against the store now (also done after each imported bundle)."""
    await run_in_threadpool(node.view, principal, purpose="alerts-refresh")
    raised = await run_in_threadpool(refresh_alerts, node)
    return {"raised": raised}
