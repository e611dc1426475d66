"""Private hit/no-hit: exactly the intersection, nothing but blinded values, incremental sets."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.access import Node
from corridor.share import _group, blind, evaluate, intersect, match_key, published_tags, refresh_held
from corridor.store import tables
from share.conftest import person, write


def phones(numbers: range) -> list[str]:
    return [f"+3816{n:08d}" for n in numbers]


def test_hits_are_exactly_the_intersection(node: Node) -> None:
    held = phones(range(0, 300))
    for i, phone in enumerate(held):
        write(node, person(f"gb.p{i}", "GB-NCA", phone=phone))
    refresh = refresh_held(node)
    assert refresh.added == 300
    asked = [match_key("phone", p) for p in phones(range(250, 400))]
    query = blind(asked)
    answer = evaluate(node, query.payload)
    hits = intersect(query, answer, published_tags(node, "held"))
    assert sorted(hits) == sorted(match_key("phone", p) for p in phones(range(250, 300)))


def test_holder_sees_and_sends_only_blinded_values(node: Node) -> None:
    phone = "+381641234567"
    write(node, person("gb.p1", "GB-NCA", phone=phone))
    refresh_held(node)
    key = match_key("phone", phone)
    query = blind([key, match_key("phone", "+381641234568")])
    # the query is not the hash of the selector, nor anything a dictionary could recompute
    plain = _group.hash_to_group([key])[0]
    assert plain not in query.payload
    assert hashlib.sha256(key.encode()).digest() not in query.payload
    tags = published_tags(node, "held")
    assert len(tags) == 8
    assert _group.tag(plain) != tags  # the published tag needs the holder's secret scalar
    # two queries of the same selector look unrelated (fresh blinding each time)
    assert blind([key]).payload != blind([key]).payload


def test_refresh_is_incremental_and_follows_withdrawals(node: Node) -> None:
    stmts = [s for i, p in enumerate(phones(range(0, 50))) for s in person(f"gb.p{i}", "GB-NCA", phone=p)]
    write(node, stmts)
    assert refresh_held(node).added == 50
    assert refresh_held(node).added == 0  # nothing new: nothing computed
    write(node, person("gb.new", "GB-NCA", phone="+381699999999"))
    assert refresh_held(node).added == 1
    gone = next(s for s in stmts if s.prop == "phone")
    with node.store.transaction() as conn:
        node.store.withdraw(conn, [gone.id])
    assert refresh_held(node).removed == 1
    # received data is not in the held set
    write(node, person("rs.p1", "RS-MUP", phone="+381611111111"))
    assert refresh_held(node).added == 0
    with node.store.engine.connect() as conn:
        count = conn.execute(tables.share_psi_tags.select()).all()
    assert len(count) == 50


@settings(max_examples=20, deadline=None)
@given(
    st.sets(st.integers(0, 10_000), max_size=30),
    st.sets(st.integers(0, 10_000), max_size=30),
)
def test_blinding_protocol_commutes(held: set[int], asked: set[int]) -> None:
    """Without a store: H(y)^a^b^(1/a) = H(y)^b, so hits are exactly the common keys."""
    b = _group.random_scalar()
    held_keys = [f"phone:+{n}" for n in sorted(held)]
    tags = b"".join(sorted(_group.tag(p) for p in _group.blind_keys(b, held_keys)))
    asked_keys = [f"phone:+{n}" for n in sorted(asked)]
    if not asked_keys:
        return
    query = blind(asked_keys)
    points = [query.payload[i : i + 32] for i in range(0, len(query.payload), 32)]
    answer = b"".join(_group.multiply(b, points))
    assert set(intersect(query, answer, tags)) == {f"phone:+{n}" for n in held & asked}
