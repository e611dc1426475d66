"""STIX 2.1 bundles: people and organisations as identities, selectors as indicators,
links as relationships, events as sightings, markings as marking definitions.

The bundle is written object by object. Relationships and sightings name their ends by
STIX id, and a STIX id carries the object's type, which is only known once the end has
been written; so they go to a spool file first and are written after every entity, a
batch at a time, with their ends' types read back through the door (the schema of each
end's record), so nothing grows with the size of the export but the spool on disk.

Every object carries corridor's facts behind it in ``x_corridor_statements`` (one per
value, with the id of its marking definition) and its FtM identity in
``x_corridor_entity``, which is what makes an export → import round trip exact. A
partner's bundle without them is read from the standard properties instead.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.schema import Schema

from corridor.exchange._entities import ResolvedEntity, resolved_entities
from corridor.exchange._json_stream import JsonArrayWriter
from corridor.exchange._markings import TLP_OF_HANDLING, confidence_of, marking_text
from corridor.model import BASE_PROP, Marking, Statement, selector_kind_for_property
from corridor.store import View

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://corridor.invalid/stix")
TLP_IDS = {
    "white": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
    "green": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    "amber": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
    "red": "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
}
"""The TLP 1.0 marking definitions the STIX 2.1 specification itself defines (section 7.2.1.4)."""
TLP_CREATED = "2017-01-20T00:00:00.000Z"
EPOCH = "2020-01-01T00:00:00.000Z"
SELECTOR_TYPE = "x-corridor-selector"
DEFERRED_BATCH = 1000
EDGES = {"relationship", "sighting", "note"}
"""Kinds that cannot be the end of a relationship or the thing sighted."""


def stix_id(kind: str, key: str) -> str:
    """A deterministic STIX id, so re-exports name the same object the same way."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def timestamp(text: str) -> str:
    """A store time (``…T…Z``) or an FtM date (``2023``, ``2023-04-05``) as a STIX timestamp."""
    text = text.strip()
    if "T" not in text:
        parts = ([*text.split("-"), "01", "01"])[:3]
        text = f"{parts[0]:0>4}-{parts[1]:0>2}-{parts[2][:2]:0>2}T00:00:00Z"
    text = text.rstrip("Z")
    if "." not in text:
        text += ".000"
    return text + "Z"


def pattern_of(kind: str, value: str) -> str:
    """A STIX pattern matching one selector (e-mail addresses use the standard object)."""
    quoted = value.replace("\\", "\\\\").replace("'", "\\'")
    if kind == "email":
        return f"[email-addr:value = '{quoted}']"
    return f"[{SELECTOR_TYPE}:kind = '{kind}' AND {SELECTOR_TYPE}:value = '{quoted}']"


def kind_of(schema: Schema) -> str:
    """The STIX type an FtM schema is written as."""
    if schema.edge:
        return "relationship"
    if schema.is_a("Event"):
        return "sighting"
    if schema.is_a("LegalEntity"):
        return "identity"
    if schema.is_a("Address"):
        return "location"
    if schema.is_a("Note") or schema.is_a("Documentation"):
        return "note"
    return "infrastructure"


class _Bundle:
    """State of one bundle being written: the marking definitions and identities already out."""

    def __init__(self, writer: JsonArrayWriter, producer: str) -> None:
        self.writer = writer
        self._agencies: set[str] = set()
        self.producer = self.identity(producer)
        self.markings: set[str] = set()
        self.deferred = 0

    def identity(self, agency: str) -> str:
        """The identity of an agency (written once)."""
        ref = stix_id("identity", f"agency:{agency}")
        if ref not in self._agencies:
            self._agencies.add(ref)
            self.writer.add(
                {"type": "identity", "spec_version": "2.1", "id": ref, "created": EPOCH, "modified": EPOCH,
                 "name": agency, "identity_class": "organization", "sectors": ["government-public-services"]}
            )  # fmt: skip
        return ref

    def marking(self, marking: Marking) -> str:
        """The marking definition of a corridor marking (written once)."""
        text = marking_text(marking)
        ref = stix_id("marking-definition", text)
        if ref not in self.markings:
            self.markings.add(ref)
            self.writer.add(
                {"type": "marking-definition", "spec_version": "2.1", "id": ref, "created": EPOCH,
                 "created_by_ref": self.producer, "name": f"corridor {text}",
                 "definition_type": "statement", "definition": {"statement": f"corridor marking: {text}"}}
            )  # fmt: skip
        return ref


def _statements(bundle: _Bundle, stmts: tuple[Statement, ...]) -> list[dict[str, Any]]:
    return [
        {"entity_id": s.entity_id, "schema": s.schema, "prop": s.prop, "value": s.value, "origin": s.origin,
         "source": s.source, "marking_ref": bundle.marking(s.marking), "first_seen": s.first_seen,
         "last_seen": s.last_seen, "lang": s.lang, "original_value": s.original_value}
        for s in stmts
    ]  # fmt: skip


