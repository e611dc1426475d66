"""Operations as records: create, read through the compartment, move through their statuses.

An operation is seen only by principals inside its compartment (an operation code of
``partners.yml``); to anyone else it does not exist, and the error says "no operation"
rather than "not allowed", so that its name does not leak. Every change is audited in
the transaction that makes it, and lands on the operation's timeline.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, insert, select, update

from corridor.access import Node
from corridor.access import ensure as ensure_allowed
from corridor.core import Conflict, FieldError, InvalidInput, NotFound
from corridor.model import Principal, utc_now
from corridor.store import tables

STATUSES = ("planning", "approved", "action_day", "follow_up", "closed")
"""The order an operation moves in; one step at a time."""

TIMEZONES: dict[str, str] = {
    "GB": "Europe/London",
    "RS": "Europe/Belgrade",
    "MK": "Europe/Skopje",
    "XK": "Europe/Belgrade",
    "AL": "Europe/Tirane",
    "TR": "Europe/Istanbul",
    "EU": "Europe/Amsterdam",
}
"""Each partner's local time zone by country, for the action-day timeline."""


@dataclass(slots=True)
class Operation:
    """One joint operation as its members see it."""

    code: str
    name: str
    lead: str
    legal_basis: str
    compartment: str
    status: str
    action_at: str | None
    created_by: str
    created_at: str
    updated_at: str
    partners: dict[str, str] = field(default_factory=dict)
    baseline: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON shape (without the stored baseline network, which is large)."""
        out = asdict(self)
        out.pop("baseline")
        return out


def _row_to_operation(conn: Connection, row: Any) -> Operation:
    p = tables.joint_operation_partners
    partners = {r.agency: r.timezone for r in conn.execute(select(p).where(p.c.operation == row.code))}
    return Operation(
        code=row.code,
        name=row.name,
        lead=row.lead,
        legal_basis=row.legal_basis,
        compartment=row.compartment,
        status=row.status,
        action_at=row.action_at,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        partners=dict(sorted(partners.items())),
        baseline=json.loads(row.baseline) if row.baseline else None,
    )


def visible(principal: Principal, compartment: str) -> bool:
    """Whether ``principal`` is inside the operation's compartment."""
    return compartment in principal.compartments


def list_operations(node: Node, principal: Principal) -> list[Operation]:
    """The operations ``principal`` may see (its compartments), newest first."""
    ensure_allowed(principal, "read")
    o = tables.joint_operations
    with node.store.engine.connect() as conn:
        rows = conn.execute(select(o).order_by(o.c.created_at.desc(), o.c.code)).all()
        return [_row_to_operation(conn, r) for r in rows if visible(principal, r.compartment)]


def get_operation(node: Node, principal: Principal, code: str) -> Operation:
    """One operation, or ``NotFound`` — also when it exists outside the principal's compartments."""
    ensure_allowed(principal, "read")
    o = tables.joint_operations
    with node.store.engine.connect() as conn:
        row = conn.execute(select(o).where(o.c.code == code.strip().upper())).first()
        if row is None or not visible(principal, row.compartment):
            raise NotFound(f"no operation {code!r}")
        return _row_to_operation(conn, row)


def event(conn: Connection, code: str, agency: str, kind: str, text: str, at: str | None = None) -> None:
    """Add a moment to the operation's timeline (UTC)."""
    conn.execute(
        insert(tables.joint_operation_events).values(
            operation=code, at=at or utc_now(), agency=agency, kind=kind, text=text
        )
    )


def _zone(country: str, override: str | None) -> str:
    name = override or TIMEZONES.get(country.upper(), "UTC")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            "unknown time zone",
            errors=[FieldError("an IANA zone such as Europe/Belgrade", field="timezone", value=name)],
        ) from None
    return name


