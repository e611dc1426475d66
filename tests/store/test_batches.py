"""Loads in short transactions: pending rows stay behind the door until the load is published."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from corridor.access import Node
from corridor.core import Conflict, NotFound
from corridor.model import parse_marking
from corridor.store import StatementRow, tables
from corridor.store._batches import _active, open_batch, pending_batches, reap_dead

MARK = parse_marking("B2 P")
SEEN = "2026-01-01T00:00:00Z"


def person(entity: str, name: str, source: str = "t.csv") -> list[StatementRow]:
    return [
        (entity, "Person", "id", entity, None, None, source, "GB-NCA", MARK, SEEN, SEEN, False),
        (entity, "Person", "name", name, None, None, source, "GB-NCA", MARK, SEEN, SEEN, False),
    ]


def stored(node: Node) -> int:
    """Rows in the table, published or not (administrative count for the test)."""
    with node.store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.statements)).scalar() or 0)


def seen_ids(node: Node) -> set[str]:
    return {s.entity_id for s in node.store.view(node.principal()).statements()}


def test_pending_rows_are_invisible_until_published(node: Node) -> None:
    rows = [row for i in range(5) for row in person(f"gb-nca.p{i}", f"Person {i}")]
    with node.store.loading("ingest", "t.csv", "GB-NCA", chunk=3) as load:
        assert load.write(rows) == 10
        assert stored(node) == 10  # committed in chunks of 3 ...
        view = node.store.view(node.principal())
        assert view.count() == 0  # ... yet nobody sees them
        with pytest.raises(NotFound):
            view.entity("gb-nca.p0")
        assert node.store.count_statements() == 0
        assert [b["statements"] for b in pending_batches(node.store)] == [10]
        with load.publishing() as conn:
            node.audit.record(conn, "GB-NCA", "collection", {"source": "t.csv", "statements": 10})
    assert seen_ids(node) == {f"gb-nca.p{i}" for i in range(5)}
    assert node.store.count_statements() == 10
    assert pending_batches(node.store) == []


def test_reloading_visible_statements_keeps_them_visible(node: Node) -> None:
    with node.store.loading("ingest", "t.csv", "GB-NCA", chunk=2) as load:
        load.write(person("gb-nca.old", "Old"))
        with load.publishing():
            pass
    with node.store.loading("ingest", "t.csv", "GB-NCA", chunk=2) as load:
        load.write(person("gb-nca.old", "Old") + person("gb-nca.new", "New"))
        assert seen_ids(node) == {"gb-nca.old"}  # the re-written rows stay, the new ones wait
        with load.publishing():
            pass
    assert seen_ids(node) == {"gb-nca.old", "gb-nca.new"}


def test_a_view_never_sees_a_load_that_began_after_its_snapshot(node: Node) -> None:
    """The door's snapshot is one query: a later load, even once published, is not half-seen."""
    view = node.store.view(node.principal())
    assert view.batches.pending == frozenset()
    with node.store.loading("ingest", "late.csv", "GB-NCA", chunk=1) as load:
        load.write(person("gb-nca.late", "Late", "late.csv"))
        assert "gb-nca.late" not in {s.entity_id for s in view.statements()}
        with load.publishing():
            pass
    assert "gb-nca.late" not in {s.entity_id for s in view.statements()}
    assert "gb-nca.late" in seen_ids(node)


def nobody_alive(owner: str, heartbeat: str, now: datetime, batch_id: int) -> bool:
    return False


def test_an_error_discards_the_load(node: Node) -> None:
    def failing_load() -> None:
        with node.store.loading("ingest", "t.csv", "GB-NCA", chunk=2) as load:
            load.write(person("gb-nca.a", "A"))
            raise ValueError("bad file")

    with pytest.raises(ValueError, match="bad file"):
        failing_load()
    assert stored(node) == 0
    with node.store.engine.connect() as conn:
        states = list(conn.execute(select(tables.batches.c.state)).scalars())
    assert states == ["discarded"]


def test_dead_writers_loads_are_reaped_and_live_ones_kept(node: Node) -> None:
    dead = open_batch(node.store, "ingest", "dead.csv", "GB-NCA")
    with node.store.transaction() as conn:
        node.store.write_rows(conn, person("gb-nca.orphan", "Orphan", "dead.csv"), batch_id=dead)
    live = open_batch(node.store, "ingest", "live.csv", "GB-NCA")
    with node.store.transaction() as conn:
        node.store.write_rows(conn, person("gb-nca.busy", "Busy", "live.csv"), batch_id=live)

    assert reap_dead(node.store) == []  # this process wrote both: alive
    assert stored(node) == 4
    assert reap_dead(node.store, alive=nobody_alive) == [dead, live]
    assert stored(node) == 0
    assert seen_ids(node) == set()


def test_a_second_load_of_the_same_source_waits_then_gives_up(node: Node) -> None:
    open_batch(node.store, "ingest", "same.csv", "GB-NCA")
    with pytest.raises(Conflict, match=r"same\.csv"):
        open_batch(node.store, "ingest", "same.csv", "GB-NCA", wait=0)
    other = open_batch(node.store, "ingest", "other.csv", "GB-NCA", wait=0)
    assert other > 0


def test_reopening_the_node_clears_a_dead_load(node: Node) -> None:
    dead = open_batch(node.store, "ingest", "dead.csv", "GB-NCA")
    with node.store.transaction() as conn:
        node.store.write_rows(conn, person("gb-nca.orphan", "Orphan", "dead.csv"), batch_id=dead)
        conn.execute(
            tables.batches.update().where(tables.batches.c.id == dead).values(owner="elsewhere:1:0", heartbeat_at=SEEN)
        )
    reopened = Node.open(node.settings)
    try:
        assert stored(reopened) == 0
        assert pending_batches(reopened.store) == []
    finally:
        reopened.close()


def test_a_load_this_process_left_behind_is_reaped_without_a_restart(node: Node) -> None:
    """A server whose load could not be discarded (the database was down) must not wait for it."""
    left = open_batch(node.store, "bundle", "bundle:RS-MUP", "RS-MUP")
    with node.store.transaction() as conn:
        node.store.write_rows(conn, person("gb-nca.left", "Left", "left.csv"), batch_id=left)
    assert reap_dead(node.store) == []  # still being written
    _active.discard(left)  # what leaving ``loading`` without a successful discard leaves
    assert open_batch(node.store, "bundle", "bundle:XK-KP", "XK-KP", wait=0) > left
    assert stored(node) == 0
