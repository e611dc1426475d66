"""Resolution on a node: read through the door, decide, append judgements, audit.

Invariants:

- The resolver sees only what its principal may see (``View.statements``), so a merge is
  only ever proposed between records that principal can read.
- Every decision is one appended judgement (rule, model with its score, analyst with a
  reason); canonical ids are rebuilt from the whole log, never edited.
- An analyst's word on a pair stands (``effective_verdicts``), and no chain of model merges
  may join a pair an analyst called different: such edges are refused and queued.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select

from corridor.access import Node, ensure
from corridor.core import FieldError, InvalidInput, NotFound
from corridor.model import Principal, utc_now
from corridor.resolve._cluster import Clusters
from corridor.resolve._link import REVIEW, THRESHOLD, link
from corridor.resolve._linked import PROPS as LINK_PROPS
from corridor.resolve._linked import SCHEMATA as LINK_SCHEMATA
from corridor.resolve._linked import linked_selectors
from corridor.resolve._records import KINDS, READ_PROPS, Record, records_from_statements
from corridor.store import (
    View,
    add_judgement,
    add_judgements,
    effective_verdicts,
    read_judgements,
    rebuild_canonical,
    tables,
)

WATERMARK = "resolve.watermark"
"""Store meta key: when the last resolution started (an incremental run takes what is newer)."""


@dataclass(slots=True)
class ResolveReport:
    """What a resolution run did (the CLI's ``--json`` document)."""

    records: int
    clusters: int
    merged: int
    queued: int
    seconds: float
    rules: int = 0
    pairs: int = 0
    new: int | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return asdict(self)


def read_records(view: View, only: Iterable[str] | None = None) -> list[Record]:
    """The linkable records the view's principal may see (optionally only ``only``)."""
    ids = None if only is None else list(only)
    statements = view.statements(schemata=sorted(KINDS), props=READ_PROPS, entity_ids=ids, ordered=True)
    records = list(records_from_statements(statements))
    linked = linked_selectors(view.statements(schemata=LINK_SCHEMATA, props=LINK_PROPS))
    for record in records:
        record.strong.extend(linked.get(record.entity_id, ()))
    return records


def _new_since(view: View, since: str) -> set[str]:
    return {s.entity_id for s in view.statements(schemata=sorted(KINDS), props=READ_PROPS) if s.first_seen >= since}


def resolve(
    node: Node,
    principal: Principal,
    *,
    threshold: float = THRESHOLD,
    review: float = REVIEW,
    new: Iterable[str] | None = None,
    incremental: bool = False,
) -> ResolveReport:
    """Resolve what ``principal`` may see; with ``new`` or ``incremental``, only the new batch.

    ``new`` names the records of a batch (an ingest, a partner's bundle); ``incremental``
    takes every record first seen since the last run. Either way the batch is compared
    with everything visible, but old pairs are not scored again.
    """
    ensure(principal, "resolve")
    if not 0.0 < review <= threshold <= 1.0:
        raise InvalidInput(
            "bad thresholds",
            errors=[
                FieldError("need 0 < review <= threshold <= 1", field="--threshold", value=f"{review}/{threshold}")
            ],
        )
    started = time.perf_counter()
    stamp = utc_now()
    view = node.view(principal, purpose="resolve", objects={"threshold": threshold, "review": review})
    records = read_records(view)
    batch: set[str] | None = set(new) if new is not None else None
    if batch is None and incremental:
        since = node.store.get_meta(WATERMARK)
        batch = _new_since(view, since) if since else None
    with node.store.reading() as conn:
        judgements = read_judgements(conn)
    verdicts = effective_verdicts(judgements)
    analyst = {(j.left_id, j.right_id) for j in judgements if j.kind == "analyst"}
    linked = link(records, threshold=threshold, review=review, new=batch, verdicts=verdicts, analyst_pairs=analyst)
    origin = node.store.node_agency or principal.agency
    merged = sum(1 for d in linked.decisions if d.verdict == "same")
    queued = sum(1 for d in linked.decisions if d.verdict == "unsure")
    with node.store.transaction() as conn:
        add_judgements(
            conn,
            (
                {
                    "left_id": d.left_id,
                    "right_id": d.right_id,
                    "verdict": d.verdict,
                    "actor": principal.key,
                    "kind": d.kind,
                    "origin": origin,
                    "score": round(d.score, 6),
                    "reason": json.dumps(d.explanation, ensure_ascii=False, sort_keys=True),
                }
                for d in linked.decisions
            ),
        )
        rebuild_canonical(conn)
        if new is None:
            # A named batch says nothing of the other records that arrived since the last
            # run: only a full or incremental run moves the watermark.
            node.store.set_meta(conn, WATERMARK, stamp)
        summary = {
            "resolve": True,
            "records": len(records),
            "merged": merged,
            "queued": queued,
            "batch": None if batch is None else len(batch),
        }
        node.audit.record(conn, principal.key, "combination", summary)
    ids = [r.entity_id for r in records]
    clusters = len({linked.clusters.find(e) for e in ids})
    return ResolveReport(
        records=len(records),
        clusters=clusters,
        merged=merged,
        queued=queued,
        seconds=round(time.perf_counter() - started, 3),
        rules=sum(1 for d in linked.decisions if d.kind == "rule" and d.verdict == "same"),
        pairs=linked.pairs,
        new=None if batch is None else len(batch),
        timings={k: round(v, 3) for k, v in linked.timings.items()},
    )


def _visible(view: View, entity_id: str) -> bool:
    # Read to the end: an abandoned stream leaves a server-side cursor open on PostgreSQL.
    return bool(list(view.statements(entity_ids=[entity_id], props=["id"])))


def judge(
    node: Node,
    principal: Principal,
    left: str,
    right: str,
    verdict: str,
    *,
    why: str = "",
) -> dict[str, Any]:
    """Record an analyst's decision on two records; a "different" splits their cluster.

    ``left`` and ``right`` are store ids (a canonical id is the store id of its cluster's
    first record). When "different" falls inside a cluster, the weakest model or rule links
    that hold the two together are recorded as "unsure" (so they join the review queue)
    until the pair is apart; analysts' own "same" links are never overruled.
    """
    ensure(principal, "judge")
    view = node.store.view(principal)
    for entity_id in (left, right):
        if not _visible(view, entity_id):
            raise NotFound(f"no entity {entity_id!r}")
    origin = node.store.node_agency or principal.agency
    with node.store.transaction() as conn:
        seq = add_judgement(conn, left, right, verdict, actor=principal.key, kind="analyst", origin=origin, reason=why)
        judgements = read_judgements(conn)
        verdicts = effective_verdicts(judgements)
        analyst = {(j.left_id, j.right_id) for j in judgements if j.kind == "analyst"}
        scores: dict[tuple[str, str], float] = {}
        for j in judgements:
            scores[(j.left_id, j.right_id)] = j.score if j.score is not None else 1.0
        clusters = Clusters(pair for pair, v in verdicts.items() if v == "different")
        same = [pair for pair, v in verdicts.items() if v == "same"]
        same.sort(key=lambda p: (p not in analyst, -scores.get(p, 1.0), p))
        split = 0
        for a, b in same:
            if clusters.join(a, b) or (a, b) in analyst:
                continue
            add_judgement(
                conn,
                a,
                b,
                "unsure",
                actor=principal.key,
                kind="rule",
                origin=origin,
                score=scores.get((a, b)),
                reason=json.dumps({"rule": {"split": [left, right], "judgement": seq}}, sort_keys=True),
            )
            split += 1
        rebuild_canonical(conn)
        node.audit.record(
            conn,
            principal.key,
            "alteration",
            {"judgement": seq, "left": left, "right": right, "verdict": verdict, "split": split},
            why,
        )
    return {
        "judgement": seq,
        "left": left,
        "right": right,
        "verdict": verdict,
        "split": split,
        "canonical": {left: view.canonical_id(left), right: view.canonical_id(right)},
    }


def review_queue(node: Node, principal: Principal, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Pairs waiting for an analyst, strongest first, with the explanation of their score.

    Only pairs whose two records the principal may see are listed, and names shown are the
    visible ones, so the queue reveals nothing the door would not.
    """
    ensure(principal, "judge")
    view = node.view(principal, purpose="review queue")
    with node.store.reading() as conn:
        judgements = read_judgements(conn)
    verdicts = effective_verdicts(judgements)
    latest = {(j.left_id, j.right_id): j for j in judgements}
    decided = {(j.left_id, j.right_id) for j in judgements if j.kind == "analyst"}
    pairs = [latest[p] for p, v in verdicts.items() if v == "unsure" and p not in decided]
    ids = sorted({x for j in pairs for x in (j.left_id, j.right_id)})
    records = {r.entity_id: r for r in read_records(view, ids)} if ids else {}
    items = []
    for j in sorted(pairs, key=lambda j: (-(j.score or 0.0), j.left_id, j.right_id)):
        if j.left_id not in records or j.right_id not in records:
            continue
        if view.canonical_id(j.left_id) == view.canonical_id(j.right_id):
            continue
        try:
            explanation = json.loads(j.reason) if j.reason else {}
        except json.JSONDecodeError:
            explanation = {"reason": j.reason}
        items.append(
            {
                "left": j.left_id,
                "right": j.right_id,
                "left_name": records[j.left_id].display,
                "right_name": records[j.right_id].display,
                "score": j.score,
                "kind": j.kind,
                "judgement": j.seq,
                "explanation": explanation,
            }
        )
        if limit is not None and len(items) >= limit:
            break
    return items


def explain(node: Node, principal: Principal, entity_id: str) -> list[dict[str, Any]]:
    """The judgements behind an entity's cluster, with their explanations (for the profile page)."""
    view = node.view(principal, purpose="resolution explanation", objects={"entity": entity_id})
    _canonical, members = view.cluster(entity_id)
    visible = {r.entity_id for r in read_records(view, members)}
    if entity_id not in visible:
        raise NotFound(f"no entity {entity_id!r}")
    with node.store.reading() as conn:
        judgements = read_judgements(conn, sorted(visible))
    out = []
    for j in judgements:
        if j.left_id not in visible or j.right_id not in visible:
            continue
        out.append(j.as_dict())
    return out


def visible_clusters(node: Node, principal: Principal) -> list[tuple[str, str]]:
    """``(record, canonical)`` for every record the principal may see.

    The canonical id shown is the smallest *visible* id of the record's cluster, so an id the
    principal may not see never appears (for a principal who sees the whole cluster, it is
    the store's canonical id).
    """
    view = node.view(principal, purpose="clusters export")
    ids = sorted({s.entity_id for s in view.statements(props=["id"])})
    with node.store.reading() as conn:
        query = select(tables.canonical.c.entity_id, tables.canonical.c.canonical_id)
        canonical = {str(e): str(c) for e, c in conn.execute(query)}
    heads: dict[str, str] = {}
    for entity_id in ids:
        head = canonical.get(entity_id, entity_id)
        heads[head] = min(heads.get(head, entity_id), entity_id)
    return [(e, heads[canonical.get(e, e)]) for e in ids]
