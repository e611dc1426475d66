"""An identifier held by more records than a block may hold still joins them all, through a few hubs."""

from __future__ import annotations

from corridor.resolve import Engine, Record
from corridor.resolve._cluster import Clusters
from corridor.resolve._engine import HUBS


def test_an_over_full_identifier_joins_every_holder_through_hubs() -> None:
    """Twenty transfers into one account, blocks of at most five: one cluster, a star of pairs, not all 190."""
    names = ["OZDEMIR Ozgur", "Ozgur Ozdemir", "OZDEMIR Ozgr", "ÖZDEMİR Özgür"]
    records = [
        Record(f"t{i:02}", "person", [names[i % 4]], strong=["iban:TR780006407129432035200525"]) for i in range(20)
    ]
    records.append(Record("other", "person", ["OZDEMIR Ozgur"], strong=["iban:GB13NWBK29183230437294"]))
    engine = Engine((r.features() for r in records), max_block=5)
    try:
        engine.block()
        blocked = {tuple(p) for p in engine.con.execute("SELECT join_key_l, join_key_r FROM pairs").fetchall()}
        strong = engine.strong_pairs()
    finally:
        engine.close()
    assert len(strong) == sum(range(20 - HUBS, 20))  # every holder to each of the first HUBS holders
    assert {(a, b) for a, b, _ in strong} <= blocked  # each rule pair is also scored (the names are checked)
    clusters = Clusters()
    for a, b, selector in strong:
        assert selector == "iban:TR780006407129432035200525"
        clusters.join(records[a].entity_id, records[b].entity_id)
    assert len({clusters.find(r.entity_id) for r in records[:20]}) == 1
    assert clusters.find("other") == "other"
