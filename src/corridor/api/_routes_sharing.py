"""The sharing officer's view: bundles sent and received, consent requests, hits, deconfliction.

Users' endpoints (``_routes_share`` holds the node-to-node ones). Sharing metadata is
for the roles that may share: an analyst gets ``access_denied``. Each read is an audited
consultation; answering a consent request is audited by ``corridor.share``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from corridor.access import Node, ensure
from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep
from corridor.model import Principal
from corridor.share import answer_consent, consent_requests, list_alerts
from corridor.store import tables

router = APIRouter(prefix="/api/sharing", tags=["sharing"])


class Bundle(BaseModel):
    """One signed bundle: to (sent) or from (received) a partner, with what it carried."""

    partner: str
    sequence: int
    at: str
    sha256: str
    statements: int
    withdrawals: int
    judgements: int


class Sharing(BaseModel):
    """Everything about exchanges with partners that concerns the caller's agency."""

    agency: str
    sent: list[Bundle]
    received: list[Bundle]
    consent_in: list[dict[str, Any]]
    consent_out: list[dict[str, Any]]
    hits: list[dict[str, Any]]
    deconfliction: list[dict[str, Any]]
    targets: list[dict[str, Any]]


def _bundles(node: Node) -> tuple[list[Bundle], list[Bundle]]:
    out, inbox = tables.share_outbox, tables.share_inbox
    with node.store.engine.connect() as conn:
        sent = conn.execute(
            select(out.c.partner, out.c.sequence, out.c.created_at, out.c.sha256, out.c.statements, out.c.withdrawals,
                   out.c.judgements).order_by(out.c.created_at.desc(), out.c.sequence.desc())
        ).all()  # fmt: skip
        received = conn.execute(
            select(inbox.c.sender, inbox.c.sequence, inbox.c.imported_at, inbox.c.sha256, inbox.c.statements,
                   inbox.c.withdrawals, inbox.c.judgements).order_by(inbox.c.imported_at.desc(), inbox.c.sequence.desc())
        ).all()  # fmt: skip
    fields = ("partner", "sequence", "at", "sha256", "statements", "withdrawals", "judgements")
    return [Bundle(**dict(zip(fields, r, strict=True))) for r in sent], [
        Bundle(**dict(zip(fields, r, strict=True))) for r in received
    ]


def _targets(node: Node, agency: str) -> list[dict[str, Any]]:
    t = tables.share_targets
    with node.store.engine.connect() as conn:
        rows = conn.execute(
            select(t.c.id, t.c.operation, t.c.key, t.c.created_by, t.c.created_at)
            .where((t.c.agency == agency) & t.c.active.is_(True))
            .order_by(t.c.id)
        ).all()
    return [
        {
            "id": r.id,
            "operation": r.operation,
            "selector": r.key,
            "created_by": r.created_by,
            "created_at": r.created_at,
        }
        for r in rows
    ]


def _overview(node: Node, principal: Principal) -> Sharing:
    sent, received = _bundles(node)
    requests = consent_requests(node)
    alerts = list_alerts(node, principal)
    return Sharing(
        agency=principal.agency,
        sent=sent,
        received=received,
        consent_in=[r.as_dict() for r in requests if r.direction == "in" and r.originator == principal.agency],
        consent_out=[r.as_dict() for r in requests if r.direction == "out" and r.requester == principal.agency],
        hits=[a for a in alerts if a["kind"] == "hit"],
        deconfliction=[a for a in alerts if a["kind"] == "deconfliction"],
        targets=_targets(node, principal.agency),
    )


@router.get("")
async def sharing(principal: CurrentPrincipal, node: NodeDep) -> Sharing:
    """Bundles sent and received, consent requests to answer and made, hit and deconfliction alerts."""
    ensure(principal, "share")
    await run_in_threadpool(node.view, principal, purpose="sharing")
    return await run_in_threadpool(_overview, node, principal)


class ConsentAnswer(BaseModel):
    """The originator's answer to a request for onward release."""

    grant: bool
    answer: Annotated[str, Field(max_length=2000)] = ""


@router.post("/consent/{request_id}", responses={404: {}, 409: {}})
async def answer(
    request_id: Annotated[str, Path(max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")],
    body: ConsentAnswer,
    principal: CurrentPrincipal,
    node: NodeDep,
) -> dict[str, Any]:
    """Grant (re-grading the statements for the recipient) or refuse a pending request."""
    found = await run_in_threadpool(answer_consent, node, principal, request_id, grant=body.grant, answer=body.answer)
    return found.as_dict()
