"""XLSX: every sheet (or the listed ones), read with calamine, or streamed by openpyxl when huge.

Each sheet's first row is its header and the sheet's rows are numbered as Excel shows
them. Cell values become the text an analyst would type: whole numbers without ``.0``
(phone numbers and ids are often stored as numbers), dates in ISO form.

python-calamine (Rust) reads a sheet about ten times faster than openpyxl, but holds the
whole sheet in memory (about twice its unpacked XML). A workbook whose largest sheet part
unpacks to more than ``CALAMINE_MAX_SHEET`` is read with openpyxl's read-only mode instead,
which streams the sheets' XML (it loads the shared strings table whole, so its memory
grows with the number of *distinct* texts, not rows): memory stays bounded at any size.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from corridor.core import FieldError, InvalidInput
from corridor.ingest._table import Row, Table, scalar_text, unique_header


def cell_text(value: Any) -> str | None:
    """The text of a cell value, ``None`` for an empty cell."""
    if value is None or isinstance(value, str | bool | int | float):
        return scalar_text(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _broken(where: str, reason: str, row: int | None = None) -> InvalidInput:
    return InvalidInput("cannot read workbook", errors=[FieldError(reason, file=where, row=row)])


MAX_UNPACKED = 4 * 1024**3
"""Largest total the workbook's parts may unpack to (a real 1M-row workbook is well below)."""
MAX_RATIO = 200
"""Largest compression ratio of a part over ``RATIO_FLOOR``: spreadsheet XML packs 5-30x;
a zip bomb packs ~1000x."""
RATIO_FLOOR = 1024 * 1024
CALAMINE_MAX_SHEET = 256 * 1024**2
"""Largest unpacked sheet part read with calamine (whole sheet in memory: ~2x this at most)."""


def check_unpacked_size(path: Path) -> int:
    """Refuse a zip bomb before it is inflated; returns the largest sheet part's unpacked size.

    Hostile-input finding: an XLSX whose parts unpack to gigabytes was read without bound.
    """
    where = str(path)
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    largest_sheet = max(
        (m.file_size for m in members if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")),
        default=0,
    )
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED:
        raise _broken(where, f"workbook unpacks to {total} bytes, over the limit of {MAX_UNPACKED}")
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise _broken(
                where,
                f"part {member.filename!r} unpacks {member.file_size // max(member.compress_size, 1)}x "
                f"(over {MAX_RATIO}x): refused as a zip bomb",
            )
    return largest_sheet


def open_xlsx(path: Path, *, sheets: tuple[str, ...]) -> list[Table]:
    """Open a workbook and return one table per sheet read, headers already read."""
    where = str(path)
    if not zipfile.is_zipfile(path):
        raise _broken(where, "not an XLSX workbook (not a zip file)")
    try:
        largest_sheet = check_unpacked_size(path)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        # NotImplementedError: a damaged header claiming a zip version zipfile lacks (fuzz finding)
        raise _broken(where, "not a readable XLSX workbook (damaged zip directory)") from None
    if largest_sheet <= CALAMINE_MAX_SHEET:
        return _open_calamine(path, where, sheets)
    return _open_openpyxl(path, where, sheets)


def _missing_sheets(where: str, names: list[str], sheets: tuple[str, ...]) -> InvalidInput | None:
    missing = [name for name in sheets if name not in names]
    if not missing:
        return None
    return InvalidInput(
        "sheet not found",
        errors=[
            FieldError(f"no sheet named {m!r}; sheets: {', '.join(names)}", file=where, field="sheets") for m in missing
        ],
    )


def _open_calamine(path: Path, where: str, sheets: tuple[str, ...]) -> list[Table]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own errors and anything from a broken zip
        raise _broken(where, f"not a readable XLSX workbook ({exc.__class__.__name__})") from None
    names = list(book.sheet_names)
    missing = _missing_sheets(where, names, sheets)
    if missing is not None:
        book.close()
        raise missing
    tables = []
    try:
        for name in sheets or tuple(names):
            sheet_where = f"{where}[{name}]"
            try:
                rows = iter(book.get_sheet_by_name(name).iter_rows())
            except Exception as exc:  # noqa: BLE001 - a broken sheet raises anything (XML, zip, calamine)
                raise _broken(sheet_where, f"sheet cannot be read ({exc.__class__.__name__})", 1) from None
            first, header_number = _header_row(rows, sheet_where)
            if first is None:
                continue
            header = unique_header([cell_text(c) or "" for c in first])
            numbered = _rows(rows, header, sheet_where, header_number)
            tables.append(Table(sheet_where, [n for _, n in header], numbered, {"sheet": name, "reader": "calamine"}))
    except InvalidInput:
        book.close()
        raise
    if not tables:
        book.close()
        raise _broken(where, "no sheet with a header row")
    tables[-1].closer = book.close
    return tables


def _open_openpyxl(path: Path, where: str, sheets: tuple[str, ...]) -> list[Table]:
    from openpyxl import load_workbook

    # openpyxl leaves its file open when a broken workbook fails to load, so it gets a
    # handle that is closed here whatever happens.
    handle = path.open("rb")
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything from a broken file: KeyError, zipfile, XML errors
        handle.close()
        raise _broken(where, f"not a readable XLSX workbook ({exc.__class__.__name__})") from None

    def close() -> None:
        book.close()
        handle.close()

    names = list(book.sheetnames)
    missing = _missing_sheets(where, names, sheets)
    if missing is not None:
        close()
        raise missing
    tables = []
    try:
        for name in sheets or tuple(names):
            sheet_where = f"{where}[{name}]"
            rows = book[name].iter_rows(values_only=True)
            first, header_number = _header_row(rows, sheet_where)
            if first is None:
                continue
            header = unique_header([cell_text(c) or "" for c in first])
            numbered = _rows(rows, header, sheet_where, header_number)
            tables.append(Table(sheet_where, [n for _, n in header], numbered, {"sheet": name}))
    except InvalidInput:
        close()
        raise
    if not tables:
        close()
        raise _broken(where, "no sheet with a header row")
    tables[-1].closer = close
    return tables


def _header_row(rows: Iterator[Any], where: str) -> tuple[Any, int]:
    """The first row holding a value, and its number as Excel shows it.

    Both readers yield rows from the sheet's first row (calamine from its first used
    column, openpyxl from column A), so a header lower down follows empty rows."""
    number = 0
    try:
        for number, cells in enumerate(rows, start=1):
            if any(cell not in ("", None) for cell in cells):
                return cells, number
    except Exception as exc:  # noqa: BLE001 - a broken sheet raises anything (XML, zip, calamine, openpyxl)
        raise _broken(where, f"sheet cannot be read ({exc.__class__.__name__})", number + 1) from None
    return None, number


def _rows(
    rows: Iterator[Any], header: list[tuple[int, str]], where: str, number: int = 1
) -> Iterator[tuple[int, Row | FieldError]]:
    """The rows after the header, numbered as Excel shows them (``number`` is the header's)."""
    while True:
        try:
            cells = next(rows, None)
        except Exception as exc:  # noqa: BLE001 - a corrupt sheet fails the ingest with its position
            raise _broken(where, f"sheet cannot be read ({exc.__class__.__name__})", number + 1) from None
        if cells is None:
            return
        number += 1
        row: Row = {}
        size = len(cells)
        for index, name in header:
            if index < size:
                text = cell_text(cells[index])
                if text is not None:
                    row[name] = text
        if row:
            yield number, row