def _common(bundle: _Bundle, entity: ResolvedEntity, kind: str, *, carry: bool = True) -> dict[str, Any]:
    markings = {s.marking for s in entity.statements}
    tlp = "red" if any(m.handling == "C" for m in markings) else TLP_OF_HANDLING["P"]
    refs = sorted({bundle.marking(m) for m in markings})
    obj: dict[str, Any] = {
        "type": kind,
        "spec_version": "2.1",
        "id": stix_id(kind, entity.id),
        "created": timestamp(min(s.first_seen for s in entity.statements)),
        "modified": timestamp(max(s.last_seen for s in entity.statements)),
        "created_by_ref": bundle.producer,
        "confidence": min(confidence_of(m) for m in markings),
        "object_marking_refs": [TLP_IDS[tlp], *refs],
        "x_corridor_entity": {"id": entity.id, "schema": entity.schema, "records": list(entity.records)},
    }
    if carry:
        obj["x_corridor_statements"] = _statements(bundle, entity.statements)
    return obj


def _first(entity: ResolvedEntity, *props: str) -> str | None:
    for prop in props:
        if entity.proxy.schema.get(prop) is not None and (value := entity.proxy.first(prop)):
            return str(value)
    return None


def _write_entity(bundle: _Bundle, entity: ResolvedEntity, spool: Any) -> int:
    """Write the objects of one entity; returns how many (relationships/sightings spool)."""
    schema = entity.proxy.schema
    kind = kind_of(schema)
    obj = _common(bundle, entity, kind)
    written = 0
    if kind in {"relationship", "sighting"}:
        ends = _ends(entity, schema)
        if ends is None:
            kind = "note"
            obj = _common(bundle, entity, kind)
        else:
            bundle.deferred += 1
            spool.write(json.dumps({"obj": obj, "ends": ends, "entity": entity.id}, ensure_ascii=False) + "\n")
            written += 1
    if kind == "identity":
        obj["name"] = entity.caption
        obj["identity_class"] = "individual" if schema.is_a("Person") else "organization"
        aliases = entity.proxy.get("alias", quiet=True) + entity.proxy.get("weakAlias", quiet=True)
        if desc := _first(entity, "description", "notes"):
            obj["description"] = desc
        if aliases:
            obj["x_corridor_aliases"] = aliases
    elif kind == "location":
        obj["name"] = entity.caption
        country = _first(entity, "country")
        lat, lon = _first(entity, "latitude"), _first(entity, "longitude")
        if lat and lon:
            obj["latitude"], obj["longitude"] = float(lat), float(lon)
        if country:
            obj["country"] = country.upper()
        if not country and not (lat and lon):
            obj["region"] = "europe"
        if street := _first(entity, "full", "street"):
            obj["street_address"] = street
        if city := _first(entity, "city"):
            obj["city"] = city
    elif kind == "infrastructure":
        obj["name"] = entity.caption
        obj["infrastructure_types"] = ["unknown"]
        obj["description"] = f"FtM {schema.name}"
    elif kind == "note":
        obj["abstract"] = entity.caption
        obj["content"] = _first(entity, "description", "summary", "name") or entity.caption
        obj["object_refs"] = [bundle.identity(sorted({s.origin for s in entity.statements})[0])]
    if kind not in {"relationship", "sighting"}:
        bundle.writer.add(obj)
        written += 1
    written += _indicators(bundle, entity, obj["id"])
    return written


def _ends(entity: ResolvedEntity, schema: Schema) -> dict[str, Any] | None:
    if schema.edge:
        source = entity.proxy.first(schema.source_prop) if schema.source_prop else None
        target = entity.proxy.first(schema.target_prop) if schema.target_prop else None
        if not source or not target:
            return None
        return {"source": source, "target": target, "type": schema.name.lower()}
    involved = entity.proxy.get("involved", quiet=True) + entity.proxy.get("organizer", quiet=True)
    if not involved:
        return None
    return {"sighted": sorted(set(involved)), "date": _first(entity, "date", "startDate"),
            "end": _first(entity, "endDate"), "country": _first(entity, "country"),
            "place": _first(entity, "location"), "origin": sorted({s.origin for s in entity.statements})[0]}  # fmt: skip


def _indicators(bundle: _Bundle, entity: ResolvedEntity, target: str) -> int:
    count = 0
    for stmt in entity.facts():
        kind = selector_kind_for_property(stmt.schema, stmt.prop)
        if kind is None:
            continue
        ref = stix_id("indicator", f"{entity.id}:{kind}:{stmt.value}")
        when = timestamp(stmt.first_seen)
        marks = [TLP_IDS[TLP_OF_HANDLING[stmt.marking.handling]], bundle.marking(stmt.marking)]
        bundle.writer.add(
            {"type": "indicator", "spec_version": "2.1", "id": ref, "created": when, "modified": timestamp(stmt.last_seen),
             "created_by_ref": bundle.producer, "name": f"{kind} {stmt.value}", "indicator_types": ["attribution"],
             "pattern": pattern_of(kind, stmt.value), "pattern_type": "stix", "valid_from": when,
             "confidence": confidence_of(stmt.marking), "object_marking_refs": marks}
        )  # fmt: skip
        bundle.writer.add(
            {"type": "relationship", "spec_version": "2.1", "id": stix_id("relationship", ref), "created": when,
             "modified": when, "created_by_ref": bundle.producer, "relationship_type": "related-to",
             "source_ref": ref, "target_ref": target, "object_marking_refs": marks}
        )  # fmt: skip
        count += 2
    return count


