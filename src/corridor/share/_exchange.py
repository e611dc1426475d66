"""What a node does with a partner over HTTP: push and pull bundles, ask hit/no-hit.

Each function is one job of a sharing officer, audited on this side; the partner audits
its own side.
"""

from __future__ import annotations

import json
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from corridor.access import Node
from corridor.access import ensure as ensure_allowed
from corridor.core import IntegrityFailure, InvalidInput
from corridor.model import Principal
from corridor.share import _group, _psi
from corridor.share._client import PartnerClient
from corridor.share._export import build_bundle, stored_bundle
from corridor.share._import import ImportSummary, import_bundle
from corridor.share._watch import raise_alert, refresh_alerts
from corridor.store import tables

_PUSHED = "share_pushed:"
"""Meta key prefix: the last bundle sequence a partner acknowledged receiving by push."""


def push_bundle(node: Node, actor: Principal, url: str) -> dict[str, Any]:
    """Build the next bundle for the partner at ``url`` and POST it there.

    Bundles built by an earlier push that the partner never acknowledged (its server went
    down mid-import, the connection broke) are sent again first, in order. Building a
    bundle marks its statements as sent, so without this the new bundle would arrive
    after a gap, be refused, and so would every push after it (issue 12 finding).
    """
    with PartnerClient(node, url) as client, tempfile.TemporaryDirectory() as tmp:
        partner = client.agency
        resent = [_send(node, client, partner, seq, content) for seq, content in _unacknowledged(node, partner)]
        path = Path(tmp) / "bundle.jsonl"
        summary = build_bundle(node, actor, partner, path, keep_content=True)
        assert summary is not None
        answer = _send(node, client, partner, summary.sequence, path.read_bytes())
    result: dict[str, Any] = {"sent": summary.as_dict(), "partner": answer}
    if resent:
        result["resent"] = resent
    return result


def _unacknowledged(node: Node, partner: str) -> list[tuple[int, bytes]]:
    """Kept bundles for ``partner`` after the last acknowledged push (the first push starts the count)."""
    with node.store.engine.connect() as conn:
        last = conn.execute(
            select(func.max(tables.share_outbox.c.sequence)).where(tables.share_outbox.c.partner == partner)
        ).scalar()
    acked = node.store.get_meta(_PUSHED + partner)
    if acked is None:  # bundles made before pushes were counted went by file or pull
        with node.store.transaction() as conn:
            node.store.set_meta(conn, _PUSHED + partner, str(int(last or 0)))
        return []
    out = []
    for sequence in range(int(acked) + 1, int(last or 0) + 1):
        content = stored_bundle(node, partner, sequence)
        if content is not None:  # a bundle delivered as a file is the partner's to import
            out.append((sequence, content))
    return out


def _send(node: Node, client: PartnerClient, partner: str, sequence: int, content: bytes) -> dict[str, Any]:
    """POST one bundle; once the partner has it (imported now or before), remember that."""
    try:
        answer: dict[str, Any] = client.request(
            "POST", "/api/share/bundles", body=content, content_type="application/x-ndjson"
        ).json()
    except IntegrityFailure as exc:
        if "replayed" not in str(exc):  # a replay: the partner has it and later ones (it pulled them)
            raise
        answer = {"sequence": sequence, "already_imported": True}
    with node.store.transaction() as conn:
        if int(node.store.get_meta(_PUSHED + partner) or 0) < sequence:
            node.store.set_meta(conn, _PUSHED + partner, str(sequence))
    return answer


