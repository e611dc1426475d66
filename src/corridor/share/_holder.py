"""The answering side of node-to-node calls: what a node does when a partner calls it.

The API layer authenticates the partner (``verify_request``) and rate-limits it, then calls
these functions with the partner's agency code. The partner acts as a node principal,
``OWN-AGENCY/node:PARTNER`` with the sharing officer role, so the audit log names it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from corridor.access import Node
from corridor.core import Conflict, InvalidInput
from corridor.model import Principal
from corridor.share import _psi
from corridor.share._common import own_agency
from corridor.share._export import build_bundle, stored_bundle
from corridor.share._format import read_envelope
from corridor.share._import import import_bundle
from corridor.share._watch import raise_alerts, refresh_alerts
from corridor.store import tables

MAX_BUNDLE_BYTES = 2 << 30


def node_principal(node: Node, partner: str) -> Principal:
    """The principal a partner node acts as on this node."""
    return Principal(agency=own_agency(node), user=f"node:{partner}", roles=frozenset({"sharing_officer"}))


def serve_push(node: Node, partner: str, body: bytes) -> dict[str, Any]:
    """Import a bundle a partner pushed; it must come from that partner."""
    if len(body) > MAX_BUNDLE_BYTES:
        raise InvalidInput("bundle too large")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pushed.jsonl"
        path.write_bytes(body)
        if read_envelope(path).sender.upper() != partner:
            raise InvalidInput(f"a bundle pushed by {partner} must be sent by {partner}")
        summary = import_bundle(node, node_principal(node, partner), path)
    refresh_alerts(node)
    return summary.as_dict()


def serve_pull(node: Node, partner: str, after: int) -> bytes | None:
    """The bundle after ``after`` for the partner: kept from before, or built now; ``None`` if nothing new."""
    with node.store.engine.connect() as conn:
        last = int(
            conn.execute(
                select(func.max(tables.share_outbox.c.sequence)).where(tables.share_outbox.c.partner == partner)
            ).scalar()
            or 0
        )
    wanted = after + 1
    if wanted <= last:
        content = stored_bundle(node, partner, wanted)
        if content is None:
            raise Conflict(f"bundle {wanted} for {partner} was delivered as a file; import it from there")
        return content
    if wanted > last + 1:
        raise Conflict(f"{partner} asks for bundle {wanted} but only {last} were made")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.jsonl"
        summary = build_bundle(node, node_principal(node, partner), partner, path, allow_empty=False, keep_content=True)
        return None if summary is None else path.read_bytes()


def _refresh(node: Node, set_name: str) -> None:
    """Bring a set up to date before answering from it (cheap when nothing changed)."""
    _psi.check_set(set_name)
    if set_name == "held":
        _psi.refresh_held(node)
    else:
        _psi.refresh_targets(node)


def serve_evaluate(node: Node, partner: str, set_name: str, payload: bytes) -> bytes:
    """The holder's step of a hit/no-hit query, audited with the number of selectors."""
    _refresh(node, set_name)
    answer = _psi.evaluate(node, payload)
    node.audit.append(
        f"{own_agency(node)}/node:{partner}",
        "disclosure",
        {"hit_query": {"partner": partner, "set": set_name, "selectors": len(payload) // 32}},
    )
    return answer


def serve_tags(node: Node, set_name: str) -> bytes:
    """The holder's published tags of a set, brought up to date first."""
    _refresh(node, set_name)
    return _psi.published_tags(node, set_name)


def receive_hits(node: Node, partner: str, body: dict[str, Any]) -> dict[str, Any]:
    """The asker's report of its hits: checked, alerted to this agency, answered with a contact."""
    set_name = str(body.get("set", "held"))
    _psi.check_set(set_name)
    hits = body.get("hits")
    if not isinstance(hits, list) or not all(isinstance(h, str) for h in hits):
        raise InvalidInput("hits must be a list of selector keys")
    confirmed = _psi.held_keys(node, set_name, hits)
    me = own_agency(node)
    agencies = node.store.agencies()
    asker_contact = agencies[partner].contact if partner in agencies else ""
    kind = "hit" if set_name == "held" else "deconfliction"
    detail = f"asked by {partner}" + (f"; contact: {asker_contact}" if asker_contact else "")
    with node.store.transaction() as conn:
        raise_alerts(
            conn, [{"agency": me, "kind": kind, "ref": key, "partner": partner, "detail": detail} for key in confirmed]
        )
        node.audit.record(
            conn,
            f"{me}/node:{partner}",
            "disclosure",
            {"hit_report": {"partner": partner, "set": set_name, "asked": body.get("asked"), "hits": confirmed}},
        )
    own = agencies.get(me)
    return {"agency": me, "contact": own.contact if own else "", "confirmed": len(confirmed)}
