"""What every reader gives the ingest: named tables of numbered rows, checked up front.

A reader opens its file and reads just enough to know the columns (a CSV header, each
sheet's first row, a sample of JSON records) before any row is mapped, so a file that
cannot be read at all, or lacks a column the mapping names, fails before the ingest opens
its transaction. Rows are then streamed: no reader holds more than a bounded window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from corridor.core import FieldError, InvalidInput

Row = dict[str, "str | list[str]"]
"""One record: column to text; empty cells are left out."""


@dataclass(slots=True)
class Table:
    """One table of a file (a CSV file, one XLSX sheet, one JSON array)."""

    name: str
    columns: list[str] | None
    rows: Iterator[tuple[int, Row | FieldError]]
    details: dict[str, str] = field(default_factory=dict)
    sampled: int | None = None
    """For JSON: how many records ``columns`` was gathered from (no header to read)."""
    closer: Callable[[], None] | None = None

    def close(self) -> None:
        """Release the file now (safe to call twice, and before or after the rows were read).

        The row generator is closed too: left suspended, its own clean-up would run only
        when the garbage collector finds it, holding the file until then.
        """
        close_rows = getattr(self.rows, "close", None)
        if close_rows is not None:
            close_rows()
        closer, self.closer = self.closer, None
        if closer is not None:
            closer()


def check_columns(table: Table, needed: Iterable[str]) -> None:
    """Refuse a table that lacks a column the mapping reads, naming every missing one."""
    if table.columns is None:
        return
    have = set(table.columns)
    missing = sorted(set(needed) - have)
    if not missing:
        return
    if table.sampled is not None:
        reason = f"column not found in the first {table.sampled} records"
    else:
        shown = ", ".join(repr(c) for c in table.columns[:30])
        reason = f"column named by the mapping is not in the header ({shown})"
    errors = [FieldError(reason, file=table.name, row=None if table.sampled else 1, field=column) for column in missing]
    raise InvalidInput("mapped column missing", errors=errors)


def unique_header(cells: list[str]) -> list[tuple[int, str]]:
    """Header positions to read: the first of duplicated names, and no unnamed column."""
    seen: set[str] = set()
    out = []
    for index, cell in enumerate(cells):
        name = cell.strip()
        if name and name not in seen:
            seen.add(name)
            out.append((index, name))
    return out


def scalar_text(value: Any) -> str | None:
    """The text of a JSON or spreadsheet scalar; ``None`` for empty, NaN, infinity or others.

    Whole floats lose their ``.0`` (spreadsheets and JSON store record numbers as floats),
    and booleans read as ``true``/``false`` the way FtM's cleaning expects.
    """
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e18 else repr(value)
    return None
