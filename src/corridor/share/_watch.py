"""Watchlists, alerts and deconfliction targets.

A watch is a selector (``phone:+381…``) or a record id (a person, after resolution: the
whole cluster the record belongs to) that an agency wants to hear about. ``refresh_alerts``
looks, through the door of the watching agency, for statements that match a watch and
raises one alert per new statement; it runs after every bundle import and on
``corridor alerts --refresh`` (after an ingest), so data that arrives by either road is
caught. Statements that already matched when the watch was added are recorded as seen,
not alerted. Listing alerts re-checks the door, so an alert on a statement that has since
been withdrawn or re-graded out of reach is not shown.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from corridor.access import Node
from corridor.access import ensure as ensure_allowed
from corridor.core import NotFound
from corridor.model import Principal, Statement, selector_kind_for_property, utc_now
from corridor.share._common import upsert
from corridor.share._psi import is_selector_text, parse_selector_line, refresh_targets
from corridor.store import View, tables

SEEN = "seen"
"""Alert kind of a statement that matched when its watch was added (recorded, not shown)."""


def raise_alerts(conn: Connection, alerts: list[dict[str, str]]) -> None:
    """Record alerts once each (the same kind, ref, statement and partner never alert twice).

    Each dict gives ``agency``, ``kind`` and ``ref``, and optionally ``statement_id``,
    ``entity_id``, ``partner`` and ``detail``.
    """
    now = utc_now()
    rows = [
        {
            "agency": a["agency"],
            "kind": a["kind"],
            "ref": a["ref"],
            "statement_id": a.get("statement_id", ""),
            "entity_id": a.get("entity_id", ""),
            "partner": a.get("partner", ""),
            "detail": a.get("detail", ""),
            "created_at": now,
        }
        for a in alerts
    ]
    upsert(conn, tables.share_alerts, rows, ("kind", "ref", "statement_id", "partner"), replace=False)


def raise_alert(conn: Connection, **alert: str) -> None:
    """Record one alert once (see ``raise_alerts``)."""
    raise_alerts(conn, [alert])


@dataclass(frozen=True, slots=True)
class Watch:
    """One watch of one agency."""

    id: int
    agency: str
    kind: str
    target: str
    created_by: str
    created_at: str

    def as_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return asdict(self)


def _matches(view: View, watch: Watch) -> Iterator[Statement]:
    if watch.kind == "selector":
        kind, _, value = watch.target.partition(":")
        for stmt in view.statements(values=[value], props=tables.SELECTOR_PROPS):
            if selector_kind_for_property(stmt.schema, stmt.prop) == kind:
                yield stmt
        return
    _, members = view.cluster(watch.target)
    yield from view.statements(entity_ids=members)


def add_watch(node: Node, actor: Principal, target: str) -> Watch:
    """Watch a selector (``KIND:VALUE``) or a record id for the actor's agency."""
    ensure_allowed(actor, "read")
    if is_selector_text(target):
        kind, key = "selector", parse_selector_line(target, "watch")
    else:
        kind, key = "entity", target.strip()
    now = utc_now()
    with node.store.transaction() as conn:
        inserted = conn.execute(
            insert(tables.share_watches).values(
                agency=actor.agency, kind=kind, target=key, created_by=actor.key, created_at=now, active=True
            )
        ).inserted_primary_key
        assert inserted is not None
        wid = inserted[0]
        node.audit.record(conn, actor.key, "collection", {"watch": {"id": wid, "kind": kind, "target": key}})
    watch = Watch(int(wid), actor.agency, kind, key, actor.key, now)
    view = node.store.view(node.store.principal(actor.agency))
    matched = list(_matches(view, watch))  # read before writing: a SQLite read takes the lock too
    ref = f"watch:{watch.id}"
    with node.store.transaction() as conn:
        raise_alerts(
            conn,
            [
                {"agency": watch.agency, "kind": SEEN, "ref": ref, "statement_id": s.id, "entity_id": s.entity_id}
                for s in matched
            ],
        )
    return watch


def watches(node: Node, agency: str | None = None) -> list[Watch]:
    """Active watches, of one agency or all."""
    query = select(tables.share_watches).where(tables.share_watches.c.active.is_(True))
    if agency:
        query = query.where(tables.share_watches.c.agency == agency)
    with node.store.engine.connect() as conn:
        return [
            Watch(r.id, r.agency, r.kind, r.target, r.created_by, r.created_at)
            for r in conn.execute(query.order_by(tables.share_watches.c.id))
        ]


