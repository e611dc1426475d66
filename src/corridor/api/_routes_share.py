"""Node-to-node endpoints: bundles pushed and pulled, hit/no-hit rounds, consent requests.

These are called by partner nodes, not by users: each request carries an Ed25519
signature of the calling node (``corridor.share.verify_request``), checked against the
keys in ``partners.yml``, with a timestamp window and single-use nonces. Hit/no-hit calls
are rate-limited per partner. Heavy work (imports, group operations) runs in the thread
pool so the server keeps answering.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from corridor.access import Node
from corridor.api._deps import NodeDep
from corridor.core import InvalidInput, NotFound
from corridor.share import (
    NonceCache,
    RateLimiter,
    get_request,
    load_node_key,
    receive_consent_request,
    receive_hits,
    serve_evaluate,
    serve_pull,
    serve_push,
    serve_tags,
    verify_request,
)

router = APIRouter(prefix="/api/share", tags=["share"])
NDJSON = "application/x-ndjson"
BINARY = "application/octet-stream"


def _state(request: Request, name: str, factory: type[Any]) -> Any:
    found = getattr(request.app.state, name, None)
    if found is None:
        found = factory()
        setattr(request.app.state, name, found)
    return found


async def _partner(request: Request, node: Node) -> tuple[str, bytes]:
    """The partner agency that signed this request, and the request body."""
    body = await request.body()
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    agencies = await run_in_threadpool(node.store.agencies)
    me = node.store.node_agency or ""
    nonces = _state(request, "share_nonces", NonceCache)
    agency = verify_request(agencies, me, request.method, target, request.headers, body, nonces)
    return agency.code, body


def _limit(request: Request, partner: str, selectors: int = 0) -> None:
    limiter = _state(request, "share_rate_limiter", RateLimiter)
    reason = limiter.allow(partner, selectors)
    if reason is not None:
        raise HTTPException(status_code=429, detail=f"rate limited: {reason}")


@router.get("/key")
def public_key(node: NodeDep) -> dict[str, str | None]:
    """The node's public signing key, for partners' ``partners.yml``."""
    key = load_node_key(node.keys_path)
    return {"agency": node.store.node_agency, "key_id": key.key_id, "public_key": key.public_text}


@router.post("/bundles")
async def push(request: Request, node: NodeDep) -> dict[str, Any]:
    """Import a bundle the calling partner pushes (JSON Lines, signed by it)."""
    partner, body = await _partner(request, node)
    result: dict[str, Any] = await run_in_threadpool(serve_push, node, partner, body)
    return result


@router.get("/bundles/next", response_model=None)
async def pull(request: Request, node: NodeDep, after: Annotated[int, Query(ge=0)] = 0) -> Response:
    """The calling partner's bundle after sequence ``after``; 204 when there is nothing new."""
    partner, _ = await _partner(request, node)
    content = await run_in_threadpool(serve_pull, node, partner, after)
    if content is None:
        return Response(status_code=204)
    return Response(content=content, media_type=NDJSON)


@router.post("/psi/evaluate")
async def psi_evaluate(
    request: Request, node: NodeDep, set_name: Annotated[str, Query(alias="set")] = "held"
) -> Response:
    """Raise each 32-byte blinded selector to this node's secret scalar, in order."""
    partner, body = await _partner(request, node)
    _limit(request, partner, len(body) // 32)
    answer = await run_in_threadpool(serve_evaluate, node, partner, set_name, body)
    return Response(content=answer, media_type=BINARY)


@router.get("/psi/set")
async def psi_set(request: Request, node: NodeDep, set_name: Annotated[str, Query(alias="set")] = "held") -> Response:
    """This node's blinded selector tags: sorted, 8 bytes each."""
    partner, _ = await _partner(request, node)
    _limit(request, partner)
    tags = await run_in_threadpool(serve_tags, node, set_name)
    return Response(content=tags, media_type=BINARY)


@router.post("/psi/hits")
async def psi_hits(request: Request, node: NodeDep) -> dict[str, Any]:
    """The asker reports its hits: alerts this node's agency, answers with a point of contact."""
    partner, body = await _partner(request, node)
    try:
        data = json.loads(body)
    except ValueError:
        raise InvalidInput("hit report is not JSON") from None
    if not isinstance(data, dict):
        raise InvalidInput("hit report must be a JSON object")
    result: dict[str, Any] = await run_in_threadpool(receive_hits, node, partner, data)
    return result


@router.post("/consent")
async def consent_request(request: Request, node: NodeDep) -> dict[str, Any]:
    """A partner asks this node, the originator, to consent to onward release."""
    partner, body = await _partner(request, node)
    try:
        data = json.loads(body)
    except ValueError:
        raise InvalidInput("consent request is not JSON") from None
    if not isinstance(data, dict):
        raise InvalidInput("consent request must be a JSON object")
    found = await run_in_threadpool(receive_consent_request, node, partner, data)
    return found.as_dict()


@router.get("/consent/{request_id}")
async def consent_status(request_id: str, request: Request, node: NodeDep) -> dict[str, Any]:
    """The answer to a consent request the calling partner made."""
    partner, _ = await _partner(request, node)
    found = await run_in_threadpool(get_request, node, request_id, "in")
    if found.requester != partner:
        raise NotFound(f"no consent request {request_id!r}")
    return {"id": found.id, "status": found.status, "answer": found.answer, "answered_at": found.answered_at}
