"""Tasking and outcomes: what each partner is asked to do, and what it reports back.

A task is an FtM ``Event`` the lead writes with the marking ``A1 P to=PARTNER
compartment=OP``: only that partner, inside the operation's compartment, may receive it.
The lead's signed bundle to the partner (``corridor.share.build_bundle``) then carries the
tasks together with whatever else the door lets that partner receive — the targets'
records where their originators' markings allow, never a statement they withhold. A
statement about a target that the partner may not receive is counted as *withheld* and
needs its originator's consent (``corridor share consent request``) before it travels.

An outcome is an ``Event`` the partner writes on its own node, marked ``to=LEAD
compartment=OP``, and returns in its next bundle; the lead reads it back through the door.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from followthemoney import model
from sqlalchemy import select, update

from corridor.access import Node
from corridor.access import ensure as ensure_allowed
from corridor.core import Conflict, FieldError, InvalidInput, NotFound
from corridor.ingest import namespaced_id
from corridor.model import Principal, Statement, entity_statements, parse_marking, utc_now
from corridor.operations._records import event, get_operation
from corridor.operations._targets import targets
from corridor.share import build_bundle
from corridor.store import View, tables

RESULTS = ("arrested", "not_found", "searched", "seized", "frozen")
"""What a partner reports for a target."""


def _tag(code: str) -> str:
    return f"operation:{code}"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def task_statements(node: Node, actor: Principal, code: str) -> dict[str, list[Statement]]:
    """The task events per partner, marked for that partner alone inside the compartment."""
    operation = get_operation(node, actor, code)
    if not operation.action_at:
        raise Conflict(f"operation {operation.code} has no action day yet: approve it first")
    out: dict[str, list[Statement]] = {}
    for target in targets(node, actor, code):
        if not target.assigned_to or target.assigned_to == operation.lead:
            continue
        proxy = model.make_entity("Event")
        proxy.id = namespaced_id(operation.lead, f"{operation.code}-TASK-{_digest(target.entity_id)}")
        proxy.add("name", f"{operation.code}: {target.action} {target.label}")
        proxy.add(
            "summary", f"{operation.name}: {target.action} of {target.label} by {target.assigned_to} ({target.reason})"
        )
        proxy.add("involved", target.entity_id)
        proxy.add("date", operation.action_at[:10])
        proxy.add("startDate", operation.action_at)
        if target.country:
            proxy.add("country", target.country.lower())
        proxy.add("keywords", [_tag(operation.code), "task", f"action:{target.action}", f"agency:{target.assigned_to}"])
        marking = parse_marking(f"A1 P to={target.assigned_to} compartment={operation.compartment}")
        out.setdefault(target.assigned_to, []).extend(
            entity_statements(
                proxy, source=f"operation-{operation.code.lower()}", origin=operation.lead, marking=marking
            )
        )
    return out


@dataclass(slots=True)
class Tasking:
    """What went to one partner."""

    partner: str
    targets: list[str]
    bundle: str
    sequence: int
    statements: int
    withheld: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return {
            "partner": self.partner,
            "targets": self.targets,
            "bundle": self.bundle,
            "sequence": self.sequence,
            "statements": self.statements,
            "withheld": self.withheld,
        }


def withheld(node: Node, view: View, partner: str, entity_ids: list[str]) -> dict[str, int]:
    """Statements about ``entity_ids`` the lead sees but ``partner`` may not, by originator."""
    partner_view = node.store.view(node.store.principal(partner))
    counts: Counter[str] = Counter()
    for entity_id in entity_ids:
        _, mine = view.entity_statements(entity_id)
        try:
            theirs = {s.id for s in partner_view.entity_statements(entity_id)[1]}
        except NotFound:
            theirs = set()  # the partner may see nothing of this person
        for stmt in mine:
            if stmt.id not in theirs:
                counts[stmt.origin] += 1
    return dict(sorted(counts.items()))


def task(node: Node, actor: Principal, code: str, out_dir: Path) -> list[Tasking]:
    """Write the task events and each tasked partner's signed bundle into ``out_dir``."""
    ensure_allowed(actor, "share")
    operation = get_operation(node, actor, code)
    if operation.status not in ("approved", "action_day"):
        raise Conflict(f"operation {operation.code} is {operation.status}: only an approved operation is tasked")
    per_partner = task_statements(node, actor, code)
    listed = targets(node, actor, code)
    view = node.view(actor, purpose="operation-tasking", objects={"operation": operation.code})
    now = utc_now()
    with node.store.transaction() as conn:
        for statements in per_partner.values():
            node.store.write_statements(conn, statements)
        t = tables.joint_operation_targets
        conn.execute(
            update(t)
            .where((t.c.operation == operation.code) & (t.c.assigned_to.in_(list(per_partner))))
            .values(tasked_at=now)
        )
        node.audit.record(
            conn,
            actor.key,
            "collection",
            {"operation": {"code": operation.code, "tasks": {p: len(s) for p, s in per_partner.items()}}},
        )
    done = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for partner in sorted(per_partner):
        mine = [x.entity_id for x in listed if x.assigned_to == partner]
        path = out_dir / f"{operation.code.lower()}-{partner.lower()}.jsonl"
        summary = build_bundle(node, actor, partner, path, keep_content=True)  # the partner may also pull it
        assert summary is not None
        done.append(
            Tasking(partner, mine, str(path), summary.sequence, summary.statements, withheld(node, view, partner, mine))
        )
    with node.store.transaction() as conn:
        for item in done:
            event(
                conn,
                operation.code,
                operation.lead,
                "tasked",
                f"{item.partner}: {len(item.targets)} targets, bundle {item.sequence}",
                now,
            )
    return done


