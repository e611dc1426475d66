"""Joint operations (issue 13): list, show, approve, acknowledge, timeline, outcomes, effect.

Outside the operation's compartment an operation does not exist: every route answers 404.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from corridor.access import ensure
from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep, RowId
from corridor.operations import (
    acknowledge,
    add_targets,
    advance,
    approve,
    conflicts,
    create_operation,
    effect,
    get_operation,
    list_operations,
    operation_html,
    outcomes,
    targets,
    timeline,
)

router = APIRouter(tags=["operations"])


class Approval(BaseModel):
    """The synchronised start of the action day, UTC."""

    action_at: str = Field(max_length=40)


class NewOperation(BaseModel):
    """An operation to open, led by this node's agency."""

    code: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=300)
    partners: list[str] = Field(default_factory=list, max_length=20)
    legal_basis: str = Field(min_length=1, max_length=1000)
    compartment: str = Field(min_length=1, max_length=64)


class NewTargets(BaseModel):
    """Where targets come from: ``key-players`` (top N), ``community`` (id), ``disruption`` (N), ``entity`` (id)."""

    source: str = Field(max_length=16)
    value: str = Field(min_length=1, max_length=255)
    action: str = Field(default="arrest", max_length=16)
    country: str | None = Field(default=None, max_length=2)
    as_of: str | None = Field(default=None, max_length=10)


class StatusChange(BaseModel):
    """The next status (action_day, follow_up, closed)."""

    status: str = Field(max_length=16)


@router.get("/api/operations")
def operations(principal: CurrentPrincipal, node: NodeDep) -> list[dict[str, Any]]:
    """The operations of the principal's compartments."""
    return [op.as_dict() for op in list_operations(node, principal)]


@router.post("/api/operations", status_code=201, responses={400: {}, 403: {}, 409: {}})
def open_operation(body: NewOperation, principal: CurrentPrincipal, node: NodeDep) -> dict[str, Any]:
    """Open an operation in planning (supervisors and admins)."""
    return create_operation(
        node,
        principal,
        code=body.code,
        name=body.name,
        partners=body.partners,
        legal_basis=body.legal_basis,
        compartment=body.compartment,
    ).as_dict()


@router.post("/api/operations/{code}/targets", status_code=201, responses={400: {}, 404: {}, 409: {}})
def add_operation_targets(
    code: str, body: NewTargets, principal: CurrentPrincipal, node: NodeDep
) -> list[dict[str, Any]]:
    """Add targets from the network analysis while planning."""
    value: str | int = (
        int(body.value) if body.source in ("key-players", "disruption") and body.value.isdigit() else body.value
    )
    added = add_targets(
        node,
        principal,
        code,
        source=body.source,
        value=value,
        action=body.action,
        country=body.country,
        as_of=body.as_of,
    )
    return [t.as_dict() for t in added]


@router.get("/api/operations/{code}", responses={404: {}})
def operation(code: str, principal: CurrentPrincipal, node: NodeDep) -> dict[str, Any]:
    """One operation with its targets, conflicts, timeline and outcomes."""
    data = get_operation(node, principal, code).as_dict()
    data["targets"] = [t.as_dict() for t in targets(node, principal, code)]
    data["conflicts"] = [c.as_dict() for c in conflicts(node, principal, code)]
    data["timeline"] = timeline(node, principal, code)
    data["outcomes"] = [o.as_dict() for o in outcomes(node, principal, code)]
    return data


@router.post("/api/operations/{code}/approve", responses={403: {}, 404: {}, 409: {}})
def approve_operation(code: str, body: Approval, principal: CurrentPrincipal, node: NodeDep) -> dict[str, Any]:
    """Approve (deconflicted, every conflict acknowledged by both sides)."""
    return approve(node, principal, code, action_at=body.action_at)


@router.post("/api/operations/{code}/status", responses={403: {}, 404: {}, 409: {}})
def change_status(code: str, body: StatusChange, principal: CurrentPrincipal, node: NodeDep) -> dict[str, Any]:
    """Move the operation on one step."""
    return advance(node, principal, code, body.status).as_dict()


@router.post("/api/operations/conflicts/{conflict_id}/acknowledge", responses={403: {}, 404: {}})
def acknowledge_conflict(conflict_id: RowId, principal: CurrentPrincipal, node: NodeDep) -> dict[str, Any]:
    """Acknowledge a deconfliction conflict for the principal's agency."""
    return acknowledge(node, principal, conflict_id).as_dict()


@router.get("/api/operations/{code}/effect", responses={404: {}})
def operation_effect(code: str, principal: CurrentPrincipal, node: NodeDep) -> dict[str, Any]:
    """The network before and after the action day."""
    return effect(node, principal, code)


@router.get("/api/operations/{code}/report", response_class=HTMLResponse, responses={403: {}, 404: {}})
def operation_report(code: str, principal: CurrentPrincipal, node: NodeDep) -> HTMLResponse:
    """The operation report as HTML, with its handling banner; audited as a disclosure."""
    ensure(principal, "export")
    html, measured = operation_html(node, principal, code)
    node.audit.append(principal.key, "disclosure", {"report": {"operation": measured["operation"], "format": "html"}})
    return HTMLResponse(html)
