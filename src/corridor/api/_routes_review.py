"""The review queue: resolution candidates an analyst decides (same / different / unsure)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from corridor.access import ensure
from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep
from corridor.api._graphdata import read_records
from corridor.store import Judgement, add_judgement, read_judgements, rebuild_canonical

router = APIRouter(tags=["review"])
NO_CONTROL = r"^[^\x00-\x1f]+$"
"""Ids never hold control characters (and PostgreSQL text cannot hold NUL)."""
_SUMMARY_PROPS = ("name", "birthDate", "nationality", "phone", "idNumber", "passportNumber", "address")


class Candidate(BaseModel):
    """A pair of records awaiting an analyst's word."""

    left: dict[str, Any]
    right: dict[str, Any]
    verdict: str
    kind: str
    score: float | None
    reason: str
    seq: int


class Decision(BaseModel):
    """An analyst's judgement of a pair of records."""

    left: Annotated[str, Field(min_length=1, max_length=255, pattern=NO_CONTROL)]
    right: Annotated[str, Field(min_length=1, max_length=255, pattern=NO_CONTROL)]
    verdict: Literal["same", "different", "unsure"]
    reason: Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")] = ""


class JudgementOut(BaseModel):
    """One entry of the judgement log."""

    seq: int
    left: str
    right: str
    verdict: str
    kind: str
    actor: str
    score: float | None
    reason: str
    created_at: str


class Queue(BaseModel):
    """Pending candidates and the latest analyst decisions (both only between visible records)."""

    pending: list[Candidate]
    decided: list[JudgementOut]


def _out(j: Judgement) -> JudgementOut:
    return JudgementOut(
        seq=j.seq,
        left=j.left_id,
        right=j.right_id,
        verdict=j.verdict,
        kind=j.kind,
        actor=j.actor,
        score=j.score,
        reason=j.reason,
        created_at=j.created_at,
    )


@router.get("/api/review")
def review_queue(principal: CurrentPrincipal, node: NodeDep, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Queue:
    """Pairs the resolver was unsure about and no analyst has decided, newest first."""
    view = node.view(principal, purpose="review-queue", objects={"limit": limit})
    with node.store.engine.connect() as conn:
        log = read_judgements(conn)
    latest: dict[tuple[str, str], Judgement] = {}
    analyst: dict[tuple[str, str], Judgement] = {}
    for j in log:
        latest[(j.left_id, j.right_id)] = j
        if j.kind == "analyst":
            analyst[(j.left_id, j.right_id)] = j
    pending = [j for pair, j in latest.items() if pair not in analyst and j.verdict == "unsure"]
    pending.sort(key=lambda j: -j.seq)
    decided = sorted(analyst.values(), key=lambda j: -j.seq)
    ids = {i for j in pending[: limit * 4] + decided[: limit * 4] for i in (j.left_id, j.right_id)}
    records = read_records(view, ids)

    def summary(entity_id: str) -> dict[str, Any]:
        proxy = records[entity_id]
        props = {p: proxy.get(p, quiet=True) for p in _SUMMARY_PROPS if p in proxy.schema.properties}
        return {"id": entity_id, "schema": proxy.schema.name, "caption": proxy.caption, "properties": props}

    shown = [j for j in pending if j.left_id in records and j.right_id in records][:limit]
    return Queue(
        pending=[
            Candidate(
                left=summary(j.left_id),
                right=summary(j.right_id),
                verdict=j.verdict,
                kind=j.kind,
                score=j.score,
                reason=j.reason,
                seq=j.seq,
            )
            for j in shown
        ],
        decided=[_out(j) for j in decided if j.left_id in records and j.right_id in records][:limit],
    )


@router.post("/api/review", status_code=201, responses={403: {}, 404: {}})
def decide(body: Decision, principal: CurrentPrincipal, node: NodeDep) -> JudgementOut:
    """Record an analyst's decision; canonical ids follow from the log at once."""
    ensure(principal, "judge")
    view = node.view(principal, purpose="judge", objects={"left": body.left, "right": body.right})
    view.entity_statements(body.left)  # NotFound unless the analyst can see both records
    view.entity_statements(body.right)
    with node.store.transaction() as conn:
        seq = add_judgement(
            conn,
            body.left,
            body.right,
            body.verdict,
            actor=principal.key,
            kind="analyst",
            origin=principal.agency,
            reason=body.reason,
        )
        rebuild_canonical(conn)
        node.audit.record(
            conn,
            principal.key,
            "alteration",
            {"judgement": seq, "left": body.left, "right": body.right, "verdict": body.verdict},
            body.reason,
        )
        stored = next(j for j in read_judgements(conn, [body.left]) if j.seq == seq)
    return _out(stored)
