"""Judgements: the append-only log of same / different / unsure decisions, and canonical ids.

Canonical ids are derived from the log and never edited by hand: undoing a merge is one
more judgement. For each pair the analyst's latest word stands if an analyst spoke;
otherwise the latest judgement of a rule or model. Records joined by "same" pairs form a
cluster whose canonical id is its smallest record id, so the id stays put when unrelated
data arrives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from corridor.core import FieldError, InvalidInput
from corridor.model import utc_now
from corridor.store import _schema as t

VERDICTS = ("same", "different", "unsure")
KINDS = ("analyst", "rule", "model")


@dataclass(frozen=True, slots=True)
class Judgement:
    """One decision about a pair of records."""

    seq: int
    left_id: str
    right_id: str
    verdict: str
    actor: str
    kind: str
    score: float | None
    reason: str
    origin: str
    created_at: str

    @property
    def explanation(self) -> dict[str, Any]:
        """The reason as data: model judgements carry JSON (comparison levels and weights)."""
        if self.reason.startswith("{"):
            try:
                data = json.loads(self.reason)
            except json.JSONDecodeError:
                return {"reason": self.reason}
            if isinstance(data, dict):
                return data
        return {"reason": self.reason}

    def as_dict(self) -> dict[str, Any]:
        """The judgement as the CLI, the API and the profile page show it."""
        return {
            "seq": self.seq,
            "left": self.left_id,
            "right": self.right_id,
            "verdict": self.verdict,
            "kind": self.kind,
            "actor": self.actor,
            "score": self.score,
            "reason": self.reason,
            "explanation": self.explanation,
            "created_at": self.created_at,
        }


def add_judgement(
    conn: Connection,
    left_id: str,
    right_id: str,
    verdict: str,
    *,
    actor: str,
    kind: str,
    origin: str,
    score: float | None = None,
    reason: str = "",
) -> int:
    """Append a judgement (pairs are stored in sorted order); returns its sequence number."""
    row = _row(left_id, right_id, verdict, actor=actor, kind=kind, origin=origin, score=score, reason=reason)
    key = conn.execute(insert(t.judgements).values(**row, created_at=utc_now())).inserted_primary_key
    assert key is not None
    return int(key[0])


def add_judgements(conn: Connection, judgements: Iterable[dict[str, Any]], *, chunk: int = 10_000) -> int:
    """Append many judgements in log order, each a dict of ``add_judgement``'s arguments
    (``left_id``, ``right_id``, ``verdict``, ``actor``, ``kind``, ``origin``, optional
    ``score`` and ``reason``); returns how many. A resolution run decides hundreds of
    thousands of pairs: one INSERT each took 13 minutes for 750k."""
    stamp, count, rows = utc_now(), 0, []
    for judgement in judgements:
        rows.append({**_row(**judgement), "created_at": stamp})
        if len(rows) >= chunk:
            conn.execute(insert(t.judgements), rows)
            count, rows = count + len(rows), []
    if rows:
        conn.execute(insert(t.judgements), rows)
        count += len(rows)
    return count


def _row(
    left_id: str,
    right_id: str,
    verdict: str,
    *,
    actor: str,
    kind: str,
    origin: str,
    score: float | None = None,
    reason: str = "",
) -> dict[str, Any]:
    """A checked judgement row, its pair in sorted order."""
    if verdict not in VERDICTS:
        raise InvalidInput(
            "bad judgement",
            errors=[FieldError(f"verdict must be one of {', '.join(VERDICTS)}", field="verdict", value=verdict)],
        )
    if kind not in KINDS:
        raise InvalidInput(
            "bad judgement", errors=[FieldError(f"kind must be one of {', '.join(KINDS)}", field="kind", value=kind)]
        )
    if left_id == right_id:
        raise InvalidInput(
            "bad judgement",
            errors=[FieldError("a record cannot be judged against itself", field="right", value=right_id)],
        )
    left, right = sorted((left_id, right_id))
    return {
        "left_id": left,
        "right_id": right,
        "verdict": verdict,
        "actor": actor,
        "kind": kind,
        "score": score,
        "reason": reason,
        "origin": origin,
    }


def read_judgements(conn: Connection, entity_ids: Iterable[str] | None = None) -> list[Judgement]:
    """Judgements in log order, optionally only those touching ``entity_ids``."""
    query = select(t.judgements).order_by(t.judgements.c.seq)
    if entity_ids is not None:
        ids = list(entity_ids)
        query = query.where(t.judgements.c.left_id.in_(ids) | t.judgements.c.right_id.in_(ids))
    return [Judgement(**row._mapping) for row in conn.execute(query)]


def effective_verdicts(judgements: Iterable[Judgement]) -> dict[tuple[str, str], str]:
    """The verdict that stands for each pair: the analyst's latest, else the latest overall."""
    latest: dict[tuple[str, str], Judgement] = {}
    analyst: dict[tuple[str, str], Judgement] = {}
    for judgement in judgements:
        pair = (judgement.left_id, judgement.right_id)
        latest[pair] = judgement
        if judgement.kind == "analyst":
            analyst[pair] = judgement
    return {pair: (analyst.get(pair) or j).verdict for pair, j in latest.items()}


def clusters(verdicts: dict[tuple[str, str], str]) -> dict[str, str]:
    """Map every record in a "same" pair to its cluster's canonical (smallest) id."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (left, right), verdict in sorted(verdicts.items()):
        if verdict == "same":
            a, b = find(left), find(right)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {x: find(x) for x in parent}


def rebuild_canonical(conn: Connection) -> int:
    """Derive the canonical table from the whole judgement log; returns records mapped."""
    mapping = clusters(effective_verdicts(read_judgements(conn)))
    conn.execute(delete(t.canonical))
    rows = [{"entity_id": e, "canonical_id": c} for e, c in sorted(mapping.items()) if e != c]
    if rows:
        conn.execute(insert(t.canonical), rows)
    return len(rows)
