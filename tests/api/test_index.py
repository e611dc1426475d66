"""The search and link index follows the store: incrementally when the audit log accounts
for the new statements (ingested files name their source), fully otherwise."""

from __future__ import annotations

import json
from pathlib import Path

from corridor.access import Node
from corridor.api._index import Indexes
from corridor.ingest import ingest_file
from corridor.model import parse_marking


def _ingest(node: Node, path: Path, *entities: dict[str, object]) -> None:
    path.write_text("\n".join(json.dumps(e) for e in entities) + "\n", encoding="utf-8")
    ingest_file(node, node.principal(), path, agency="RS-MUP", marking=parse_marking("B2 P"))


def _fresh(indexes: Indexes) -> str:
    node = indexes.node
    return indexes.refresh(str(node.store.count_statements()), indexes._audit_head())


def test_index_grows_incrementally_from_audited_ingests(app_node: Node, tmp_path: Path) -> None:
    indexes = Indexes(app_node)
    assert _fresh(indexes) == "full"  # the first build
    assert indexes.search_candidates(["jovanovski"], 10) == []
    _ingest(app_node, tmp_path / "a.ftm.json",
            {"id": "P-NEW", "schema": "Person", "properties": {"name": ["Goran Jovanovski"]}},
            {"id": "A-NEW", "schema": "Associate", "properties": {"person": ["P-NEW"], "associate": ["P1"]}})  # fmt: skip
    assert _fresh(indexes) == "incremental"
    found = indexes.search_candidates(["jovanovski"], 10)
    assert len(found) == 1
    _, inc = indexes.linked(found, 10)
    assert inc  # the Associate that names him
    assert indexes.search_candidates(["petrovic"], 10)  # the earlier entries are still there

    # Statements written without an audited source (here: straight into the store) are
    # not accounted for by the audit log: a full rebuild picks them up.
    from followthemoney import model

    from corridor.model import entity_statements

    proxy = model.make_entity("Person")
    proxy.id = "gb-nca.P99"
    proxy.add("name", "Zoran Unaccounted")
    with app_node.store.transaction() as conn:
        app_node.store.write_statements(
            conn, entity_statements(proxy, source="x", origin="GB-NCA", marking=parse_marking("B2 P"))
        )
    assert _fresh(indexes) == "full"
    assert indexes.search_candidates(["unaccounted"], 10) == ["gb-nca.P99"]