def _end_types(view: View, items: list[dict[str, Any]]) -> dict[str, str]:
    """The STIX type each visible end of a batch of relationships and sightings was written as."""
    ends = {e for item in items for e in (item["ends"].get("source"), item["ends"].get("target"), *item["ends"].get("sighted", [])) if e}  # fmt: skip
    types: dict[str, str] = {}
    for stmt in view.statements(entity_ids=sorted(ends), props=[BASE_PROP]):
        schema = model.get(stmt.schema)
        if schema is not None:
            types.setdefault(stmt.entity_id, kind_of(schema))
    return types


def _finish_deferred(bundle: _Bundle, item: dict[str, Any], types: dict[str, str]) -> int:
    obj, ends = item["obj"], item["ends"]
    if "source" in ends:
        source, target = ends["source"], ends["target"]
        if types.get(source, "relationship") in EDGES or types.get(target, "relationship") in EDGES:
            return _as_note(bundle, obj)
        obj["relationship_type"] = ends["type"]
        obj["source_ref"] = stix_id(types[source], source)
        obj["target_ref"] = stix_id(types[target], target)
        bundle.writer.add(obj)
        return 1
    sighted = [s for s in ends["sighted"] if s in types and types[s] not in EDGES]
    if not sighted:
        return _as_note(bundle, obj)
    where = bundle.identity(ends["origin"])
    if ends.get("country"):
        where = stix_id("location", f"sighting:{item['entity']}")
        bundle.writer.add(
            {"type": "location", "spec_version": "2.1", "id": where, "created": obj["created"], "modified": obj["modified"],
             "created_by_ref": bundle.producer, "name": ends.get("place") or ends["country"],
             "country": ends["country"].upper(), "object_marking_refs": obj["object_marking_refs"]}
        )  # fmt: skip
    written = 1 if ends.get("country") else 0
    for n, end in enumerate(sighted):
        one = dict(obj) if n == 0 else {k: v for k, v in obj.items() if k != "x_corridor_statements"}
        one["id"] = obj["id"] if n == 0 else stix_id("sighting", f"{item['entity']}:{end}")
        one["sighting_of_ref"] = stix_id(types[end], end)
        one["where_sighted_refs"] = [where]
        one["count"] = 1
        if ends.get("date"):
            one["first_seen"] = timestamp(ends["date"])
            one["last_seen"] = timestamp(ends.get("end") or ends["date"])
            if one["last_seen"] < one["first_seen"]:
                one["last_seen"] = one["first_seen"]
        bundle.writer.add(one)
        written += 1
    return written


def _as_note(bundle: _Bundle, obj: dict[str, Any]) -> int:
    """An edge or event whose ends are not in the export still travels, as a note."""
    entity = obj["x_corridor_entity"]
    note = {k: v for k, v in obj.items() if k not in {"relationship_type", "source_ref", "target_ref"}}
    note["type"] = "note"
    note["id"] = stix_id("note", entity["id"])
    note["content"] = f"FtM {entity['schema']} {entity['id']}"
    note["object_refs"] = [bundle.producer]
    bundle.writer.add(note)
    return 1


def write_stix(view: View, out: Path, *, producer: str) -> dict[str, Any]:
    """Write a STIX 2.1 bundle of every visible resolved entity; returns counts."""
    entities = 0
    bundle_id = f"bundle--{uuid.uuid4()}"
    with out.open("w", encoding="utf-8") as handle, tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        writer = JsonArrayWriter(
            handle, json.dumps({"type": "bundle", "id": bundle_id})[:-1] + ', "objects": [', "]}\n"
        )
        bundle = _Bundle(writer, producer)
        for tlp in ("amber", "red"):
            writer.add(_tlp_definition(tlp))
        for entity in resolved_entities(view):
            entities += 1
            _write_entity(bundle, entity, spool)
        spool.seek(0)
        batch: list[dict[str, Any]] = []
        for line in spool:
            batch.append(json.loads(line))
            if len(batch) >= DEFERRED_BATCH:
                _finish_batch(view, bundle, batch)
                batch = []
        _finish_batch(view, bundle, batch)
        writer.close()
    return {"entities": entities, "objects": writer.count}


def _finish_batch(view: View, bundle: _Bundle, batch: list[dict[str, Any]]) -> None:
    if batch:
        types = _end_types(view, batch)
        for item in batch:
            _finish_deferred(bundle, item, types)


def _tlp_definition(colour: str) -> dict[str, Any]:
    return {"type": "marking-definition", "spec_version": "2.1", "id": TLP_IDS[colour], "created": TLP_CREATED,
            "definition_type": "tlp", "name": f"TLP:{colour.upper()}", "definition": {"tlp": colour}}  # fmt: skip
