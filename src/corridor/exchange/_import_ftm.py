"""Import of FtM entity lines written by ``corridor export --format ftm``, markings and all.

Each line's ``statements`` are read back as they were: record id, schema, property,
value, originator, source and marking. A line without ``statements`` (an entity file from
Aleph or yente) is read as plain FtM, every value under ``--marking``. Lines stream, so a
large file is never held in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followthemoney import model

from corridor.core import FieldError, InvalidInput
from corridor.exchange._write import Loader, write_import
from corridor.ingest import IngestReport
from corridor.model import BASE_PROP, Marking, Statement, entity_statements, parse_marking, utc_now


def _statement(loader: Loader, data: dict[str, Any], where: str, number: int, marks: dict[str, Marking]) -> Statement:
    def bad(reason: str, field: str, value: object = None) -> InvalidInput:
        return InvalidInput(
            reason,
            errors=[
                FieldError(reason, file=where, row=number, field=field, value=None if value is None else str(value))
            ],
        )

    schema = model.get(str(data.get("schema")))
    if schema is None:
        raise bad("unknown FtM schema", "statements.schema", data.get("schema"))
    prop = str(data.get("prop") or "")
    if prop != BASE_PROP and schema.get(prop) is None:
        raise bad(f"schema {schema.name} has no property", "statements.prop", prop)
    value = data.get("value")
    if not isinstance(value, str) or not value:
        raise bad("statement has no value", "statements.value")
    text = data.get("marking")
    if not isinstance(text, str):
        raise bad("statement has no marking", "statements.marking")
    if text not in marks:
        marks[text] = parse_marking(text, where=f"{where} line {number}")
    origin = loader.origin(str(data.get("origin") or loader.agency), where=FieldError("unknown originator", file=where, row=number, field="statements.origin"))  # fmt: skip
    entity_id = loader.record_id(str(data.get("entity_id") or ""), origin)
    if prop == BASE_PROP:
        value = entity_id
    seen = utc_now()
    return Statement(
        entity_id=entity_id, schema=schema.name, prop=prop, value=value, source=str(data.get("dataset") or where),
        origin=origin, marking=marks[text], first_seen=str(data.get("first_seen") or seen),
        last_seen=str(data.get("last_seen") or seen), lang=data.get("lang"), original_value=data.get("original_value"),
    )  # fmt: skip


def _lines(loader: Loader, path: Path, report: IngestReport, default: Marking | None) -> Iterator[Statement]:
    where = str(path)
    marks: dict[str, Marking] = {}
    with path.open("r", encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            report.rows += 1
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InvalidInput("not valid JSON", errors=[FieldError(exc.msg, file=where, row=number)]) from None
            if not isinstance(data, dict):
                raise InvalidInput(
                    "expected an FtM entity", errors=[FieldError("not a JSON object", file=where, row=number)]
                )
            report.entities += 1
            statements = data.get("statements")
            if isinstance(statements, list) and statements:
                for item in statements:
                    yield _statement(loader, item, where, number, marks)
                continue
            if default is None:
                raise InvalidInput(
                    "no marking: this entity carries no statements with markings; give --marking",
                    errors=[FieldError("no statements", file=where, row=number, field="statements")],
                )
            try:
                proxy = model.get_proxy(data, cleaned=False)
            except Exception as exc:  # noqa: BLE001 - FtM raises several types for one bad entity
                raise InvalidInput("not an FtM entity", errors=[FieldError(str(exc), file=where, row=number)]) from None
            proxy.id = loader.record_id(str(proxy.id), loader.agency)
            for prop in list(proxy.iterprops()):
                if prop.type.name == "entity":
                    proxy.set(prop, [loader.record_id(v, loader.agency) for v in proxy.get(prop)], cleaned=True)
            yield from entity_statements(proxy, source=path.name, origin=loader.agency, marking=default)


def import_ftm(loader: Loader, path: Path, *, marking: Marking | None, source: str | None = None) -> IngestReport:
    """Load an FtM entity file (corridor's, with markings, or plain with ``--marking``)."""
    if not path.exists():
        raise InvalidInput(f"no such file: {path}")
    report = IngestReport(file=str(path), format="ftm")
    stmts = _lines(loader, path, report, marking)
    return write_import(
        loader, path, report, stmts, source=source or path.name, marking_text=str(marking or "per statement")
    )
