"""Deconfliction before approval: the operation's selectors against every partner's live targets.

The match is the private one of ``corridor.share`` (ECDH-PSI over the ``targets`` set):
the lead registers each target's selectors as deconfliction targets, asks each partner
node, and learns only which of its own selectors another agency also targets, with that
agency's point of contact. Each match is a conflict that blocks approval until both
contact points have acknowledged it (the lead's on this node; the partner's by one of its
users, who sees the conflict and the contact, never the operation).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update

from corridor.access import Node
from corridor.access import ensure as ensure_allowed
from corridor.core import AccessDenied, Conflict, FieldError, InvalidInput, NotFound
from corridor.model import Principal, utc_now
from corridor.operations._records import event, get_operation, set_status
from corridor.operations._targets import targets
from corridor.share import add_target, own_targets, query_hits
from corridor.store import tables


@dataclass(slots=True)
class ConflictRecord:
    """One deconfliction match and who has acknowledged it."""

    id: int
    operation: str
    partner: str
    selector: str
    contact: str
    detected_at: str
    lead_ack_by: str | None
    partner_ack_by: str | None

    @property
    def settled(self) -> bool:
        """Both contact points have acknowledged."""
        return bool(self.lead_ack_by and self.partner_ack_by)

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return asdict(self) | {"settled": self.settled}


def _conflict(row: Any) -> ConflictRecord:
    return ConflictRecord(
        row.id,
        row.operation,
        row.partner,
        row.selector,
        row.contact,
        row.detected_at,
        row.lead_ack_by,
        row.partner_ack_by,
    )


def conflicts(node: Node, principal: Principal, code: str) -> list[ConflictRecord]:
    """The operation's deconfliction matches."""
    operation = get_operation(node, principal, code)
    c = tables.joint_operation_conflicts
    with node.store.engine.connect() as conn:
        return [_conflict(r) for r in conn.execute(select(c).where(c.c.operation == operation.code).order_by(c.c.id))]


def deconflict(node: Node, actor: Principal, code: str, partner_urls: list[str]) -> dict[str, Any]:
    """Register the targets' selectors and ask each partner node privately whether it targets them too."""
    ensure_allowed(actor, "share")
    operation = get_operation(node, actor, code)
    if operation.status != "planning":
        raise Conflict(f"operation {operation.code} is {operation.status}: deconfliction is part of planning")
    keys = sorted({key for target in targets(node, actor, code) for key in target.selectors})
    if not keys:
        raise InvalidInput(f"operation {operation.code} has no target selectors to deconflict; add targets first")
    if not partner_urls:
        raise InvalidInput(
            "give the partner nodes to deconflict against", errors=[FieldError("at least one", field="--partner")]
        )
    registered = set(own_targets(node, operation.lead))
    for key in keys:
        if key not in registered:
            add_target(node, actor, key, operation.code)
    found: dict[str, list[str]] = {}
    c = tables.joint_operation_conflicts
    for url in partner_urls:
        answer = query_hits(node, actor, url, keys, set_name="targets")
        found[answer.partner] = answer.hits
        with node.store.transaction() as conn:
            for key in answer.hits:
                exists = conn.execute(
                    select(c.c.id).where(
                        (c.c.operation == operation.code) & (c.c.partner == answer.partner) & (c.c.selector == key)
                    )
                ).first()
                if exists is None:
                    conn.execute(
                        insert(c).values(
                            operation=operation.code,
                            partner=answer.partner,
                            selector=key,
                            contact=answer.contact,
                            detected_at=utc_now(),
                        )
                    )
    with node.store.transaction() as conn:
        total = sum(len(v) for v in found.values())
        event(
            conn,
            operation.code,
            actor.agency,
            "deconflicted",
            f"{len(keys)} selectors against {', '.join(sorted(found))}: {total} conflicts",
        )
        node.audit.record(
            conn,
            actor.key,
            "consultation",
            {"operation": {"code": operation.code, "deconflict": {k: len(v) for k, v in found.items()}}},
        )
    return {"operation": operation.code, "selectors": len(keys), "conflicts": dict(sorted(found.items()))}


