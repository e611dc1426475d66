"""Choosing an operation's targets from the network: key players, a community, a disruption plan.

Targets are read through the door for the operation's purpose, so a target is always a
person the planner may see; its selectors are the normalised identifiers (phones, IBANs,
documents…) on the records of its resolution cluster, ready for deconfliction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from corridor.access import Node
from corridor.access import ensure as ensure_allowed
from corridor.core import Conflict, FieldError, InvalidInput
from corridor.graph import GraphCache, communities, disrupt, key_players
from corridor.model import Principal, selector_kind_for_property, utc_now
from corridor.operations._records import event, get_operation
from corridor.store import View, tables

SOURCES = ("key-players", "community", "disruption", "entity")
ACTIONS = ("arrest", "search", "seizure", "freeze")
_CACHE = GraphCache(size=2)


@dataclass(slots=True)
class Target:
    """A person the operation will act on, with why it was chosen and where."""

    entity_id: str
    label: str
    chosen_from: str
    reason: str
    selectors: list[str]
    country: str
    action: str
    assigned_to: str
    tasked_at: str | None

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return {
            "entity_id": self.entity_id,
            "label": self.label,
            "chosen_from": self.chosen_from,
            "reason": self.reason,
            "selectors": self.selectors,
            "country": self.country,
            "action": self.action,
            "assigned_to": self.assigned_to,
            "tasked_at": self.tasked_at,
        }


def targets(node: Node, principal: Principal, code: str) -> list[Target]:
    """The operation's targets (``NotFound`` outside its compartment)."""
    operation = get_operation(node, principal, code)
    t = tables.joint_operation_targets
    with node.store.engine.connect() as conn:
        rows = conn.execute(select(t).where(t.c.operation == operation.code).order_by(t.c.added_at, t.c.entity_id))
        return [
            Target(
                r.entity_id,
                r.label,
                r.chosen_from,
                r.reason,
                json.loads(r.selectors),
                r.country,
                r.action,
                r.assigned_to,
                r.tasked_at,
            )
            for r in rows
        ]


def selectors_of(view: View, entity_id: str) -> list[str]:
    """Match keys (``kind:value``) of every selector on the records of ``entity_id``'s cluster."""
    _, statements = view.entity_statements(entity_id)
    keys = set()
    for stmt in statements:
        kind = selector_kind_for_property(stmt.schema, stmt.prop)
        if kind is not None:
            keys.add(f"{kind}:{stmt.value}")
    return sorted(keys)


def _candidates(
    view: View, source: str, value: str | int, as_of: str | None = None
) -> list[tuple[str, str, str, list[str]]]:
    """``(entity id, name, reason, countries)`` of the people ``source`` proposes (network up to ``as_of``)."""
    if source == "entity":
        proxy = view.entity(str(value))  # NotFound unless the planner may see the person
        return [(str(value), proxy.caption, "chosen by the planner", [])]
    network = _CACHE.network(view, until=as_of)
    if source == "key-players":
        top = int(value)
        return [
            (p["id"], p["name"], f"key player #{p['rank']} (score {p['score']})", p["countries"])
            for p in key_players(network, top=top)
        ]
    if source == "community":
        found = [c for c in communities(network) if str(c["id"]) == str(value)]
        if not found:
            raise InvalidInput(
                "no such community",
                errors=[FieldError("see `corridor analyse communities`", field="community", value=str(value))],
            )
        names = dict(zip(network.entity.ids, network.entity.names, strict=False))
        return [(m, names.get(m, m), f"member of community {value}", []) for m in found[0]["members"]]
    if source == "disruption":
        plan = disrupt(network, greedy=int(value))
        names = dict(zip(network.entity.ids, network.entity.names, strict=False))
        last = plan["steps"][-1] if plan["steps"] else {}
        parts = last.get("components", "?")
        return [
            (
                pid,
                names.get(pid, pid),
                f"disruption step {i}: these {len(plan['removed'])} split the network into {parts} parts",
                [],
            )
            for i, pid in enumerate(plan["removed"], start=1)
        ]
    raise InvalidInput("unknown target source", errors=[FieldError(", ".join(SOURCES), field="from", value=source)])


