"""The audit log, for auditors: who did what, when and why."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from corridor.access import ensure
from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep

router = APIRouter(tags=["audit"])
BATCH = 1000


class AuditEventOut(BaseModel):
    """One event of the chain."""

    seq: int
    ts: str
    principal: str
    action: str
    objects: dict[str, Any]
    justification: str
    hash: str


class AuditPage(BaseModel):
    """Events after ``since``; pass ``next_since`` to read on."""

    events: list[AuditEventOut]
    next_since: int | None


@router.get("/api/audit", responses={403: {}})
def audit(
    principal: CurrentPrincipal,
    node: NodeDep,
    since: Annotated[int, Query(ge=0, le=2**31 - 1, description="Return events after this sequence number")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    action: Annotated[str | None, Query(max_length=32)] = None,
    who: Annotated[str | None, Query(max_length=160, description="Only this principal")] = None,
) -> AuditPage:
    """Read the audit log (auditors and admins only; the reading is itself logged)."""
    ensure(principal, "audit")
    node.audit.append(principal.key, "consultation", {"purpose": "audit-log", "since": since, "action": action})
    events: list[AuditEventOut] = []
    last = None
    cursor = since
    # Whole batches, each read to the end: a stream left half-read keeps a server cursor
    # open on PostgreSQL.
    while len(events) < limit:
        batch = list(node.audit.events(since=cursor, limit=BATCH))
        for event in batch:
            last = cursor = event.seq
            if (action and event.action != action) or (who and event.principal != who):
                continue
            events.append(
                AuditEventOut(
                    seq=event.seq,
                    ts=event.ts,
                    principal=event.principal,
                    action=event.action,
                    objects=dict(event.objects),
                    justification=event.justification,
                    hash=event.hash,
                )
            )
            if len(events) >= limit:
                break
        if len(batch) < BATCH:
            break
    return AuditPage(events=events, next_since=last if len(events) >= limit else None)
