"""FtM JSON entities, one per line, merged per resolved entity, each value with its marking.

Each line is an FtM entity as Aleph, yente and ``ftm`` tooling read it (``id``,
``schema``, ``properties``, plus ``referents``, ``datasets``, ``first_seen`` and
``last_seen`` as nomenklatura writes them), with one more key, ``statements``: the FtM
statement dicts behind the entity, each extended with ``marking`` (the compact 3×5×2
text) and ``origin`` (the originating agency). Tools that know only entities ignore it;
``corridor ingest --format ftm`` reads it back with every marking.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from corridor.exchange._entities import ResolvedEntity, resolved_entities
from corridor.exchange._markings import marking_text
from corridor.store import View


def entity_record(entity: ResolvedEntity) -> dict[str, Any]:
    """The JSON object written for one resolved entity."""
    data = entity.proxy.to_dict()
    data["id"] = entity.id
    data["referents"] = [r for r in entity.records if r != entity.id]
    data["datasets"] = sorted({s.source for s in entity.statements})
    data["first_seen"] = min(s.first_seen for s in entity.statements)
    data["last_seen"] = max(s.last_seen for s in entity.statements)
    data["statements"] = [
        {
            "canonical_id": entity.id,
            "entity_id": s.entity_id,
            "prop": s.prop,
            "schema": s.schema,
            "value": s.value,
            "dataset": s.source,
            "lang": s.lang,
            "original_value": s.original_value,
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
            "external": False,
            "origin": s.origin,
            "id": s.id,
            "marking": marking_text(s.marking),
        }
        for s in entity.statements
    ]
    return data


def write_ftm(view: View, out: Path) -> dict[str, Any]:
    """Write every visible resolved entity as one FtM JSON line; returns counts."""
    entities = statements = 0
    with out.open("w", encoding="utf-8") as handle:
        for entity in resolved_entities(view):
            handle.write(json.dumps(entity_record(entity), ensure_ascii=False, sort_keys=True) + "\n")
            entities += 1
            statements += len(entity.statements)
    return {"entities": entities, "statements": statements}