def add_targets(
    node: Node,
    actor: Principal,
    code: str,
    *,
    source: str,
    value: str | int,
    action: str = "arrest",
    country: str | None = None,
    as_of: str | None = None,
) -> list[Target]:
    """Add the people ``source`` proposes (top N key players, community N, greedy N, one entity).

    ``as_of`` (a date) plans on the network as it was known then, e.g. on data up to the
    day before the action when replaying an operation on a scenario.
    """
    ensure_allowed(actor, "read")
    if source not in SOURCES:
        raise InvalidInput(
            "unknown target source", errors=[FieldError(f"one of {', '.join(SOURCES)}", field="from", value=source)]
        )
    if action not in ACTIONS:
        raise InvalidInput(
            "unknown action", errors=[FieldError(f"one of {', '.join(ACTIONS)}", field="action", value=action)]
        )
    operation = get_operation(node, actor, code)
    if operation.status != "planning":
        raise Conflict(f"operation {operation.code} is {operation.status}: targets are chosen while planning")
    view = node.view(
        actor, purpose="operation-targets", objects={"operation": operation.code, "from": source, "value": str(value)}
    )
    chosen = _candidates(view, source, value, as_of)
    partner_countries = {a.code: a.country for code_, a in node.store.agencies().items() if code_ in operation.partners}
    t = tables.joint_operation_targets
    now = utc_now()
    with node.store.engine.connect() as conn:
        existing = set(conn.execute(select(t.c.entity_id).where(t.c.operation == operation.code)).scalars())
    rows = []
    for entity_id, label, reason, countries in chosen:
        if entity_id in existing:
            continue
        where = (country or _country_of(view, entity_id, countries, partner_countries)).upper()
        assigned = next((code_ for code_, c in sorted(partner_countries.items()) if c == where), "")
        rows.append(
            {
                "operation": operation.code,
                "entity_id": entity_id,
                "label": label,
                "chosen_from": source,
                "reason": reason,
                "selectors": json.dumps(selectors_of(view, entity_id)),
                "country": where,
                "action": action,
                "assigned_to": assigned,
                "tasked_at": None,
                "added_by": actor.key,
                "added_at": now,
            }
        )
    added = [row["entity_id"] for row in rows]
    with node.store.transaction() as conn:
        for row in rows:
            conn.execute(insert(t).values(**row))
        event(conn, operation.code, actor.agency, "targets", f"{len(added)} targets from {source} {value}", now)
        node.audit.record(conn, actor.key, "collection", {"operation": {"code": operation.code, "targets": added}})
    return [x for x in targets(node, actor, code) if x.entity_id in added]


def _country_of(view: View, entity_id: str, countries: list[str], partners: dict[str, str]) -> str:
    """Where the action happens: the first country of the person that a partner covers."""
    found = list(countries)
    if not found:
        _, statements = view.entity_statements(entity_id)
        found = [s.value.upper() for s in statements if s.prop in ("country", "nationality") and s.value]
    covered = set(partners.values())
    for c in found:
        if c.upper() in covered:
            return c.upper()
    return found[0].upper() if found else ""


def assign(
    node: Node, actor: Principal, code: str, entity_id: str, *, agency: str, action: str | None = None
) -> Target:
    """Reassign one target to a partner agency (and action) while planning."""
    from sqlalchemy import update

    operation = get_operation(node, actor, code)
    agency = agency.strip().upper()
    if agency not in operation.partners:
        raise InvalidInput(
            "not a partner of the operation",
            errors=[FieldError("see `corridor operation show`", field="agency", value=agency)],
        )
    if action is not None and action not in ACTIONS:
        raise InvalidInput(
            "unknown action", errors=[FieldError(f"one of {', '.join(ACTIONS)}", field="action", value=action)]
        )
    t = tables.joint_operation_targets
    values: dict[str, Any] = {"assigned_to": agency, "country": node.store.agencies()[agency].country}
    if action:
        values["action"] = action
    with node.store.transaction() as conn:
        done = conn.execute(
            update(t).where((t.c.operation == operation.code) & (t.c.entity_id == entity_id)).values(**values)
        )
        if not done.rowcount:
            raise InvalidInput(
                "not a target of the operation",
                errors=[FieldError("see `corridor operation show`", field="target", value=entity_id)],
            )
        node.audit.record(
            conn, actor.key, "alteration", {"operation": {"code": operation.code, "assign": entity_id, **values}}
        )
    return next(x for x in targets(node, actor, code) if x.entity_id == entity_id)
