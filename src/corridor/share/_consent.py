"""Onward-release consent: a sharing officer asks the originator; the originator decides.

The requesting node records the request (``direction = out``) and sends it, signed, to the
originator's node, which records it (``direction = in``, ``pending``). A sharing officer
there grants or refuses it. A grant re-grades the originator's statements, adding the
recipient to ``consented=``; that re-grading travels in the originator's next bundle, and
from then on the door of every node lets the data go onward to that recipient. Every
step is audited on the node where it happens.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import insert, select, update

from corridor.access import Node
from corridor.access import ensure as ensure_allowed
from corridor.core import Conflict, FieldError, InvalidInput, NotFound
from corridor.model import Marking, Principal, utc_now
from corridor.share._client import PartnerClient
from corridor.share._common import own_agency
from corridor.store import tables

STATUSES = ("pending", "granted", "refused")


@dataclass(frozen=True, slots=True)
class ConsentRequest:
    """One request for onward release."""

    id: str
    direction: str
    requester: str
    originator: str
    recipient: str
    statement_ids: list[str]
    reason: str
    status: str
    answer: str
    created_at: str
    answered_at: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return asdict(self)


def _row_to_request(row: Any) -> ConsentRequest:
    return ConsentRequest(
        id=row.id,
        direction=row.direction,
        requester=row.requester,
        originator=row.originator,
        recipient=row.recipient,
        statement_ids=json.loads(row.statement_ids),
        reason=row.reason,
        status=row.status,
        answer=row.answer,
        created_at=row.created_at,
        answered_at=row.answered_at,
    )


def consent_requests(node: Node, direction: str | None = None) -> list[ConsentRequest]:
    """Every consent request this node sent or received."""
    query = select(tables.share_consent).order_by(tables.share_consent.c.created_at)
    if direction:
        query = query.where(tables.share_consent.c.direction == direction)
    with node.store.engine.connect() as conn:
        return [_row_to_request(r) for r in conn.execute(query)]


def get_request(node: Node, request_id: str, direction: str) -> ConsentRequest:
    """One request by id and direction."""
    with node.store.engine.connect() as conn:
        row = conn.execute(
            select(tables.share_consent).where(
                (tables.share_consent.c.id == request_id) & (tables.share_consent.c.direction == direction)
            )
        ).first()
    if row is None:
        raise NotFound(f"no consent request {request_id!r}")
    return _row_to_request(row)


def _store(node: Node, actor: str, request: ConsentRequest) -> None:
    with node.store.transaction() as conn:
        conn.execute(
            insert(tables.share_consent).values(
                id=request.id,
                direction=request.direction,
                requester=request.requester,
                originator=request.originator,
                recipient=request.recipient,
                statement_ids=json.dumps(request.statement_ids),
                reason=request.reason,
                status=request.status,
                answer=request.answer,
                created_by=actor,
                created_at=request.created_at,
                answered_at=None,
            )
        )
        node.audit.record(
            conn,
            actor,
            "administration",
            {
                "consent_request": {
                    "id": request.id,
                    "direction": request.direction,
                    "originator": request.originator,
                    "recipient": request.recipient,
                    "statements": len(request.statement_ids),
                }
            },
            request.reason,
        )


def request_consent(
    node: Node, actor: Principal, url: str, statement_ids: list[str], recipient: str, reason: str
) -> ConsentRequest:
    """Ask the originator at ``url`` to let ``statement_ids`` go onward to ``recipient``."""
    ensure_allowed(actor, "share")
    if not statement_ids:
        raise InvalidInput("no statements named")
    with PartnerClient(node, url) as client:
        request = ConsentRequest(
            id=uuid.uuid4().hex,
            direction="out",
            requester=own_agency(node),
            originator=client.agency,
            recipient=recipient.upper(),
            statement_ids=sorted(set(statement_ids)),
            reason=reason,
            status="pending",
            answer="",
            created_at=utc_now(),
            answered_at=None,
        )
        _store(node, actor.key, request)
        body = {k: v for k, v in request.as_dict().items() if k in ("id", "recipient", "statement_ids", "reason")}
        client.request("POST", "/api/share/consent", body=json.dumps(body).encode(), content_type="application/json")
    return request


def receive_consent_request(node: Node, requester: str, body: dict[str, Any]) -> ConsentRequest:
    """The originator's side: record a partner's request as pending."""
    ids = body.get("statement_ids")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) or not ids:
        raise InvalidInput("bad consent request", errors=[FieldError("a list of statement ids", field="statement_ids")])
    request = ConsentRequest(
        id=str(body.get("id") or uuid.uuid4().hex)[:40],
        direction="in",
        requester=requester,
        originator=own_agency(node),
        recipient=str(body.get("recipient", "")).upper(),
        statement_ids=sorted(set(ids)),
        reason=str(body.get("reason", "")),
        status="pending",
        answer="",
        created_at=utc_now(),
        answered_at=None,
    )
    if request.recipient not in node.store.agencies():
        raise InvalidInput(f"unknown recipient {request.recipient!r}")
    _store(node, f"{request.originator}/node:{requester}", request)
    return request


def answer_consent(node: Node, actor: Principal, request_id: str, *, grant: bool, answer: str = "") -> ConsentRequest:
    """Grant or refuse a received request; a grant re-grades the originator's statements."""
    ensure_allowed(actor, "share")
    request = get_request(node, request_id, "in")
    if request.status != "pending":
        raise Conflict(f"consent request {request_id} is already {request.status}")
    me = own_agency(node)
    status = "granted" if grant else "refused"
    with node.store.transaction() as conn:
        changed = 0
        if grant:
            markings = node.store.markings(conn)
            rows = conn.execute(
                select(tables.statements.c.id, tables.statements.c.origin, tables.statements.c.marking_id).where(
                    tables.statements.c.id.in_(request.statement_ids)
                )
            ).all()
            by_marking: dict[Marking, list[str]] = {}
            for row in rows:
                if row.origin != me:
                    continue  # only the originator consents
                if row.marking_id not in markings:
                    markings = node.store.markings(conn)
                marking = markings[row.marking_id][1]
                new = marking.with_changes(consented_to=marking.consented_to | {request.recipient})
                by_marking.setdefault(new, []).append(row.id)
            for marking, ids in by_marking.items():
                changed += node.store.remark(conn, ids, marking)
        conn.execute(
            update(tables.share_consent)
            .where((tables.share_consent.c.id == request_id) & (tables.share_consent.c.direction == "in"))
            .values(status=status, answer=answer, answered_at=utc_now())
        )
        node.audit.record(
            conn,
            actor.key,
            "alteration" if grant else "administration",
            {
                "consent": {
                    "id": request_id,
                    "requester": request.requester,
                    "recipient": request.recipient,
                    "status": status,
                    "regraded": changed,
                }
            },
            answer,
        )
    return get_request(node, request_id, "in")


def check_consent(node: Node, actor: Principal, url: str, request_id: str) -> ConsentRequest:
    """Ask the originator for the answer to a request this node sent, and record it."""
    ensure_allowed(actor, "share")
    get_request(node, request_id, "out")
    with PartnerClient(node, url) as client:
        data = client.request("GET", f"/api/share/consent/{request_id}").json()
    status = str(data.get("status", "pending"))
    if status not in STATUSES:
        raise InvalidInput(f"partner answered an unknown status {status!r}")
    with node.store.transaction() as conn:
        conn.execute(
            update(tables.share_consent)
            .where((tables.share_consent.c.id == request_id) & (tables.share_consent.c.direction == "out"))
            .values(status=status, answer=str(data.get("answer", "")), answered_at=data.get("answered_at"))
        )
        node.audit.record(conn, actor.key, "administration", {"consent": {"id": request_id, "status": status}})
    return get_request(node, request_id, "out")
