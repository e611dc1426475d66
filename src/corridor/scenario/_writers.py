"""Streaming writers for the formats agencies export: CSV, XLSX, JSON and JSON Lines.

Each writer appends rows as they come, so a large scenario never holds a whole file in
memory, and each writes the same bytes for the same rows: no current time, no random
temporary names in the output (an XLSX archive carries fixed dates, see ``XlsxWriter``).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Protocol
from xml.sax.saxutils import escape

Row = dict[str, Any]


class Writer(Protocol):
    """Something rows are written to, one at a time."""

    rows: int

    def write(self, row: Row, sheet: str | None = None) -> None:
        """Append one row (to ``sheet``, for formats that have sheets)."""

    def close(self) -> None:
        """Finish the file."""


class CsvWriter:
    """A delimited text file with a header row, in the agency's encoding."""

    def __init__(
        self, path: Path, columns: list[str], *, delimiter: str = ",", encoding: str = "utf-8", crlf: bool = False
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.columns = columns
        self.rows = 0
        self._fh: IO[str] = path.open("w", encoding=encoding, newline="")
        self._csv = csv.writer(self._fh, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
        self._csv.writerow(columns)

    def write(self, row: Row, sheet: str | None = None) -> None:
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

    def write(self, row: Row, sheet: str | None = None) -> None:
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

    def write(self, row: Row, sheet: str | None = None) -> None:
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
FIXED_TIMESTAMP = "2025-01-15T08:00:00Z"
_EPOCH = date(1899, 12, 30)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OOXML = "application/vnd.openxmlformats-officedocument"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class XlsxWriter:
    """A workbook with one sheet per key (e.g. per year), all with the same columns.

    Written directly as SpreadsheetML (inline strings, one date style) rather than with
    openpyxl: openpyxl stamps the current time into the archive and writes a few hundred
    rows a second, where this streams each sheet to a temporary file and zips them with
    fixed times at the end. openpyxl, Excel and LibreOffice read the result.
    """

    def __init__(
        self,
        path: Path,
        columns: list[str],
        *,
        creator: str,
        date_columns: tuple[str, ...] = (),
        date_format: str = "dd.mm.yyyy",
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.columns = columns
        self.rows = 0
        self.creator = creator
        self.date_columns = {columns.index(c) for c in date_columns if c in columns}
        self.date_format = date_format
        self._dir = tempfile.TemporaryDirectory(prefix="corridor-xlsx-")
        self._sheets: dict[str, tuple[IO[str], list[int]]] = {}
        self._letters = [_column_letter(i) for i in range(len(columns))]

    def _sheet(self, name: str) -> tuple[IO[str], list[int]]:
        sheet = self._sheets.get(name)
        if sheet is None:
            fh = (Path(self._dir.name) / f"sheet{len(self._sheets) + 1}.xml").open("w", encoding="utf-8", newline="\n")
            fh.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}"><sheetData>')
            sheet = (fh, [0])
            self._sheets[name] = sheet
            self._row(sheet, list(self.columns), header=True)
        return sheet

    def _row(self, sheet: tuple[IO[str], list[int]], values: list[Any], *, header: bool = False) -> None:
        fh, counter = sheet
        counter[0] += 1
        r = counter[0]
        cells = []
        for i, value in enumerate(values):
            ref = f"{self._letters[i]}{r}"
            if value is None or value == "":
                continue
            if not header and i in self.date_columns and isinstance(value, date):
                serial = (value - _EPOCH).days if not isinstance(value, datetime) else (value.date() - _EPOCH).days
                cells.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                text = escape(_ILLEGAL.sub("", str(value)))
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        fh.write(f'<row r="{r}">{"".join(cells)}</row>')

    def write(self, row: Row, sheet: str | None = None) -> None:
        """Append one row to ``sheet``; date values in date columns become Excel dates."""
        self._row(self._sheet(sheet or "Sheet1"), [row.get(c) for c in self.columns])
        self.rows += 1

    def close(self) -> None:
        """Finish every sheet and zip the workbook with fixed times."""
        if not self._sheets:
            self._sheet("Sheet1")
        names = list(self._sheets)
        for fh, _ in self._sheets.values():
            fh.write("</sheetData></worksheet>")
            fh.close()
        parts: list[tuple[str, bytes]] = [
            ("[Content_Types].xml", _content_types(len(names)).encode()),
            ("_rels/.rels", _ROOT_RELS.encode()),
            ("docProps/app.xml", _APP.encode()),
            ("docProps/core.xml", _core(self.creator).encode()),
            ("xl/workbook.xml", _workbook(names).encode()),
            ("xl/_rels/workbook.xml.rels", _workbook_rels(len(names)).encode()),
            ("xl/styles.xml", _styles(self.date_format).encode()),
        ]
        with zipfile.ZipFile(self.path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts:
                zf.writestr(_info(name), data)
            for i in range(1, len(names) + 1):
                info = _info(f"xl/worksheets/sheet{i}.xml")
                with zf.open(info, "w") as dst, (Path(self._dir.name) / f"sheet{i}.xml").open("rb") as src:
                    shutil.copyfileobj(src, dst)
        self._dir.cleanup()


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def _content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_OOXML}.spreadsheetml.worksheet+xml"/>'
        for i in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_OOXML}.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        f'<Override PartName="/xl/styles.xml" ContentType="{_OOXML}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_OOXML}.extended-properties+xml"/>'
        "</Types>"
    )


_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PKG}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_CORE_REL}" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Microsoft Excel</Application></Properties>"
)


def _core(creator: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{escape(creator)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIMESTAMP}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIMESTAMP}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _workbook(names: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>'
    )


def _workbook_rels(sheets: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG}">{rels}'
        f'<Relationship Id="rId{sheets + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
    )


def _styles(date_format: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{_NS}">'
        f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{escape(date_format)}"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