@dataclass(slots=True)
class Outcome:
    """A partner's report on one target."""

    id: str
    operation: str
    target: str
    result: str
    agency: str
    at: str
    detail: str
    amount_eur: float | None
    marking: str

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return {
            "id": self.id,
            "operation": self.operation,
            "target": self.target,
            "result": self.result,
            "agency": self.agency,
            "at": self.at,
            "detail": self.detail,
            "amount_eur": self.amount_eur,
            "marking": self.marking,
        }


def received_tasks(node: Node, principal: Principal, code: str) -> list[dict[str, Any]]:
    """The tasks a partner node received for operation ``code`` (read through the door)."""
    view = node.view(principal, purpose="operation-tasks", objects={"operation": code})
    out = []
    for entity_id, props in _events(view, code.upper(), "task").items():
        out.append(
            {
                "id": entity_id,
                "target": props.get("involved", [""])[0],
                "name": props.get("name", [""])[0],
                "summary": props.get("summary", [""])[0],
                "at": props.get("startDate", [""])[0],
                "action": next((k[7:] for k in props.get("keywords", []) if k.startswith("action:")), ""),
                "agency": next((k[7:] for k in props.get("keywords", []) if k.startswith("agency:")), ""),
            }
        )
    return sorted(out, key=lambda t: t["target"])


def _events(view: View, code: str, kind: str) -> dict[str, dict[str, list[str]]]:
    """Events tagged ``operation:CODE`` and ``kind``, as ``id -> prop -> values`` (with origin/marking)."""
    ids = {s.entity_id for s in view.statements(schemata=["Event"], props=["keywords"], values=[_tag(code)])}
    found: dict[str, dict[str, list[str]]] = {}
    for stmt in view.statements(entity_ids=sorted(ids), schemata=["Event"]):
        props = found.setdefault(stmt.entity_id, {})
        props.setdefault(stmt.prop, []).append(stmt.value)
        props["_origin"] = [stmt.origin]
        props["_marking"] = [str(stmt.marking)]
    return {k: v for k, v in found.items() if kind in v.get("keywords", [])}


def record_outcome(
    node: Node,
    actor: Principal,
    code: str,
    target: str,
    result: str,
    *,
    lead: str,
    compartment: str,
    detail: str = "",
    amount_eur: float | None = None,
    at: str | None = None,
) -> Outcome:
    """Write a partner's outcome for ``target`` on its own node, released to the lead only."""
    ensure_allowed(actor, "ingest")
    if result not in RESULTS:
        raise InvalidInput(
            "unknown outcome", errors=[FieldError(f"one of {', '.join(RESULTS)}", field="result", value=result)]
        )
    code = code.strip().upper()
    if compartment not in actor.compartments:
        raise InvalidInput(
            "outside the compartment",
            errors=[FieldError(f"{actor.key} is not in it", field="compartment", value=compartment)],
        )
    me = node.store.node_agency or actor.agency
    own = {x.entity_id for x in _own_targets(node, actor, code, me)}
    tasks = own or {t["target"] for t in received_tasks(node, actor, code)}
    if target not in tasks:
        raise InvalidInput(
            "not a task of this node",
            errors=[FieldError(f"no task of operation {code} names it", field="target", value=target)],
        )
    when = at or utc_now()
    proxy = model.make_entity("Event")
    proxy.id = namespaced_id(me, f"{code}-OUTCOME-{_digest(target, result, detail, when)}")
    proxy.add("name", f"{code}: {result} {target}")
    proxy.add("involved", target)
    proxy.add("date", when[:10])
    proxy.add("startDate", when)
    if detail:
        proxy.add("summary", detail)
    keywords = [_tag(code), "outcome", f"result:{result}", f"agency:{me}"]
    if amount_eur is not None:
        keywords.append(f"amount_eur:{amount_eur:.2f}")
    proxy.add("keywords", keywords)
    marking = parse_marking(f"A1 P to={lead.upper()} compartment={compartment}")
    statements = entity_statements(proxy, source=f"operation-{code.lower()}", origin=me, marking=marking)
    with node.store.transaction() as conn:
        node.store.write_statements(conn, statements)
        node.audit.record(
            conn, actor.key, "collection", {"operation": {"code": code, "outcome": result, "target": target}}
        )
    return Outcome(proxy.id, code, target, result, me, when, detail, amount_eur, str(marking))


def _own_targets(node: Node, actor: Principal, code: str, me: str) -> list[Any]:
    """The lead's own targets when this node leads ``code`` (it records its own arrests)."""
    o = tables.joint_operations
    with node.store.engine.connect() as conn:
        lead = conn.execute(select(o.c.lead).where(o.c.code == code)).scalar()
    if lead != me:
        return []
    return [x for x in targets(node, actor, code) if x.assigned_to == me]


def outcomes(node: Node, principal: Principal, code: str) -> list[Outcome]:
    """Every outcome of operation ``code`` the principal may see (own, or received in bundles)."""
    operation = get_operation(node, principal, code)
    view = node.view(principal, purpose="operation-outcomes", objects={"operation": operation.code})
    out = []
    for entity_id, props in _events(view, operation.code, "outcome").items():
        keywords = props.get("keywords", [])
        amount = next((float(k[11:]) for k in keywords if k.startswith("amount_eur:")), None)
        out.append(
            Outcome(
                id=entity_id,
                operation=operation.code,
                target=props.get("involved", [""])[0],
                result=next((k[7:] for k in keywords if k.startswith("result:")), ""),
                agency=props["_origin"][0],
                at=props.get("startDate", [""])[0],
                detail=props.get("summary", [""])[0],
                amount_eur=amount,
                marking=props["_marking"][0],
            )
        )
    return sorted(out, key=lambda o: (o.at, o.target))
