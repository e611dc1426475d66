"""XLSX: every sheet (or the listed ones), streamed with openpyxl's read-only mode.

Each sheet's first row is its header and the sheet's rows are numbered as Excel shows
them. Cell values become the text an analyst would type: whole numbers without ``.0``
(phone numbers and ids are often stored as numbers), dates in ISO form.

openpyxl's read-only mode streams the sheets' XML; it does load the workbook's shared
strings table whole, so memory grows with the number of *distinct* texts, not rows.
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


def check_unpacked_size(path: Path) -> None:
    """Refuse a zip bomb before openpyxl inflates it (the shared strings part is read whole).

    Hostile-input finding: an XLSX whose parts unpack to gigabytes was read without bound.
    """
    where = str(path)
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
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


def open_xlsx(path: Path, *, sheets: tuple[str, ...]) -> list[Table]:
    """Open a workbook and return one table per sheet read, headers already read."""
    from openpyxl import load_workbook

    where = str(path)
    if not zipfile.is_zipfile(path):
        raise _broken(where, "not an XLSX workbook (not a zip file)")
    try:
        check_unpacked_size(path)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        # NotImplementedError: a damaged header claiming a zip version zipfile lacks (fuzz finding)
        raise _broken(where, "not a readable XLSX workbook (damaged zip directory)") from None
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
    missing = [name for name in sheets if name not in names]
    if missing:
        close()
        raise InvalidInput(
            "sheet not found",
            errors=[
                FieldError(f"no sheet named {m!r}; sheets: {', '.join(names)}", file=where, field="sheets")
                for m in missing
            ],
        )
    tables = []
    try:
        for name in sheets or tuple(names):
            sheet_where = f"{where}[{name}]"
            rows = book[name].iter_rows(values_only=True)
            try:
                first = next(rows, None)
            except Exception as exc:  # noqa: BLE001 - see above: a broken sheet raises anything
                raise _broken(sheet_where, f"sheet cannot be read ({exc.__class__.__name__})", 1) from None
            if first is None:
                continue
            header = unique_header([cell_text(c) or "" for c in first])
            tables.append(Table(sheet_where, [n for _, n in header], _rows(rows, header, sheet_where), {"sheet": name}))
    except InvalidInput:
        close()
        raise
    if not tables:
        close()
        raise _broken(where, "no sheet with a header row")
    tables[-1].closer = close
    return tables


def _rows(
    rows: Iterator[tuple[Any, ...]], header: list[tuple[int, str]], where: str
) -> Iterator[tuple[int, Row | FieldError]]:
    number = 1
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
