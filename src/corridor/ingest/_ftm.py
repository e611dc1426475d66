"""Reading FollowTheMoney entity files (JSON Lines, one entity per line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from followthemoney import EntityProxy, model
from followthemoney.exc import InvalidData

from corridor.core import FieldError, InvalidInput
from corridor.ingest._ids import namespaced_id


def read_ftm(path: Path, agency: str) -> Iterator[tuple[int, EntityProxy | FieldError]]:
    """Yield ``(line number, entity)`` or ``(line number, error)`` for each non-empty line.

    Ids and references to other entities are namespaced by agency, so an entity file from
    one partner can never overwrite another partner's records.
    """
    where = str(path)
    try:
        handle = path.open("r", encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {where}") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {where}: {exc.strerror}") from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                yield number, _parse_line(line, where, number, agency)
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                "file is not UTF-8 text", errors=[FieldError(f"cannot decode byte at offset {exc.start}", file=where)]
            ) from None


def _parse_line(line: str, where: str, number: int, agency: str) -> EntityProxy | FieldError:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return FieldError(f"not valid JSON: {exc.msg}", file=where, row=number)
    if not isinstance(data, dict):
        return FieldError("expected a JSON object (an FtM entity)", file=where, row=number)
    schema_name = data.get("schema")
    if not isinstance(schema_name, str) or model.get(schema_name) is None:
        return FieldError(
            "unknown or missing FtM schema", file=where, row=number, field="schema", value=str(schema_name)
        )
    entity_id = data.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        return FieldError("entity has no id", file=where, row=number, field="id")
    properties = data.get("properties") or {}
    if not isinstance(properties, dict):
        return FieldError("properties must be an object", file=where, row=number, field="properties")
    schema = model.get(schema_name)
    assert schema is not None
    proxy = model.make_entity(schema)
    proxy.id = namespaced_id(agency, entity_id.strip())
    for name, values in properties.items():
        prop = schema.get(name)
        if prop is None:
            return FieldError(f"schema {schema_name} has no property {name!r}", file=where, row=number, field=name)
        for value in values if isinstance(values, list) else [values]:
            if value is None:
                continue
            text = str(value)
            if prop.type.name == "entity":
                proxy.add(prop, namespaced_id(agency, text), cleaned=True)
                continue
            try:
                cleaned = prop.type.clean(text, proxy=proxy)
            except InvalidData as exc:
                return FieldError(str(exc), file=where, row=number, field=name, value=text)
            if cleaned is None:
                return FieldError(f"not a valid {prop.type.name}", file=where, row=number, field=name, value=text)
            proxy.add(prop, cleaned, cleaned=True)
    return proxy
