"""The two XLSX readers give the same rows: calamine (fast, whole sheet in memory) and
openpyxl's streaming read-only mode (kept for sheets too big to hold)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from corridor.ingest import _xlsx
from corridor.ingest._xlsx import open_xlsx


def _workbook(path: Path, *, offset: bool = False) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Лица"
    pad = [None] if offset else []
    if offset:
        # The header starts on row 3, column B: rows keep the numbers Excel shows.
        sheet["B3"], sheet["C3"], sheet["D3"], sheet["E3"] = "ид", "име", "рођен", "телефон"
    else:
        sheet.append(["ид", "име", "рођен", "телефон"])
    sheet.append([*pad, 1.0, "Јован", date(1990, 1, 2), 381641234567])
    sheet.append([*pad, None, None, None, None])  # an empty row: skipped, still counted
    sheet.append([*pad, "2", "Ана", datetime(2024, 3, 1, 14, 30), "+381 64 765 4321"])
    more = book.create_sheet("More")
    more.append(["ид", "име"])
    more.append(["3", "Đorđe"])
    book.save(path)


def _read(path: Path) -> list[tuple[str, list[tuple[int, object]]]]:
    tables = open_xlsx(path, sheets=())
    try:
        return [(table.name, list(table.rows)) for table in tables]
    finally:
        for table in tables:
            table.close()


def test_calamine_reads_numbers_dates_and_excel_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    _workbook(path, offset=True)
    tables = open_xlsx(path, sheets=())
    assert tables[0].details["reader"] == "calamine"
    assert tables[0].columns == ["ид", "име", "рођен", "телефон"]
    for table in tables:
        table.close()
    sheets = dict(_read(path))
    first = sheets[f"{path}[Лица]"]
    assert first == [
        (4, {"ид": "1", "име": "Јован", "рођен": "1990-01-02", "телефон": "381641234567"}),
        (6, {"ид": "2", "име": "Ана", "рођен": "2024-03-01T14:30:00", "телефон": "+381 64 765 4321"}),
    ]
    assert sheets[f"{path}[More]"] == [(2, {"ид": "3", "име": "Đorđe"})]


def test_both_readers_give_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "people.xlsx"
    _workbook(path)
    fast = _read(path)
    monkeypatch.setattr(_xlsx, "CALAMINE_MAX_SHEET", 0)
    tables = open_xlsx(path, sheets=())
    assert "reader" not in tables[0].details  # the streaming reader took over
    for table in tables:
        table.close()
    assert _read(path) == fast


def test_both_readers_number_rows_alike_below_a_lower_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A header on row 3, column B: the streaming reader finds it and numbers rows as Excel does."""
    path = tmp_path / "people.xlsx"
    _workbook(path, offset=True)
    fast = _read(path)
    monkeypatch.setattr(_xlsx, "CALAMINE_MAX_SHEET", 0)
    tables = open_xlsx(path, sheets=())
    assert tables[0].columns == ["ид", "име", "рођен", "телефон"]
    for table in tables:
        table.close()
    assert _read(path) == fast
