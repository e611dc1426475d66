"""A streaming XLSX writer: sheets of text, numbers and booleans, written row by row.

openpyxl's write-only mode streams too, but without lxml it writes a few hundred rows a
second (its pure-Python XML writer), minutes for the demo scenario; an XLSX is a zip of
small XML parts, so each sheet's rows are written as SpreadsheetML to a temporary file
and the package is assembled at the end. Strings are inline (``t="inlineStr"``), never
formulas; characters XML 1.0 forbids are dropped. A sheet that reaches Excel's row limit
continues on a new sheet named ``Name (2)``.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

MAX_ROWS = 1_048_576
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _column(n: int) -> str:
    name = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


_COLUMNS = [_column(i) for i in range(256)]


def _cell(ref: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = _ILLEGAL_XML.sub("", str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


class _Sheet:
    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = 0
        # Closed by XlsxWriter.save, which owns every sheet for the whole export.
        self.file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def append(self, values: list[object]) -> None:
        self.rows += 1
        row = self.rows
        cells = "".join(_cell(f"{_COLUMNS[i]}{row}", v) for i, v in enumerate(values))
        self.file.write(f'<row r="{row}">{cells}</row>')


class XlsxWriter:
    """Sheets by name, rows appended in any order across sheets, saved once."""

    def __init__(self) -> None:
        self.sheets: list[_Sheet] = []
        self.current: dict[str, _Sheet] = {}
        self.headers: dict[str, list[object]] = {}

    def append(self, name: str, values: list[object], *, header: list[object]) -> None:
        """Append a row to sheet ``name`` (created with ``header`` as its first row)."""
        sheet = self.current.get(name)
        if sheet is None or sheet.rows >= MAX_ROWS:
            count = sum(1 for s in self.sheets if s.name == name or s.name.startswith(f"{name} ("))
            sheet = _Sheet(name if count == 0 else f"{name} ({count + 1})")
            self.sheets.append(sheet)
            self.current[name] = sheet
            sheet.append(header)
        sheet.append(values)

    def save(self, out: Path) -> None:
        """Write the package and close the sheets' temporary files."""
        if not self.sheets:
            self.sheets.append(_Sheet("empty"))
        try:
            with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("[Content_Types].xml", self._content_types())
                archive.writestr(
                    "_rels/.rels",
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
                )
                archive.writestr("xl/workbook.xml", self._workbook())
                archive.writestr("xl/_rels/workbook.xml.rels", self._workbook_rels())
                for n, sheet in enumerate(self.sheets, start=1):
                    with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as part:
                        part.write(
                            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_NS}">'
                            "<sheetData>".encode()
                        )
                        sheet.file.seek(0)
                        while block := sheet.file.read(1 << 20):
                            part.write(block.encode("utf-8"))
                        part.write(b"</sheetData></worksheet>")
        finally:
            for sheet in self.sheets:
                sheet.file.close()

    def _content_types(self) -> str:
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(self.sheets) + 1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + sheets + "</Types>"
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name={quoteattr(_sheet_name(s.name))} sheetId="{n}" r:id="rId{n}"/>'
            for n, s in enumerate(self.sheets, start=1)
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_NS}" xmlns:r="{_REL}">'
            f"<sheets>{sheets}</sheets></workbook>"
        )

    def _workbook_rels(self) -> str:
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(self.sheets) + 1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
        )


def _sheet_name(name: str) -> str:
    """Excel's sheet-name rules: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31]
