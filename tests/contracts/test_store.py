"""The store's contract, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from followthemoney import model

from corridor.access import Node
from corridor.core import NotFound
from corridor.model import Statement, entity_statements, parse_marking
from corridor.store import add_judgement, rebuild_canonical

MARK = parse_marking("B2 P")


def _person(entity_id: str, name: str, **props: str) -> list[Statement]:
    proxy = model.make_entity("Person")
    proxy.id = entity_id
    proxy.add("name", name)
    for key, value in props.items():
        proxy.add(key, value)
    return entity_statements(proxy, source="test", origin="GB-NCA", marking=MARK, seen="2026-01-01T00:00:00Z")


def test_write_and_read_entity(node: Node) -> None:
    with node.store.transaction() as conn:
        written = node.store.write_statements(conn, _person("gb-nca.p1", "Marko Petrović", birthDate="1980-05-04"))
    assert written == 3
    view = node.store.view(node.principal())
    entity = view.entity("gb-nca.p1")
    assert entity.schema.name == "Person"
    assert entity.get("name") == ["Marko Petrović"]
    assert entity.get("birthDate") == ["1980-05-04"]


def test_rewrite_is_idempotent_and_moves_last_seen(node: Node) -> None:
    with node.store.transaction() as conn:
        node.store.write_statements(conn, _person("gb-nca.p1", "A"))
    later = [
        Statement(
            s.entity_id,
            s.schema,
            s.prop,
            s.value,
            s.source,
            s.origin,
            s.marking,
            "2026-02-01T00:00:00Z",
            "2026-02-01T00:00:00Z",
        )
        for s in _person("gb-nca.p1", "A")
    ]
    with node.store.transaction() as conn:
        node.store.write_statements(conn, later)
        node.store.write_statements(conn, later)
    assert node.store.count_statements() == 2
    stmts = list(node.store.view(node.principal()).statements(entity_ids=["gb-nca.p1"]))
    assert {s.first_seen for s in stmts} == {"2026-01-01T00:00:00Z"}
    assert {s.last_seen for s in stmts} == {"2026-02-01T00:00:00Z"}


def test_changed_value_is_a_new_statement(node: Node) -> None:
    with node.store.transaction() as conn:
        node.store.write_statements(conn, _person("gb-nca.p1", "Marko"))
        node.store.write_statements(conn, _person("gb-nca.p1", "Marco"))
    entity = node.store.view(node.principal()).entity("gb-nca.p1")
    assert sorted(entity.get("name")) == ["Marco", "Marko"]


def test_duplicates_within_one_batch(node: Node) -> None:
    stmts = _person("gb-nca.p1", "A") * 3
    with node.store.transaction() as conn:
        node.store.write_statements(conn, stmts, batch_size=100)
    assert node.store.count_statements() == 2


def test_missing_entity_is_not_found(node: Node) -> None:
    with pytest.raises(NotFound):
        node.store.view(node.principal()).entity("nope")


def test_failed_transaction_leaves_nothing(node: Node) -> None:
    class Boom(Exception):
        pass

    def fail_midway() -> None:
        with node.store.transaction() as conn:
            node.store.write_statements(conn, _person("gb-nca.p1", "A"))
            raise Boom

    with pytest.raises(Boom):
        fail_midway()
    assert node.store.count_statements() == 0


def test_withdrawn_statements_are_invisible(node: Node) -> None:
    stmts = _person("gb-nca.p1", "A", nationality="rs")
    with node.store.transaction() as conn:
        node.store.write_statements(conn, stmts)
        node.store.withdraw(conn, [s.id for s in stmts if s.prop == "nationality"])
    entity = node.store.view(node.principal()).entity("gb-nca.p1")
    assert entity.get("nationality") == []
    assert node.store.count_statements() == 3


def test_remark_changes_visibility(node: Node) -> None:
    stmts = _person("gb-nca.p1", "A")
    with node.store.transaction() as conn:
        node.store.write_statements(conn, stmts)
    rs = node.store.principal("RS-MUP")
    assert node.store.view(rs).count() == 2
    with node.store.transaction() as conn:
        node.store.remark(conn, [s.id for s in stmts], parse_marking("B2 P to=MK-MVR"))
    assert node.store.view(rs).count() == 0


def test_entities_stream_grouped(node: Node) -> None:
    with node.store.transaction() as conn:
        for i in range(50):
            node.store.write_statements(conn, _person(f"gb-nca.p{i:02d}", f"Person {i}"))
    entities = list(node.store.view(node.principal()).entities(schemata=["Person"]))
    assert [e.id for e in entities] == [f"gb-nca.p{i:02d}" for i in range(50)]
    assert entities[7].get("name") == ["Person 7"]


def test_judgements_merge_and_undo(node: Node) -> None:
    with node.store.transaction() as conn:
        node.store.write_statements(conn, _person("gb-nca.a", "Marko Petrović"))
        node.store.write_statements(conn, _person("gb-nca.b", "Марко Петровић"))
        add_judgement(conn, "gb-nca.b", "gb-nca.a", "same", actor="GB-NCA/analyst", kind="analyst", origin="GB-NCA")
        rebuild_canonical(conn)
    view = node.store.view(node.principal())
    merged = view.entity("gb-nca.b")
    assert merged.id == "gb-nca.a"
    assert sorted(merged.get("name")) == ["Marko Petrović", "Марко Петровић"]
    with node.store.transaction() as conn:
        add_judgement(
            conn, "gb-nca.a", "gb-nca.b", "different", actor="GB-NCA/analyst", kind="analyst", origin="GB-NCA"
        )
        rebuild_canonical(conn)
    assert view.entity("gb-nca.b").get("name") == ["Марко Петровић"]


def test_analyst_word_beats_later_model(node: Node) -> None:
    with node.store.transaction() as conn:
        add_judgement(conn, "x.a", "x.b", "different", actor="GB-NCA/analyst", kind="analyst", origin="GB-NCA")
        add_judgement(conn, "x.a", "x.b", "same", actor="resolver", kind="model", origin="GB-NCA", score=0.99)
        assert rebuild_canonical(conn) == 0


def test_store_refuses_uninitialised(store_url: str, tmp_path: object) -> None:
    from corridor.core import ConfigError, database_url
    from corridor.store import Store

    with pytest.raises(ConfigError, match="corridor init"):
        Store.open(database_url(store_url))


def test_migrated_schema_matches_declaration(node: Node) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from corridor.store import tables

    with node.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), tables.metadata)
    assert diff == []


def test_merged_entity_never_shows_a_hidden_record_id(node: Node) -> None:
    """A cluster joined through a hidden record is named by a visible one, and hidden ids are NotFound."""
    hidden = [
        Statement(
            s.entity_id,
            s.schema,
            s.prop,
            s.value,
            s.source,
            "AL-ASP",
            parse_marking("B2 P to=GB-NCA"),
            s.first_seen,
            s.last_seen,
        )
        for s in _person("al-asp.a", "Hidden Name")
    ]
    with node.store.transaction() as conn:
        node.store.write_statements(conn, hidden)
        node.store.write_statements(conn, _person("gb-nca.z", "Visible Name"))
        add_judgement(conn, "al-asp.a", "gb-nca.z", "same", actor="GB-NCA/analyst", kind="analyst", origin="GB-NCA")
        rebuild_canonical(conn)
    gb = node.store.view(node.principal())
    assert gb.entity("gb-nca.z").id == "al-asp.a"
    xk = node.store.view(node.store.principal("XK-KP"))
    with pytest.raises(NotFound):
        xk.entity("al-asp.a")
    rs = node.store.view(node.store.principal("RS-MUP"))
    shown = rs.entity("gb-nca.z")
    assert shown.id == "gb-nca.z"
    assert shown.get("name") == ["Visible Name"]
    with pytest.raises(NotFound):
        rs.entity("al-asp.a")
