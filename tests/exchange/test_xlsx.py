"""The streaming workbook: text stays text, long sheets continue on a second sheet."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from corridor.exchange import _xlsx
from corridor.exchange._xlsx import XlsxBook


def test_text_stays_text_and_a_full_sheet_continues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_xlsx, "MAX_ROWS", 3)
    out = tmp_path / "book.xlsx"
    with XlsxBook(out) as book:
        for i in range(4):
            book.append("Person", [f'=HYPERLINK("http://x/{i}")', i, True], header=["value", "n", "flag"])
        book.append("Phone/Mobile", ["+381 64 123", None, False], header=["value", "n", "flag"])
    assert book.sheets == 3
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == ["Person", "Person (2)", "Phone_Mobile"]
    first = [tuple(c.value for c in row) for row in wb["Person"].iter_rows()]
    assert first[0] == ("value", "n", "flag")
    assert first[1] == ('=HYPERLINK("http://x/0")', 0, True)
    assert len(first) == 3
    second = [tuple(c.value for c in row) for row in wb["Person (2)"].iter_rows()]
    assert second[0] == ("value", "n", "flag")
    assert [r[1] for r in second[1:]] == [2, 3]
    # The formula is stored as a string cell, not as a formula.
    with zipfile.ZipFile(out) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml


def test_an_empty_export_is_still_a_workbook(tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    with XlsxBook(out):
        pass
    assert load_workbook(out, read_only=True).sheetnames == ["empty"]
