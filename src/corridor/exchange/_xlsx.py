"""A streaming XLSX workbook: sheets by name, rows appended in any order across sheets.

XlsxWriter in constant-memory mode writes each sheet's rows to a temporary file as they
come and assembles the package on close, so an export of millions of facts holds one row
at a time. Text is always written as text — never read as a formula, a number or a link —
so a value such as ``=HYPERLINK(...)`` arrives in Excel as the characters it was. A sheet
that reaches Excel's row limit continues on a new sheet named ``Name (2)``.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import TracebackType

import xlsxwriter  # type: ignore[import-untyped]  # no stubs upstream
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

MAX_ROWS = 1_048_576


def _sheet_name(name: str) -> str:
    """Excel's sheet-name rules: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "sheet"


class _Sheet:
    def __init__(self, sheet: Worksheet, part: int) -> None:
        self.sheet = sheet
        self.part = part
        self.rows = 0

    def append(self, values: list[object]) -> None:
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                self.sheet.write_boolean(self.rows, col, value)
            elif isinstance(value, int | float):
                self.sheet.write_number(self.rows, col, value)
            else:
                self.sheet.write_string(self.rows, col, str(value))
        self.rows += 1


class XlsxBook:
    """One workbook written to ``out`` when the ``with`` block ends."""

    def __init__(self, out: Path) -> None:
        self.book = xlsxwriter.Workbook(
            str(out),
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        self.current: dict[str, _Sheet] = {}
        self.sheets = 0

    def append(self, name: str, values: list[object], *, header: list[object]) -> None:
        """Append a row to sheet ``name`` (created with ``header`` as its first row)."""
        sheet = self.current.get(name)
        if sheet is None or sheet.rows >= MAX_ROWS:
            part = 1 if sheet is None else sheet.part + 1
            title = _sheet_name(name) if part == 1 else f"{_sheet_name(name)[:26]} ({part})"
            sheet = _Sheet(self.book.add_worksheet(title), part)
            self.current[name] = sheet
            self.sheets += 1
            sheet.append(header)
        sheet.append(values)

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if not self.sheets:
            self.book.add_worksheet("empty")
        self.book.close()