def pull_bundles(node: Node, actor: Principal, url: str, *, accept_gap: bool = False) -> list[ImportSummary]:
    """Fetch and import every bundle the partner at ``url`` has for this node, in order."""
    ensure_allowed(actor, "share")
    done: list[ImportSummary] = []
    with PartnerClient(node, url) as client, tempfile.TemporaryDirectory() as tmp:
        sender = client.agency
        while True:
            with node.store.engine.connect() as conn:
                last = conn.execute(
                    select(func.max(tables.share_inbox.c.sequence)).where(tables.share_inbox.c.sender == sender)
                ).scalar()
            response = client.request("GET", "/api/share/bundles/next", params={"after": int(last or 0)})
            if response.status_code == 204:
                break
            path = Path(tmp) / f"bundle-{len(done)}.jsonl"
            path.write_bytes(response.content)
            done.append(import_bundle(node, actor, path, accept_gap=accept_gap))
            if len(done) > 10_000:
                raise InvalidInput("partner keeps sending bundles; stopped after 10,000")
    if done:
        refresh_alerts(node)
    return done


@dataclass
class HitAnswer:
    """What the asker learns: which of its selectors are held, and whom to contact."""

    partner: str
    asked: int
    hits: list[str]
    contact: str
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``corridor hits query --json``."""
        return asdict(self)


def query_hits(
    node: Node, actor: Principal, url: str, keys: list[str], *, set_name: str = "held", chunk: int = 10_000
) -> HitAnswer:
    """Ask the partner at ``url`` which of ``keys`` it holds, privately (see ``_psi``).

    The query travels in chunks so that the partner raises one chunk to its key while this
    node blinds the next and unblinds the last, and the partner's tags are fetched while
    the first chunk is blinded: on two machines the three steps overlap instead of adding
    up. Every chunk is blinded with the same fresh scalar.
    """
    ensure_allowed(actor, "share")
    _psi.check_set(set_name)
    if not keys:
        raise InvalidInput("no selectors to ask about")
    seconds: dict[str, float] = {}
    scalar = _group.random_scalar()
    inverse = _group.invert_scalar(scalar)
    with PartnerClient(node, url) as client, ThreadPoolExecutor(max_workers=3) as pool:
        partner = client.agency
        started = time.perf_counter()
        tags_future = pool.submit(client.request, "GET", "/api/share/psi/set", params={"set": set_name})
        pending = []
        for start in range(0, len(keys), chunk):
            part = keys[start : start + chunk]
            payload = b"".join(_group.blind_keys(scalar, part))
            pending.append(
                (
                    part,
                    pool.submit(
                        client.request, "POST", "/api/share/psi/evaluate", body=payload, params={"set": set_name}
                    ),
                )
            )
        seconds["blind"] = time.perf_counter() - started
        held_tags = tags_future.result().content
        held = {held_tags[i : i + 8] for i in range(0, len(held_tags), 8)}
        seconds["tags"] = time.perf_counter() - started
        hits: list[str] = []
        for part, future in pending:
            evaluated = future.result().content
            if len(evaluated) != len(part) * _group.POINT_BYTES:
                raise InvalidInput("the partner answered a different number of selectors than were asked")
            points = [evaluated[i : i + _group.POINT_BYTES] for i in range(0, len(evaluated), _group.POINT_BYTES)]
            unblinded = _group.multiply(inverse, points)
            hits += [key for key, point in zip(part, unblinded, strict=True) if _group.tag(point) in held]
        seconds["intersect"] = time.perf_counter() - started
        mark = time.perf_counter()
        report = client.request(
            "POST",
            "/api/share/psi/hits",
            body=json.dumps({"set": set_name, "asked": len(keys), "hits": hits}).encode(),
            content_type="application/json",
        ).json()
        seconds["report"] = time.perf_counter() - mark
        seconds["total"] = time.perf_counter() - started
    listed = node.store.agencies().get(partner)
    contact = str(report.get("contact") or (listed.contact if listed else ""))
    answer = HitAnswer(partner=partner, asked=len(keys), hits=hits, contact=contact, seconds=seconds)
    with node.store.transaction() as conn:
        node.audit.record(
            conn,
            actor.key,
            "consultation",
            {"hit_query": {"partner": partner, "set": set_name, "asked": len(keys), "hits": len(hits)}},
        )
        if set_name == "targets":
            for key in hits:
                raise_alert(
                    conn,
                    agency=actor.agency,
                    kind="deconfliction",
                    ref=key,
                    partner=partner,
                    detail=f"contact: {contact}",
                )
    return answer
