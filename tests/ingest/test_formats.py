"""Each format and each encoding reads into the same statements."""

from __future__ import annotations

import inspect
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from corridor.access import Node
from corridor.core import InvalidInput
from corridor.ingest import _json as json_reader
from corridor.ingest import open_tables, parse_options

from ._helpers import run_ingest, values_of, write_mapping

PEOPLE = [
    ("1", "Јован Петровић", "12.03.1985", "064 123 4567"),
    ("2", "Şükrü Öztürk", "01.01.1990", "+90 532 123 45 67"),
    ("3", "Đorđe Šarić", "31.12.1979", "+381 64 765 4321"),
]
ENTITIES = {
    "person": {
        "schema": "Person",
        "id_column": "id",
        "properties": {"name": {"column": "name"}, "birthDate": {"column": "born"}, "phone": {"column": "phone"}},
    }
}
OPTIONS = {"date_formats": {"born": ["%d.%m.%Y"]}, "phone_region": "RS"}


def csv_text(delimiter: str = ",", rows: list[tuple[str, ...]] | None = None) -> str:
    lines = [delimiter.join(("id", "name", "born", "phone"))]
    lines += [delimiter.join(row) for row in rows or PEOPLE]
    return "\r\n".join(lines) + "\r\n"


def check_people(node: Node, ids: tuple[str, ...] = ("1", "2", "3")) -> None:
    expected = {p[0]: p for p in PEOPLE}
    for pid in ids:
        assert expected[pid][1] in values_of(node, f"rs-mup.{pid}", "name")
    assert values_of(node, "rs-mup.1", "birthDate") == {"1985-03-12"}
    assert values_of(node, "rs-mup.1", "phone") == {"+381641234567"}


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_is_detected(sqlite_node: Node, tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "people.csv"
    path.write_text(csv_text(delimiter), encoding="utf-8")
    report = run_ingest(sqlite_node, path, write_mapping(tmp_path / "m.yml", ENTITIES, OPTIONS))
    assert (report.rejected, report.entities) == (0, 3)
    assert report.details["delimiter"] == delimiter
    check_people(sqlite_node)


@pytest.mark.parametrize(
    ("encoding", "rows"),
    [
        ("utf-8", PEOPLE),
        ("utf-8-sig", PEOPLE),
        ("utf-16", PEOPLE),
        ("cp1251", [PEOPLE[0]]),
        ("iso8859_5", [PEOPLE[0]]),
        ("cp1250", [PEOPLE[2]]),
        ("iso8859_2", [PEOPLE[2]]),
        ("cp1254", [PEOPLE[1]]),
        ("iso8859_9", [PEOPLE[1]]),
    ],
)
def test_csv_encoding_is_detected(
    sqlite_node: Node, tmp_path: Path, encoding: str, rows: list[tuple[str, ...]]
) -> None:
    # Detection needs more than one name to go on, as in a real export.
    filler = [r for r in rows for _ in range(40)]
    padded: list[tuple[str, ...]] = [(str(i + 10), r[1], r[2], r[3]) for i, r in enumerate(filler)]
    path = tmp_path / "people.csv"
    path.write_bytes(csv_text(";", rows + padded).encode(encoding))
    report = run_ingest(sqlite_node, path, write_mapping(tmp_path / "m.yml", ENTITIES, OPTIONS))
    assert report.rejected == 0
    for row in rows:
        assert values_of(sqlite_node, f"rs-mup.{row[0]}", "name") >= {row[1]}, report.details


def test_csv_declared_encoding_and_delimiter(sqlite_node: Node, tmp_path: Path) -> None:
    path = tmp_path / "people.txt"
    path.write_bytes(csv_text("\t", [PEOPLE[0]]).encode("cp1251"))
    mapping = write_mapping(tmp_path / "m.yml", ENTITIES, {**OPTIONS, "encoding": "windows-1251", "delimiter": "\\t"})
    report = run_ingest(sqlite_node, path, mapping)
    assert report.rejected == 0
    assert "Јован Петровић" in values_of(sqlite_node, "rs-mup.1", "name")


def test_csv_row_numbers_count_records_not_lines(sqlite_node: Node, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text('id,name,born,phone\n1,"Multi\nLine",bad,\n2,Two,also bad,\n', encoding="utf-8")
    report = run_ingest(sqlite_node, path, write_mapping(tmp_path / "m.yml", ENTITIES, OPTIONS))
    assert [e.row for e in report.errors] == [2, 3]


def test_csv_nul_bytes_and_blank_lines_are_tolerated(sqlite_node: Node, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"id,name\n\n1,Ma\x00rko\n\n2,Ana\n")
    report = run_ingest(
        sqlite_node,
        path,
        write_mapping(
            tmp_path / "m.yml",
            {"p": {"schema": "Person", "id_column": "id", "properties": {"name": {"column": "name"}}}},
        ),
    )
    assert (report.entities, report.rejected) == (2, 0)
    assert values_of(sqlite_node, "rs-mup.1", "name") == {"Marko"}


def write_xlsx(path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Лица"
    first.append(["id", "name", "born", "phone"])
    first.append([1, "Јован Петровић", datetime(1985, 3, 12), 381641234567])
    first.append([2.0, "Şükrü Öztürk", date(1990, 1, 1), "+90 532 123 45 67"])
    second = book.create_sheet("More")
    second.append(["id", "name", "born", "phone"])
    second.append(["3", "Đorđe Šarić", "31.12.1979", "+381 64 765 4321"])
    book.create_sheet("Empty")
    book.save(path)


def test_xlsx_every_sheet(sqlite_node: Node, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    write_xlsx(path)
    report = run_ingest(sqlite_node, path, write_mapping(tmp_path / "m.yml", ENTITIES, OPTIONS))
    assert (report.entities, report.rejected) == (3, 0), report.errors
    check_people(sqlite_node)
    assert values_of(sqlite_node, "rs-mup.2", "birthDate") == {"1990-01-01"}


def test_xlsx_listed_sheets_only(sqlite_node: Node, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    write_xlsx(path)
    report = run_ingest(sqlite_node, path, write_mapping(tmp_path / "m.yml", ENTITIES, {**OPTIONS, "sheets": ["More"]}))
    assert report.entities == 1
    assert report.errors == []


def test_xlsx_missing_sheet_fails(sqlite_node: Node, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    write_xlsx(path)
    with pytest.raises(InvalidInput) as caught:
        run_ingest(sqlite_node, path, write_mapping(tmp_path / "m.yml", ENTITIES, {**OPTIONS, "sheets": ["Nope"]}))
    assert "no sheet named 'Nope'" in caught.value.one_line()


RECORDS = [
    {
        "id": "1",
        "person": {"name": "Јован Петровић", "born": "12.03.1985"},
        "phones": ["064 123 4567", "+381 64 765 4321"],
    },
    {"id": 2, "person": {"name": "Şükrü Öztürk", "born": None}, "phones": []},
]
JSON_ENTITIES = {
    "person": {
        "schema": "Person",
        "id_column": "id",
        "properties": {
            "name": {"column": "person.name"},
            "birthDate": {"column": "person.born"},
            "phone": {"column": "phones"},
        },
    }
}
JSON_OPTIONS = {"date_formats": {"person.born": ["%d.%m.%Y"]}, "phone_region": "RS"}


def check_json(node: Node) -> None:
    assert values_of(node, "rs-mup.1", "phone") == {"+381641234567", "+381647654321"}
    assert values_of(node, "rs-mup.1", "birthDate") == {"1985-03-12"}
    assert "Şükrü Öztürk" in values_of(node, "rs-mup.2", "name")


def test_json_lines(sqlite_node: Node, tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n\n", encoding="utf-8")
    report = run_ingest(sqlite_node, path, write_mapping(tmp_path / "m.yml", JSON_ENTITIES, JSON_OPTIONS))
    assert (report.entities, report.rejected) == (2, 0)
    check_json(sqlite_node)


@pytest.mark.parametrize(
    ("document", "records"),
    [
        (RECORDS, None),
        ({"meta": {"count": 2}, "items": RECORDS}, None),
        ({"meta": {"items": 1}, "data": {"items": RECORDS}}, "data.items"),
    ],
)
def test_json_documents(sqlite_node: Node, tmp_path: Path, document: object, records: str | None) -> None:
    path = tmp_path / "people.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    report = run_ingest(
        sqlite_node, path, write_mapping(tmp_path / "m.yml", JSON_ENTITIES, {**JSON_OPTIONS, "records": records})
    )
    assert (report.entities, report.rejected) == (2, 0)
    check_json(sqlite_node)


def test_json_array_streams_across_chunk_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_reader, "CHUNK", 7)
    records = [{"id": i, "n": 10**i, "s": "x" * (i % 13), "nested": {"k": [i, None, True]}} for i in range(60)]
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"head": [1, 2], "rows": records}), encoding="utf-8")
    (table,) = open_tables(path, "json", parse_options({"records": "rows"}, "m"))
    rows = [row for _, row in table.rows]
    assert len(rows) == 60
    assert rows[59] == {"id": "59", "n": str(10**59), "s": "x" * (59 % 13), "nested.k": ["59", "true"]}
    table.close()


def test_ftm_entities_without_mapping(sqlite_node: Node, tmp_path: Path) -> None:
    path = tmp_path / "e.ftm.json"
    path.write_text(json.dumps({"id": "p1", "schema": "Person", "properties": {"name": ["Марко Петровић"]}}) + "\n")
    report = run_ingest(sqlite_node, path, None)
    assert report.format == "ftm"
    assert values_of(sqlite_node, "rs-mup.p1", "name") == {"Марко Петровић", "Marko Petrović"}


def test_closing_a_csv_table_read_part_way_ends_its_rows_at_once(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(csv_text(), encoding="utf-8")
    (table,) = open_tables(path, "csv", parse_options({}, "m"))
    next(table.rows)
    rows = table.rows
    table.close()
    # Nothing left for the garbage collector: the row generator is finished, not suspended
    # on a closed file.
    assert inspect.isgenerator(rows)
    assert inspect.getgeneratorstate(rows) == inspect.GEN_CLOSED
    assert list(rows) == []
