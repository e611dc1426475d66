"""Readers never wait for a writer: a long ingest holds the write lock, not the door."""

from __future__ import annotations

from corridor.access import Node
from corridor.model import parse_marking

MARK = parse_marking("B2 P")
SEEN = "2026-01-01T00:00:00Z"


def person(entity: str, name: str) -> list[tuple[object, ...]]:
    return [
        (entity, "Person", "id", entity, None, None, "t", "GB-NCA", MARK, SEEN, SEEN, False),
        (entity, "Person", "name", name, None, None, "t", "GB-NCA", MARK, SEEN, SEEN, False),
    ]


def test_reads_go_on_during_a_write_transaction_and_see_only_committed_data(node: Node) -> None:
    with node.store.transaction() as conn:
        node.store.write_rows(conn, person("gb-nca.before", "Committed"))  # type: ignore[arg-type]
    view = node.store.view(node.principal())
    view.visible_markings  # noqa: B018 - read the markings before the writer holds its lock
    with node.store.transaction() as conn:
        node.store.write_rows(conn, person("gb-nca.during", "Uncommitted"))  # type: ignore[arg-type]
        # On SQLite the writer holds the write lock here. A read that took it too (BEGIN
        # IMMEDIATE) would wait for the commit and, after the busy timeout, fail.
        assert view.entity("gb-nca.before").get("name") == ["Committed"]
        assert {s.entity_id for s in view.statements()} == {"gb-nca.before"}
    assert {s.entity_id for s in view.statements()} == {"gb-nca.before", "gb-nca.during"}
