"""Streaming writers for the formats agencies export: CSV, XLSX, JSON and JSON Lines.

Each writer appends rows as they come, so a large scenario never holds a whole file in
memory, and each writes the same bytes for the same rows: no current time, no random
temporary names in the output. openpyxl stamps the time into ``docProps/core.xml`` and
into every zip entry; ``XlsxWriter.close`` rewrites the archive with a fixed date.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Row = dict[str, Any]


class Writer(Protocol):
    """Something rows are written to, one at a time."""

    rows: int

    def write(self, row: Row) -> None:
        """Append one row."""

    def close(self) -> None:
        """Finish the file."""


class CsvWriter:
    """A delimited text file with a header row, in the agency's encoding."""

    def __init__(self, path: Path, columns: list[str], *, delimiter: str = ",", encoding: str = "utf-8", crlf: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.columns = columns
        self.rows = 0
        self._fh: IO[str] = path.open("w", encoding=encoding, newline="")
        self._csv = csv.writer(self._fh, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
        self._csv.writerow(columns)

    def write(self, row: Row) -> None:
        """Append one row; dates are written by the caller as text."""
        self._csv.writerow(["" if row.get(c) is None else row[c] for c in self.columns])
        self.rows += 1

    def close(self) -> None:
        """Close the file."""
        self._fh.close()


class JsonLinesWriter:
    """One JSON object per line."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.rows = 0
        self._fh = path.open("w", encoding="utf-8", newline="\n")

    def write(self, row: Row) -> None:
        """Append one object."""
        self._fh.write(json.dumps(row, ensure_ascii=False, sort_keys=False, default=str) + "\n")
        self.rows += 1

    def close(self) -> None:
        """Close the file."""
        self._fh.close()


class JsonDocumentWriter:
    """A JSON document ``{header…, key: [records…]}``, streamed record by record."""

    def __init__(self, path: Path, header: dict[str, Any], key: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.rows = 0
        self._fh = path.open("w", encoding="utf-8", newline="\n")
        self._fh.write("{\n")
        for name, value in header.items():
            self._fh.write(f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)},\n")
        self._fh.write(f"  {json.dumps(key, ensure_ascii=False)}: [")

    def write(self, row: Row) -> None:
        """Append one record to the array; dotted keys (``personi.emri``) become nested objects."""
        self._fh.write(("\n    " if self.rows == 0 else ",\n    ") + json.dumps(nest(row), ensure_ascii=False))
        self.rows += 1

    def close(self) -> None:
        """Close the array and the document."""
        self._fh.write("\n  ]\n}\n" if self.rows else "]\n}\n")
        self._fh.close()


def nest(row: Row) -> Row:
    """Turn dotted keys into nested objects, keeping the order keys first appear in."""
    out: Row = {}
    for key, value in row.items():
        parts = key.split(".")
        target = out
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return out


FIXED_ZIP_TIME = (2025, 1, 15, 8, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


class XlsxWriter:
    """A workbook with one sheet per key (e.g. per year), all with the same columns."""

    def __init__(self, path: Path, columns: list[str], *, creator: str, date_columns: tuple[str, ...] = (), date_format: str = "dd.mm.yyyy") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.columns = columns
        self.rows = 0
        self.date_columns = set(date_columns)
        self.date_format = date_format
        self._wb = Workbook(write_only=True)
        self._wb.properties.creator = creator
        self._wb.properties.lastModifiedBy = creator
        self._sheets: dict[str, WriteOnlyWorksheet] = {}

    def sheet(self, name: str) -> WriteOnlyWorksheet:
        """The sheet ``name``, created with its header row on first use."""
        ws = self._sheets.get(name)
        if ws is None:
            ws = self._wb.create_sheet(title=name)
            ws.append(self.columns)
            self._sheets[name] = ws
        return ws

    def write(self, row: Row, sheet: str = "Sheet1") -> None:
        """Append one row to ``sheet``; date values in date columns become Excel dates."""
        ws = self.sheet(sheet)
        cells: list[Any] = []
        for column in self.columns:
            value = row.get(column)
            if column in self.date_columns and isinstance(value, date | datetime):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = self.date_format
                cells.append(cell)
            else:
                cells.append("" if value is None else value)
        ws.append(cells)
        self.rows += 1

    def close(self) -> None:
        """Save, then rewrite the archive so that it carries no current time."""
        if not self._sheets:
            self.sheet("Sheet1")
        self._wb.save(self.path)
        make_zip_deterministic(self.path)


def make_zip_deterministic(path: Path) -> None:
    """Rewrite an OOXML archive with fixed entry times and fixed document dates."""
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    tmp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>2025-01-15T08:00:00Z\g<3>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)
    tmp.replace(path)
