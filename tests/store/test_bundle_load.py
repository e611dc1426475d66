"""A partner's bundle goes through the same pending load: invisible until its import publishes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from followthemoney import model
from sqlalchemy import Connection, func, select

from conftest import PARTNER_AGENCIES
from corridor.access import Node
from corridor.core import Settings
from corridor.model import Agreement, Statement, entity_statements, parse_marking
from corridor.share import build_bundle, import_bundle, load_node_key
from corridor.store import Load, tables


def people(count: int) -> list[Statement]:
    out: list[Statement] = []
    for i in range(count):
        proxy = model.make_entity("Person")
        proxy.id = f"rs-mup.b{i}"
        proxy.add("name", f"Bundled Person {i}")
        out += entity_statements(proxy, source="rs.csv", origin="RS-MUP", marking=parse_marking("B2 P"))
    return out


def test_a_bundle_import_is_invisible_until_published(
    node: Node, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serbia = Node.initialise(Settings(db=str(tmp_path / "rs.db"), key_dir=tmp_path / "rs-keys"), "RS-MUP")
    try:
        keys = {
            "GB-NCA": load_node_key(node.keys_path).public_text,
            "RS-MUP": load_node_key(serbia.keys_path).public_text,
        }
        agencies = [replace(a, public_key=keys.get(a.code)) for a in PARTNER_AGENCIES]
        agreements = [Agreement("RS-GB", "RS-MUP", "GB-NCA", frozenset({"P", "C"}))]
        for each in (node, serbia):
            with each.store.transaction() as conn:
                each.store.replace_partners(conn, agencies=agencies, users=[], operations=[], agreements=agreements)
        with serbia.store.transaction() as conn:
            serbia.store.write_statements(conn, people(40))
        bundle = tmp_path / "rs-gb.jsonl"
        build_bundle(serbia, serbia.store.principal("RS-MUP"), "GB-NCA", bundle)
    finally:
        serbia.close()
    node.settings = node.settings.model_copy(update={"batch_size": 7})  # many chunks
    seen_before_publish: list[tuple[int, int]] = []
    publishing = Load.publishing

    @contextmanager
    def spying(self: Load) -> Iterator[Connection]:
        with node.store.engine.connect() as conn:
            stored = int(conn.execute(select(func.count()).select_from(tables.statements)).scalar() or 0)
        seen_before_publish.append((stored, node.store.view(node.principal()).count()))
        with publishing(self) as conn:
            yield conn

    monkeypatch.setattr(Load, "publishing", spying)
    summary = import_bundle(node, node.store.principal("GB-NCA"), bundle)
    assert summary.statements == 80
    assert seen_before_publish == [(80, 0)]  # all written, in chunks; none shown
    assert node.store.view(node.principal()).count() == 80
