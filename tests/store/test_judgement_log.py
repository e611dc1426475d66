"""Many judgements appended at once keep the log's order and checks; a bad one writes none."""

from __future__ import annotations

import pytest

from corridor.access import Node
from corridor.core import InvalidInput
from corridor.store import add_judgement, add_judgements, effective_verdicts, read_judgements


def _many(count: int) -> list[dict[str, object]]:
    return [
        {
            "left_id": f"gb-nca.p{i + 1:03d}",
            "right_id": f"gb-nca.p{i:03d}",  # given unsorted: stored sorted
            "verdict": ("same", "unsure", "different")[i % 3],
            "actor": "GB-NCA/resolver",
            "kind": "model",
            "origin": "GB-NCA",
            "score": i / count,
            "reason": "{}",
        }
        for i in range(count)
    ]


def test_bulk_append_keeps_order_and_sorted_pairs(node: Node) -> None:
    with node.store.transaction() as conn:
        first = add_judgement(conn, "gb-nca.x2", "gb-nca.x1", "same", actor="GB-NCA/a", kind="analyst", origin="GB-NCA")
        assert add_judgements(conn, _many(25), chunk=10) == 25  # three chunks
    with node.store.reading() as conn:
        log = read_judgements(conn)
    assert [j.seq for j in log] == sorted(j.seq for j in log)
    assert log[0].seq == first
    assert [(j.left_id, j.right_id) for j in log[1:]] == [
        (f"gb-nca.p{i:03d}", f"gb-nca.p{i + 1:03d}") for i in range(25)
    ]
    assert [j.verdict for j in log[1:4]] == ["same", "unsure", "different"]
    assert effective_verdicts(log)[("gb-nca.p000", "gb-nca.p001")] == "same"


def test_a_bad_judgement_in_a_batch_writes_none(node: Node) -> None:
    bad = [*_many(5), {**_many(1)[0], "verdict": "maybe"}]
    with pytest.raises(InvalidInput, match="bad judgement"), node.store.transaction() as conn:
        add_judgements(conn, bad, chunk=2)
    with node.store.reading() as conn:
        assert read_judgements(conn) == []
