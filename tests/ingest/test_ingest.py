"""Ingest into the store, on SQLite and PostgreSQL: markings, bad input, references, re-ingest."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest

from corridor.access import Node
from corridor.core import InvalidInput
from corridor.ingest import rejects_path
from corridor.model import Marking

from ._helpers import collection_events, run_ingest, statement_rows, values_of, write_mapping

PEOPLE_MAPPING = {
    "person": {
        "schema": "Person",
        "id_column": "person_id",
        "properties": {"name": {"column": "name"}, "phone": {"column": "phone"}, "birthDate": {"column": "born"}},
    }
}
CALLS_MAPPING = {
    "caller": {"schema": "Person", "id_column": "from_person"},
    "receiver": {"schema": "Person", "id_column": "to_person"},
    "call": {
        "schema": "Call",
        "keys": ["call_no"],
        "properties": {"caller": {"entity": "caller"}, "receiver": {"entity": "receiver"}, "date": {"column": "when"}},
    },
}


def people_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("person_id,name,phone,born\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_ingest_writes_graded_statements_and_a_collection_event(node: Node, tmp_path: Path) -> None:
    path = people_csv(tmp_path / "people.csv", ["P1,Марко Петровић,+381641234567,1980-05-06", "P2,Ana Kovač,,"])
    report = run_ingest(node, path, write_mapping(tmp_path / "m.yml", PEOPLE_MAPPING, {"lang": "srp"}))
    assert (report.entities, report.rejected, report.rows) == (2, 0, 2)
    assert values_of(node, "rs-mup.P1", "name") == {"Марко Петровић", "Marko Petrović"}
    rows = statement_rows(node, "entity_id", "prop", "value", "lang", "original_value", "origin", "source")
    assert ("rs-mup.P1", "name", "Marko Petrović", "srp", "Марко Петровић", "RS-MUP", "people.csv") in rows
    assert report.statements == len(rows)
    (event,) = collection_events(node)
    assert event["sha256"] == report.sha256
    assert (event["statements"], event["rejected"], event["agency"], event["marking"]) == (
        report.statements,
        0,
        "RS-MUP",
        "B2 P",
    )
    view = node.store.view(node.principal())
    entity = view.entity("rs-mup.P1")
    assert entity is not None
    assert entity.get("phone") == ["+381641234567"]


def test_ingest_without_marking_is_refused(node: Node, tmp_path: Path) -> None:
    path = people_csv(tmp_path / "people.csv", ["P1,X,,"])
    with pytest.raises(InvalidInput) as caught:
        run_ingest(node, path, write_mapping(tmp_path / "m.yml", PEOPLE_MAPPING), marking=None)
    assert "must be graded" in caught.value.one_line()
    assert node.store.count_statements() == 0


def test_marking_from_the_mapping_and_per_row(node: Node, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,name,grade,handling\nP1,One,A1 P,\nP2,Two,,C not for court\nP3,Three,Z9,\nP4,Four,B3 P,X\n",
        encoding="utf-8",
    )
    mapping = write_mapping(
        tmp_path / "m.yml",
        {"p": {"schema": "Person", "id_column": "person_id", "properties": {"name": {"column": "name"}}}},
        {"marking": "C3 P", "marking_column": "grade", "handling_column": "handling"},
    )
    report = run_ingest(node, path, mapping, marking=None)
    assert report.rejected == 2
    assert {(e.row, e.field) for e in report.errors} == {(4, "grade"), (5, "handling")}
    markings = {origin_marking[1].grade for origin_marking in _markings_by_entity(node).values()}
    assert markings == {"A1 P", "C3 C"}
    by_entity = _markings_by_entity(node)
    assert by_entity["rs-mup.P2"][1].conditions == "not for court"


def _markings_by_entity(node: Node) -> dict[str, tuple[str, Marking]]:
    rows = statement_rows(node, "entity_id", "marking_id")
    with node.store.engine.connect() as conn:
        markings = node.store.markings(conn)
    return {entity: markings[mid] for entity, mid in rows}


def test_column_markings_grade_one_column_differently(node: Node, tmp_path: Path) -> None:
    path = people_csv(tmp_path / "people.csv", ["P1,Marko,+381641234567,"])
    mapping = write_mapping(
        tmp_path / "m.yml", PEOPLE_MAPPING, {"column_markings": {"phone": "A1 C conditions='source protection'"}}
    )
    run_ingest(node, path, mapping)
    rows = statement_rows(node, "prop", "marking_id")
    with node.store.engine.connect() as conn:
        markings = node.store.markings(conn)
    grades = {prop: markings[mid][1].grade for prop, mid in rows}
    assert grades["phone"] == "A1 C"
    assert grades["name"] == "B2 P"


def test_bad_rows_are_rejected_and_the_rest_kept(node: Node, tmp_path: Path) -> None:
    path = people_csv(
        tmp_path / "people.csv",
        [
            "P1,Good,+381641234567,1980-01-01",
            "P2,Bad phone,call me,",
            "P3,Bad date,,someday",
            ",No id,,",
            "P5,Extra,,,,surplus",
        ],
    )
    report = run_ingest(node, path, write_mapping(tmp_path / "m.yml", PEOPLE_MAPPING))
    assert (report.entities, report.rejected) == (1, 4)
    lines = [json.loads(line) for line in rejects_path(path).read_text(encoding="utf-8").splitlines()]
    assert [(r["row"], r["column"], r["value"]) for r in lines] == [
        (3, "phone", "call me"),
        (4, "born", "someday"),
        (5, "person_id", None),
        (6, None, None),
    ]
    assert all(r["file"] == str(path) and r["reason"] for r in lines)
    assert {e for e, _, _ in statement_rows(node)} == {"rs-mup.P1"}


def test_a_clean_reingest_removes_the_stale_rejects_file(node: Node, tmp_path: Path) -> None:
    path = people_csv(tmp_path / "people.csv", ["P1,Bad date,,someday"])
    mapping = write_mapping(tmp_path / "m.yml", PEOPLE_MAPPING)
    run_ingest(node, path, mapping)
    assert rejects_path(path).exists()
    people_csv(path, ["P1,Good,,1980"])
    assert run_ingest(node, path, mapping).rejects_file is None
    assert not rejects_path(path).exists()


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("people.csv", "person_id,nom\nP1,X\n", "'name'"),
        ("people.csv", "person_id,name\nP1,Марко\n".encode("cp1251"), "cannot decode"),
        ("people.csv", ("person_id,name\n" + "P0,Marko\n" * 5000 + "P1,Марко\n").encode("cp1251"), "cannot decode"),
        ("people.csv", "", "empty file"),
        ("people.csv", 'person_id,name\nP1,"unclosed\n' + "x" * (1 << 21), "malformed CSV"),
        ("people.xlsx", b"zip without a workbook", "not a readable XLSX"),
        ("people.xlsx", "plain text", "not a zip file"),
        ("people.json", '[{"person_id": "P1", "name": "X"}, {"person_id": ', "malformed JSON"),
        ("people.json", '{\n "items": 3\n}', "no array of records"),
        ("people.json", '[{"person_id": "P1", "nom": "X"}]', "not found in the first"),
    ],
)
def test_unreadable_files_fail_before_anything_is_written(
    node: Node, tmp_path: Path, name: str, content: str | bytes, problem: str
) -> None:
    path = tmp_path / name
    if content == b"zip without a workbook":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "not a sheet")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    entities = {"p": {"schema": "Person", "id_column": "person_id", "properties": {"name": {"column": "name"}}}}
    options = {"encoding": "utf-8"} if name.endswith(".csv") else None
    mapping = write_mapping(tmp_path / "m.yml", entities, options)
    with pytest.raises(InvalidInput) as caught:
        run_ingest(node, path, mapping)
    assert problem in caught.value.one_line()
    assert "\n" not in caught.value.one_line()
    assert node.store.count_statements() == 0
    assert collection_events(node) == []
    assert not rejects_path(path).exists()


@pytest.mark.parametrize("calls_first", [True, False])
def test_references_across_files_resolve_in_either_order(node: Node, tmp_path: Path, calls_first: bool) -> None:
    people = people_csv(tmp_path / "people.csv", ["P1,Marko,,", "P2,Ana,,"])
    calls = tmp_path / "calls.csv"
    calls.write_text("call_no,from_person,to_person,when\nC1,P1,P2,2024-01-02\n", encoding="utf-8")
    jobs = [
        (calls, write_mapping(tmp_path / "c.yml", CALLS_MAPPING)),
        (people, write_mapping(tmp_path / "p.yml", PEOPLE_MAPPING)),
    ]
    for path, mapping in jobs if calls_first else jobs[::-1]:
        assert run_ingest(node, path, mapping).rejected == 0
    call_id = next(e for e, p, v in statement_rows(node) if p == "caller")
    assert values_of(node, call_id, "caller") == {"rs-mup.P1"}
    view = node.store.view(node.principal())
    caller = view.entity("rs-mup.P1")
    assert caller.schema.name == "Person"
    assert caller.get("name") == ["Marko"]


def test_reingest_is_idempotent_and_changes_become_new_statements(node: Node, tmp_path: Path) -> None:
    path = people_csv(tmp_path / "people.csv", ["P1,Marko,+381641234567,1980-01-01", "P2,Ana,,"])
    mapping = write_mapping(tmp_path / "m.yml", PEOPLE_MAPPING)
    run_ingest(node, path, mapping)
    first = statement_rows(node, "id", "first_seen", "last_seen")
    run_ingest(node, path, mapping)
    second = {r[0]: r for r in statement_rows(node, "id", "first_seen", "last_seen")}
    assert list(second) == [r[0] for r in first]
    time.sleep(1.1)
    people_csv(path, ["P1,Marko,+381647654321,1980-01-01", "P2,Ana,,"])
    run_ingest(node, path, mapping)
    after = {r[0]: r for r in statement_rows(node, "id", "first_seen", "last_seen", "prop", "value")}
    assert len(after) == len(first) + 1
    (new,) = [r for r in after.values() if r[4] == "+381647654321"]
    old = next(r for r in after.values() if r[4] == "+381641234567")
    assert new[1] > old[1]
    # The third load no longer holds the old number, so its last sighting stays that of
    # the second load (which may fall in the next second after the first).
    assert old[2] == second[old[0]][2]
    name = next(r for r in after.values() if r[3] == "name")
    assert name[2] > name[1]


def test_ids_from_keys_are_stable_across_reingests(node: Node, tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("call_no,from_person,to_person,when\nC1,P1,P2,2024-01-02\n", encoding="utf-8")
    mapping = write_mapping(tmp_path / "c.yml", CALLS_MAPPING)
    run_ingest(node, path, mapping)
    ids = {e for e, _, _ in statement_rows(node)}
    run_ingest(node, path, mapping, source="calls.csv")
    assert {e for e, _, _ in statement_rows(node)} == ids
