"""CSV and XLSX: one table per schema, one row per fact, the marking in columns.

A row per statement (not per entity) is what lets every value keep its own grading,
handling and originator: two agencies' spellings of a name sit on two rows with two
markings. Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with an apostrophe (OWASP's advice on
CSV injection); a phone number ``+44…`` therefore reads ``'+44…``. XLSX cells are
written as inline strings, so even an unneutralised ``=`` would never be a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from corridor.core import InvalidInput
from corridor.exchange._entities import ResolvedEntity, resolved_entities
from corridor.exchange._markings import marking_fields
from corridor.exchange._xlsx import XlsxBook
from corridor.model import Marking, Statement
from corridor.store import View

COLUMNS = [
    "entity_id", "caption", "schema", "record_id", "property", "value",
    "marking", "grade", "source_evaluation", "intelligence_assessment", "handling", "conditions",
    "originator", "agreement", "releasable_to", "onward_consent", "review_date", "compartment",
    "source", "first_seen", "last_seen", "lang", "original_value",
]  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A cell value that no spreadsheet runs as a formula (text only; numbers and bools pass)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


_MARKING_COLUMNS = COLUMNS[COLUMNS.index("marking") : COLUMNS.index("compartment") + 1]
_MARKING_CELLS: dict[tuple[int, str], tuple[Marking, list[object]]] = {}


def _marking_cells(stmt: Statement) -> list[object]:
    """The marking columns of a statement, neutralised, remembered per marking object and
    originator (a store hands out one object per marking row: a handful per export)."""
    key = (id(stmt.marking), stmt.origin)
    found = _MARKING_CELLS.get(key)
    if found is None or found[0] is not stmt.marking:
        if len(_MARKING_CELLS) > 10_000:
            _MARKING_CELLS.clear()
        fields = marking_fields(stmt)
        found = _MARKING_CELLS[key] = (stmt.marking, [neutralise(fields[c]) for c in _MARKING_COLUMNS])
    return found[1]


def fact_rows(entity: ResolvedEntity) -> Iterator[list[object]]:
    """The rows of one entity: one per fact, in ``COLUMNS`` order, every text cell neutralised."""
    head = [neutralise(entity.id), neutralise(entity.caption), neutralise(entity.schema)]
    for stmt in entity.facts():
        cells = (stmt.entity_id, stmt.prop, stmt.value)
        tail = (stmt.source, stmt.first_seen, stmt.last_seen, stmt.lang or "", stmt.original_value or "")
        yield [*head, *map(neutralise, cells), *_marking_cells(stmt), *map(neutralise, tail)]


def write_csv(view: View, out: Path) -> dict[str, Any]:
    """Write a directory ``out`` holding ``<Schema>.csv`` per schema; returns counts."""
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"cannot write CSV tables to {out}: it is a file; give a directory path")
    out.mkdir(exist_ok=True)
    handles: dict[str, tuple[IO[str], Any]] = {}
    entities = rows = 0
    try:
        for entity in resolved_entities(view):
            entities += 1
            if entity.schema not in handles:
                handle: IO[str] = (out / f"{entity.schema}.csv").open("w", newline="", encoding="utf-8")
                writer = csv.writer(handle)
                writer.writerow(COLUMNS)
                handles[entity.schema] = (handle, writer)
            writer = handles[entity.schema][1]
            for row in fact_rows(entity):
                writer.writerow(row)
                rows += 1
    finally:
        for handle, _ in handles.values():
            handle.close()
    return {"entities": entities, "rows": rows, "files": len(handles)}


def write_xlsx(view: View, out: Path) -> dict[str, Any]:
    """Write one workbook with a sheet per schema, streamed (see ``_xlsx``)."""
    entities = rows = 0
    with XlsxBook(out) as book:
        for entity in resolved_entities(view):
            entities += 1
            for row in fact_rows(entity):
                book.append(entity.schema, row, header=list(COLUMNS))
                rows += 1
    return {"entities": entities, "rows": rows, "sheets": book.sheets}
