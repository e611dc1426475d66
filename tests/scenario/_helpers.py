"""Helpers for the scenario tests: reading a scenario's files and mapping them with plain FtM.

``map_file`` is a deliberately small, independent reader: it applies the ``corridor:``
block's ``date_formats`` and hands each record to FollowTheMoney's own mapping code, then
reports every value FtM had to discard. It checks the generator's promise (every value
cleans) without depending on how ``corridor.ingest`` is written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from followthemoney import model
from followthemoney.mapping.query import QueryMapping
from openpyxl import load_workbook

SPLIT = "\x1f"


def load_json(path: Path) -> Any:
    """A JSON file's content."""
    return json.loads(path.read_text(encoding="utf-8"))


def load_mapping(path: Path) -> dict[str, Any]:
    """A mapping YAML file's content."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def read_records(path: Path, block: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The records of a data file, as flat dicts of column to value (lists kept)."""
    fmt = block["format"]
    if fmt == "csv":
        with path.open(encoding=block["encoding"], newline="") as fh:
            yield from csv.DictReader(fh, delimiter=block["delimiter"])
    elif fmt == "xlsx":
        wb = load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = [str(h) for h in next(rows)]
            for row in rows:
                yield dict(zip(header, row, strict=False))
        wb.close()
    elif fmt == "json":
        for item in load_json(path)[block["records"]]:
            yield _flatten(item)
    elif fmt == "jsonl":
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                yield _flatten(json.loads(line))
    else:
        raise AssertionError(f"unexpected format {fmt}")


def _to_text(value: Any, formats: list[str]) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    for fmt in formats:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed.isoformat() if ("%H" in fmt) else parsed.date().isoformat()
    return text


@dataclass
class MapResult:
    """What mapping one file with plain FtM gave."""

    rows: int = 0
    entities: int = 0
    ids: dict[str, set[str]] = field(default_factory=dict)
    discarded: list[tuple[int, str, str, str]] = field(default_factory=list)
    missing_ids: list[tuple[int, str]] = field(default_factory=list)


def map_file(path: Path, mapping: dict[str, Any]) -> MapResult:
    """Map every record of ``path`` with FtM and report ids, and values FtM discarded."""
    block = mapping["corridor"]
    date_formats: dict[str, list[str]] = block.get("date_formats") or {}
    entities = json.loads(json.dumps(mapping["entities"]))
    list_columns: set[str] = set()
    records = list(read_records(path, block))
    for raw_record in records:
        list_columns.update(k for k, v in raw_record.items() if isinstance(v, list))
    for spec in entities.values():
        for prop in (spec.get("properties") or {}).values():
            if prop.get("column") in list_columns:
                prop["split"] = SPLIT
    query = QueryMapping(model, {"csv_url": "/dev/null", "entities": entities})
    result = MapResult()
    for n, raw in enumerate(records, start=1):
        record: dict[str, str] = {}
        for key, value in raw.items():
            if isinstance(value, list):
                if value:
                    record[key] = SPLIT.join(str(v) for v in value)
                continue
            text = _to_text(value, date_formats.get(key, []))
            if text is not None:
                record[key] = text
        mapped = query.map(record)
        result.rows += 1
        for name, spec in entities.items():
            if "id_column" in spec and name not in mapped:
                result.missing_ids.append((n, name))
        for name, proxy in mapped.items():
            result.entities += 1
            assert proxy.id is not None
            result.ids.setdefault(name, set()).add(proxy.id)
            for prop_name, prop in (entities[name].get("properties") or {}).items():
                column = prop.get("column")
                if column is None or prop.get("entity") or column not in record:
                    continue
                if not proxy.get(prop_name):
                    result.discarded.append((n, name, prop_name, record[column]))
    return result
