"""A marking row created in a rolled-back transaction is not remembered for the next write."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from corridor.access import Node
from corridor.model import parse_marking
from corridor.store import tables

SEEN = "2026-01-01T00:00:00Z"


def test_marking_id_of_a_rolled_back_transaction_is_forgotten(node: Node) -> None:
    marking = parse_marking("A1 P")

    def failed_load() -> None:
        with node.store.transaction() as conn:
            node.store.marking_id(conn, "GB-NCA", marking)
            raise RuntimeError("the load failed")

    with pytest.raises(RuntimeError):
        failed_load()

    row = ("gb-nca.p1", "Person", "name", "Ana Kovač", None, None, "t.csv", "GB-NCA", marking, SEEN, SEEN, False)
    with node.store.transaction() as conn:
        node.store.write_rows(conn, [row])

    with node.store.engine.connect() as conn:
        ids = set(conn.execute(select(tables.markings.c.id)).scalars())
        used = set(conn.execute(select(tables.statements.c.marking_id)).scalars())
    assert used <= ids, "a statement points at a marking row that was rolled back"
    [statement] = node.store.view(node.principal()).statements()
    assert statement.marking == marking