def visible_watches(node: Node, principal: Principal) -> list[Watch]:
    """The agency's watches as ``principal`` may see them.

    A watch on a record is listed to its maker, and to colleagues only if they may see the
    record: the watchlist is shared by the agency, but a colleague outside a compartment
    must not learn a compartment record's id from it (leak hunt finding).
    """
    found = watches(node, principal.agency)
    ids = sorted({w.target for w in found if w.kind == "entity" and w.created_by != principal.key})
    seen = {s.entity_id for s in node.store.view(principal).statements(entity_ids=ids)} if ids else set()
    return [w for w in found if w.kind != "entity" or w.created_by == principal.key or w.target in seen]


def remove_watch(node: Node, actor: Principal, watch_id: int) -> None:
    """Stop a watch of the actor's agency."""
    with node.store.transaction() as conn:
        done = conn.execute(
            update(tables.share_watches)
            .where((tables.share_watches.c.id == watch_id) & (tables.share_watches.c.agency == actor.agency))
            .values(active=False)
        )
        if not done.rowcount:
            raise NotFound(f"no watch {watch_id}")
        node.audit.record(conn, actor.key, "alteration", {"watch": {"id": watch_id, "active": False}})


def refresh_alerts(node: Node) -> int:
    """Raise an alert for every statement that newly matches a watch; returns how many."""
    raised = 0
    for watch in watches(node):
        try:
            view = node.store.view(node.store.principal(watch.agency))
        except NotFound:
            continue
        ref = f"watch:{watch.id}"
        with node.store.engine.connect() as conn:
            known = set(
                conn.execute(
                    select(tables.share_alerts.c.statement_id).where(tables.share_alerts.c.ref == ref)
                ).scalars()
            )
        fresh = [s for s in _matches(view, watch) if s.id not in known]
        if not fresh:
            continue
        with node.store.transaction() as conn:
            raise_alerts(
                conn,
                [
                    {
                        "agency": watch.agency,
                        "kind": "watch",
                        "ref": ref,
                        "statement_id": stmt.id,
                        "entity_id": stmt.entity_id,
                        "detail": json.dumps({"target": watch.target, "prop": stmt.prop, "origin": stmt.origin}),
                    }
                    for stmt in fresh
                ],
            )
        raised += len(fresh)
    return raised


def list_alerts(node: Node, principal: Principal) -> list[dict[str, Any]]:
    """The alerts of the principal's agency that the door still lets it see."""
    with node.store.engine.connect() as conn:
        rows = conn.execute(
            select(tables.share_alerts)
            .where((tables.share_alerts.c.agency == principal.agency) & (tables.share_alerts.c.kind != SEEN))
            .order_by(tables.share_alerts.c.id)
        ).all()
    view = node.store.view(principal)
    entity_ids = sorted({r.entity_id for r in rows if r.statement_id})
    visible = {s.id for s in view.statements(entity_ids=entity_ids)} if entity_ids else set()
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "ref": r.ref,
            "statement_id": r.statement_id or None,
            "entity_id": r.entity_id or None,
            "partner": r.partner or None,
            "detail": r.detail,
            "created_at": r.created_at,
        }
        for r in rows
        if not r.statement_id or r.statement_id in visible
    ]


def add_target(node: Node, actor: Principal, selector: str, operation: str) -> int:
    """Register a selector as a target of a live operation, for deconfliction."""
    ensure_allowed(actor, "share")
    key = parse_selector_line(selector, "target")
    with node.store.transaction() as conn:
        inserted = conn.execute(
            insert(tables.share_targets).values(
                agency=actor.agency,
                operation=operation,
                key=key,
                created_by=actor.key,
                created_at=utc_now(),
                active=True,
            )
        ).inserted_primary_key
        assert inserted is not None
        tid = inserted[0]
        node.audit.record(conn, actor.key, "collection", {"target": {"id": tid, "operation": operation, "key": key}})
    refresh_targets(node)
    return int(tid)


def own_targets(node: Node, agency: str) -> list[str]:
    """The live deconfliction targets (selector keys) of ``agency``."""
    t = tables.share_targets
    with node.store.engine.connect() as conn:
        keys = conn.execute(select(t.c.key).where((t.c.agency == agency) & t.c.active.is_(True))).scalars()
        return sorted(set(keys))
