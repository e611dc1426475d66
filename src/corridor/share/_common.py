"""Small helpers the sharing modules share: dialect upserts, digests, the node's agency."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

from corridor.access import Node
from corridor.core import ConfigError
from corridor.store import Judgement


def own_agency(node: Node) -> str:
    """The agency that runs this node; sharing needs one."""
    agency = node.store.node_agency
    if agency is None:
        raise ConfigError("this node has no agency: run `corridor init --agency CODE`")
    return agency


def upsert(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], keys: Sequence[str], *, replace: bool = True
) -> None:
    """Insert rows; rows whose keys exist get the new non-key columns, or, unless ``replace``, stay."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table)
    others = {c: stmt.excluded[c] for c in rows[0] if c not in keys}
    if others and replace:
        stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_=others)
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    for start in range(0, len(rows), 10_000):
        conn.execute(stmt, list(rows[start : start + 10_000]))


def marking_digest(origin: str, marking_text: str) -> str:
    """A short digest of a statement's marking, to notice a re-grading since the last bundle."""
    return hashlib.sha256(f"{origin}\x1f{marking_text}".encode()).hexdigest()[:16]


def judgement_key(j: Judgement | dict[str, Any]) -> str:
    """A judgement's key, the same on every node: who judged which pair how, and when."""
    if isinstance(j, Judgement):
        parts = [j.left_id, j.right_id, j.verdict, j.actor, j.kind, j.origin, j.created_at]
    else:
        parts = [str(j.get(k, "")) for k in ("left", "right", "verdict", "actor", "kind", "origin", "created_at")]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()  # noqa: S324 - a key, not a secret
