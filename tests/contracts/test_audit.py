"""The audit chain finds every edit, deletion, insertion and reordering, on both backends."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Connection, delete, insert, select, update

from corridor.access import Node
from corridor.core import IntegrityFailure
from corridor.store import tables


def _fill(node: Node, n: int = 5) -> None:
    for i in range(n):
        node.audit.append(f"GB-NCA/user{i}", "consultation", {"entity": f"e{i}"}, "test")


def test_intact_chain_verifies(node: Node) -> None:
    _fill(node)
    result = node.audit.ensure_intact()
    assert result.events == 6  # init + 5
    events = list(node.audit.events())
    assert [e.seq for e in events] == list(range(1, 7))
    assert events[1].objects == {"entity": "e0"}


def _edit(conn: Connection) -> None:
    conn.execute(update(tables.audit_log).where(tables.audit_log.c.seq == 3).values(principal="GB-NCA/someone-else"))


def _edit_objects(conn: Connection) -> None:
    conn.execute(update(tables.audit_log).where(tables.audit_log.c.seq == 2).values(objects='{"entity":"other"}'))


def _delete_middle(conn: Connection) -> None:
    conn.execute(delete(tables.audit_log).where(tables.audit_log.c.seq == 3))


def _delete_tail(conn: Connection) -> None:
    conn.execute(delete(tables.audit_log).where(tables.audit_log.c.seq == 6))


def _insert(conn: Connection) -> None:
    last = conn.execute(select(tables.audit_log).where(tables.audit_log.c.seq == 6)).one()
    conn.execute(
        insert(tables.audit_log).values(
            seq=7,
            ts=last.ts,
            principal="x",
            action="consultation",
            objects="{}",
            justification="",
            prev_hash=last.hash,
            hash="0" * 64,
        )
    )


def _reorder(conn: Connection) -> None:
    rows = {r.seq: r for r in conn.execute(select(tables.audit_log).where(tables.audit_log.c.seq.in_([3, 4])))}
    conn.execute(update(tables.audit_log).where(tables.audit_log.c.seq == 3).values(seq=-3))
    conn.execute(update(tables.audit_log).where(tables.audit_log.c.seq == 4).values(seq=3))
    conn.execute(update(tables.audit_log).where(tables.audit_log.c.seq == -3).values(seq=4))
    assert rows


def _recompute_plain_hash(conn: Connection) -> None:
    # An attacker without the key recomputes a plain SHA-256 over the edited row.
    import hashlib

    row = conn.execute(select(tables.audit_log).where(tables.audit_log.c.seq == 6)).one()
    digest = hashlib.sha256((row.prev_hash + "forged").encode()).hexdigest()
    conn.execute(
        update(tables.audit_log).where(tables.audit_log.c.seq == 6).values(justification="forged", hash=digest)
    )


@pytest.mark.parametrize(
    "tamper",
    [_edit, _edit_objects, _delete_middle, _delete_tail, _insert, _reorder, _recompute_plain_hash],
)
def test_tampering_is_found(node: Node, tamper: Callable[[Connection], None]) -> None:
    _fill(node)
    with node.store.engine.begin() as conn:
        tamper(conn)
    result = node.audit.verify()
    assert not result.intact
    with pytest.raises(IntegrityFailure):
        node.audit.ensure_intact()


def test_bad_action_is_refused(node: Node) -> None:
    from corridor.core import InvalidInput

    with pytest.raises(InvalidInput):
        node.audit.append("GB-NCA", "peek", {})