def acknowledge(node: Node, actor: Principal, conflict_id: int) -> ConflictRecord:
    """Record that the actor's agency (the lead, or the matched partner) acknowledges a conflict."""
    c = tables.joint_operation_conflicts
    with node.store.engine.connect() as conn:
        row = conn.execute(select(c).where(c.c.id == conflict_id)).first()
        if row is None:
            raise NotFound(f"no conflict {conflict_id}")
        lead = conn.execute(
            select(tables.joint_operations.c.lead).where(tables.joint_operations.c.code == row.operation)
        ).scalar()
    now = utc_now()
    if actor.agency == row.partner:
        values = {"partner_ack_by": actor.key, "partner_ack_at": now}
    elif actor.agency == lead:
        get_operation(node, actor, row.operation)  # inside the compartment
        values = {"lead_ack_by": actor.key, "lead_ack_at": now}
    else:
        raise AccessDenied(f"{actor.key} is neither contact point of conflict {conflict_id}")
    with node.store.transaction() as conn:
        conn.execute(update(c).where(c.c.id == conflict_id).values(**values))
        event(conn, row.operation, actor.agency, "acknowledged", f"conflict {conflict_id} acknowledged by {actor.key}")
        node.audit.record(
            conn, actor.key, "alteration", {"deconfliction": {"conflict": conflict_id, "acknowledged": actor.agency}}
        )
        row = conn.execute(select(c).where(c.c.id == conflict_id)).one()
    return _conflict(row)


def approve(node: Node, actor: Principal, code: str, *, action_at: str) -> dict[str, Any]:
    """Approve: deconflicted after the last target was added, every conflict acknowledged by both sides."""
    ensure_allowed(actor, "regrade")
    operation = get_operation(node, actor, code)
    try:
        moment = datetime.fromisoformat(action_at.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            "bad action time", errors=[FieldError("UTC time YYYY-MM-DDTHH:MM:SSZ", field="action_at", value=action_at)]
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            "bad action time", errors=[FieldError("give the time zone (Z for UTC)", field="action_at", value=action_at)]
        )
    stamp = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    listed = targets(node, actor, code)
    if not listed:
        raise Conflict(f"operation {operation.code} has no targets")
    unassigned = [t.entity_id for t in listed if not t.assigned_to]
    if unassigned:
        raise Conflict(
            f"targets without a partner to act: {', '.join(unassigned)} (use `corridor operation task --assign`)"
        )
    e = tables.joint_operation_events
    with node.store.engine.connect() as conn:
        kinds = [
            r.kind
            for r in conn.execute(select(e.c.kind).where(e.c.operation == operation.code).order_by(e.c.at, e.c.id))
        ]
    if "deconflicted" not in kinds or max(i for i, k in enumerate(kinds) if k == "targets") > max(
        i for i, k in enumerate(kinds) if k == "deconflicted"
    ):
        raise Conflict(f"operation {operation.code} must be deconflicted after its last targets were added")
    open_ = [x for x in conflicts(node, actor, code) if not x.settled]
    if open_:
        waiting = "; ".join(
            f"#{x.id} {x.selector} with {x.partner} (needs {'lead' if not x.lead_ack_by else ''}{' and ' if not x.lead_ack_by and not x.partner_ack_by else ''}{x.partner if not x.partner_ack_by else ''})"
            for x in open_
        )
        raise Conflict(f"unacknowledged deconfliction conflicts block approval: {waiting}")
    o = tables.joint_operations
    with node.store.transaction() as conn:
        conn.execute(update(o).where(o.c.code == operation.code).values(action_at=stamp))
        set_status(conn, node, actor, operation, "approved", f"action day {stamp}")
        event(conn, operation.code, operation.lead, "action", "action day: synchronised start", stamp)
    return {"operation": operation.code, "status": "approved", "action_at": stamp}