def create_operation(
    node: Node,
    actor: Principal,
    *,
    code: str,
    name: str,
    partners: list[str],
    legal_basis: str,
    compartment: str,
    timezones: dict[str, str] | None = None,
) -> Operation:
    """Open an operation in ``planning``, led by this node's agency, inside ``compartment``.

    The compartment must be an operation of ``partners.yml`` whose members include the
    lead and every partner, so that the door keeps the operation's statements among them.
    """
    ensure_allowed(actor, "regrade")  # supervisors (and admins) open operations
    code = code.strip().upper()
    lead = node.store.node_agency or actor.agency
    errors = []
    if not code or len(code) > 64:
        errors.append(FieldError("1 to 64 characters", field="code", value=code))
    if not name.strip():
        errors.append(FieldError("missing", field="name"))
    if not legal_basis.strip():
        errors.append(FieldError("an operation needs its legal basis", field="legal_basis"))
    compartments = {op.code: op for op in node.store.operations()}
    found = compartments.get(compartment)
    if found is None:
        errors.append(FieldError("not an operation of partners.yml", field="compartment", value=compartment))
    agencies = node.store.agencies()
    members = sorted({p.strip().upper() for p in partners if p.strip()} | {lead})
    for member in members:
        if member not in agencies:
            errors.append(FieldError("unknown agency", field="partners", value=member))
        elif found is not None and member not in found.agencies:
            errors.append(FieldError(f"not a member of compartment {compartment}", field="partners", value=member))
    if errors:
        raise InvalidInput("cannot create the operation", errors=errors)
    if compartment not in actor.compartments:
        raise InvalidInput(
            "cannot create the operation",
            errors=[FieldError(f"{actor.key} is outside compartment", field="compartment", value=compartment)],
        )
    now = utc_now()
    o = tables.joint_operations
    with node.store.transaction() as conn:
        if conn.execute(select(o.c.code).where(o.c.code == code)).first() is not None:
            raise Conflict(f"operation {code} exists")
        conn.execute(
            insert(o).values(
                code=code,
                name=name.strip(),
                lead=lead,
                legal_basis=legal_basis.strip(),
                compartment=compartment,
                status="planning",
                action_at=None,
                baseline=None,
                created_by=actor.key,
                created_at=now,
                updated_at=now,
            )
        )
        for member in members:
            zone = _zone(agencies[member].country, (timezones or {}).get(member))
            conn.execute(insert(tables.joint_operation_partners).values(operation=code, agency=member, timezone=zone))
        event(conn, code, actor.agency, "created", f"{name.strip()} opened by {actor.key}", now)
        node.audit.record(
            conn,
            actor.key,
            "collection",
            {"operation": {"code": code, "created": True, "partners": members, "compartment": compartment}},
        )
    return get_operation(node, actor, code)


def set_status(
    conn: Connection, node: Node, actor: Principal, operation: Operation, status: str, detail: str = ""
) -> None:
    """Move the operation one step (``STATUSES``) inside the caller's transaction, audited."""
    if status not in STATUSES:
        raise InvalidInput(
            "unknown status", errors=[FieldError(f"one of {', '.join(STATUSES)}", field="status", value=status)]
        )
    now_index, next_index = STATUSES.index(operation.status), STATUSES.index(status)
    if next_index != now_index + 1:
        raise Conflict(f"operation {operation.code} is {operation.status}; it cannot go to {status} from there")
    o = tables.joint_operations
    conn.execute(update(o).where(o.c.code == operation.code).values(status=status, updated_at=utc_now()))
    event(
        conn, operation.code, actor.agency, "status", f"{operation.status} → {status}{': ' + detail if detail else ''}"
    )
    node.audit.record(
        conn,
        actor.key,
        "alteration",
        {"operation": {"code": operation.code, "status": [operation.status, status]}},
    )
    operation.status = status


def advance(node: Node, actor: Principal, code: str, status: str) -> Operation:
    """Move to the next status other than ``approved`` (which ``approve`` checks)."""
    ensure_allowed(actor, "regrade")
    operation = get_operation(node, actor, code)
    if status == "approved":
        raise InvalidInput("approve with `corridor operation approve`: it checks the deconfliction first")
    if operation.lead != actor.agency:
        raise InvalidInput(f"only the lead agency {operation.lead} moves the operation on")
    with node.store.transaction() as conn:
        set_status(conn, node, actor, operation, status)
        if status == "closed":  # its selectors are no longer live targets for deconfliction
            st = tables.share_targets
            conn.execute(
                update(st)
                .where((st.c.operation == operation.code) & (st.c.agency == operation.lead))
                .values(active=False)
            )
    return operation


def timeline(node: Node, principal: Principal, code: str) -> list[dict[str, Any]]:
    """The operation's moments in UTC, each also in every partner's local time."""
    operation = get_operation(node, principal, code)
    e = tables.joint_operation_events
    with node.store.engine.connect() as conn:
        rows = conn.execute(select(e).where(e.c.operation == operation.code).order_by(e.c.at, e.c.id)).all()
    return [local_times(r.at, operation.partners) | {"agency": r.agency, "kind": r.kind, "text": r.text} for r in rows]


def local_times(at: str, partners: dict[str, str]) -> dict[str, Any]:
    """``at`` (UTC ISO text) and its wall-clock time in each partner's zone."""
    from datetime import datetime

    moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    return {
        "at": at,
        "local": {
            agency: moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z") for agency, zone in partners.items()
        },
    }
