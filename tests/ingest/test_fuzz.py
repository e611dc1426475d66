"""Fuzzing the readers: malformed CSV, XLSX and JSON give rows, rejects or one-line errors.

Whatever the bytes, reading a file either yields rows and per-row errors or raises
``InvalidInput`` with a one-line message; any other exception is a bug.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from corridor.core import CorridorError, FieldError, InvalidInput
from corridor.ingest import open_tables, parse_options

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CSV_ALPHABET = st.sampled_from([",", ";", "\t", "|", '"', "\n", "\r", "\x00", "a", "b", "Ж", "ş", " ", "1", "\ufeff"])


def read_all(path: Path, fmt: str, options: dict[str, object] | None = None) -> int:
    """Read every row; returns how many rows and rejects came out."""
    failure: InvalidInput | None = None
    count = 0
    try:
        tables = open_tables(path, fmt, parse_options(options, "m.yml"))
    except InvalidInput as exc:
        failure, tables = exc, []
    try:
        for table in tables:
            for number, row in table.rows:
                assert isinstance(number, int)
                assert isinstance(row, dict | FieldError)
                count += 1
    except InvalidInput as exc:
        failure = exc
    finally:
        for table in tables:
            table.close()
    if failure is not None:
        assert "\n" not in failure.one_line()
    return count


@FUZZ
@given(text=st.text(CSV_ALPHABET, max_size=300))
def test_csv_text(tmp_path_factory: object, text: str) -> None:
    path = Path(str(tmp_path_factory.mktemp("csv"))) / "f.csv"  # type: ignore[attr-defined]
    path.write_text("id,name\n" + text, encoding="utf-8")
    read_all(path, "csv")


@FUZZ
@given(data=st.binary(max_size=400))
def test_csv_bytes(tmp_path_factory: object, data: bytes) -> None:
    path = Path(str(tmp_path_factory.mktemp("csv"))) / "f.csv"  # type: ignore[attr-defined]
    path.write_bytes(data)
    read_all(path, "csv")


JSON_ALPHABET = st.sampled_from(list('[]{}",:0123456789.-+eE ntrufalsxЖ\n\\'))


@FUZZ
@given(text=st.text(JSON_ALPHABET, max_size=300), lines=st.booleans())
def test_json_text(tmp_path_factory: object, text: str, lines: bool) -> None:
    path = Path(str(tmp_path_factory.mktemp("json"))) / "f.json"  # type: ignore[attr-defined]
    path.write_text(text, encoding="utf-8")
    read_all(path, "jsonl" if lines else "json")


@FUZZ
@given(
    records=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
        max_leaves=12,
    ),
    cut=st.integers(0, 400),
)
def test_json_documents_cut_anywhere(tmp_path_factory: object, records: object, cut: int) -> None:
    import json

    path = Path(str(tmp_path_factory.mktemp("json"))) / "f.json"  # type: ignore[attr-defined]
    text = json.dumps({"items": [records, {"a": records}]})
    path.write_text(text[: cut or None], encoding="utf-8")
    read_all(path, "json", {"records": "items"})


def xlsx_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name"])
    sheet.append([1, "Марко"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


VALID_XLSX = xlsx_bytes()


@FUZZ
@given(position=st.integers(0, len(VALID_XLSX) - 1), junk=st.binary(min_size=1, max_size=40), truncate=st.booleans())
def test_xlsx_damaged(tmp_path_factory: object, position: int, junk: bytes, truncate: bool) -> None:
    path = Path(str(tmp_path_factory.mktemp("xlsx"))) / "f.xlsx"  # type: ignore[attr-defined]
    data = VALID_XLSX[:position] if truncate else VALID_XLSX[:position] + junk + VALID_XLSX[position + len(junk) :]
    path.write_bytes(data)
    try:
        read_all(path, "xlsx")
    except CorridorError as exc:  # pragma: no cover - anything but InvalidInput is a bug
        raise AssertionError(exc) from exc


@FUZZ
@given(member=st.binary(max_size=200))
def test_xlsx_with_garbage_sheet(tmp_path_factory: object, member: bytes) -> None:
    path = Path(str(tmp_path_factory.mktemp("xlsx"))) / "f.xlsx"  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(VALID_XLSX)) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            content = member if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item.filename, content)
    read_all(path, "xlsx")


def test_xlsx_claiming_an_unknown_zip_version_is_bad_input(tmp_path: Path) -> None:
    # Fuzz finding: a central directory entry asking for zip version 6.4 made zipfile raise
    # NotImplementedError, which escaped the reader as a crash.
    data = bytearray(VALID_XLSX)
    entry = data.index(b"PK\x01\x02")
    data[entry + 6] = 64  # "version needed to extract"
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidInput):
        open_tables(path, "xlsx", parse_options(None, "m.yml"))
