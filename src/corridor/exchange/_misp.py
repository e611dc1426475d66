"""MISP event JSON: one MISP object per resolved entity, one attribute per value.

Each attribute is one statement, so each carries its own tags: ``tlp:``, ``PAP:``,
``admiralty-scale:`` (the grading in MISP's own taxonomies) and ``corridor:marking`` /
``corridor:originator`` (the exact marking). The object's ``comment`` names the FtM
entity (``corridor Person gb-nca.p1``) and each attribute's ``comment`` the record and
FtM property it came from, as JSON after ``corridor:``, so an import gives back exactly
what was exported. References to other entities are also written as MISP object
references, which MISP draws as the event graph.

The envelope is written incrementally: objects stream, and the event's tags (the
strictest TLP seen) follow them, since JSON keys may come in any order.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from followthemoney.schema import Schema

from corridor.exchange._entities import ResolvedEntity, resolved_entities
from corridor.exchange._json_stream import JsonArrayWriter
from corridor.exchange._markings import misp_tags, tlp_of
from corridor.model import Statement, selector_kind_for_property
from corridor.store import View

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://corridor.invalid/misp")
COMMENT_PREFIX = "corridor:"
OBJECT_PREFIX = "corridor "

ATTRIBUTE_TYPES = {"phone": "phone-number", "email": "email", "iban": "iban", "url": "link"}
"""FtM property types with a MISP attribute type of their own; the rest are ``text``."""
CATEGORIES = {"text": "Other", "phone-number": "Person", "email": "Person", "iban": "Financial fraud", "link": "External analysis"}  # fmt: skip
RELATIONS: dict[str, dict[str, str]] = {
    "person": {"name": "full-name", "firstName": "first-name", "lastName": "last-name", "birthDate": "date-of-birth",
               "nationality": "nationality", "phone": "phone-number", "email": "e-mail", "alias": "alias",
               "passportNumber": "passport-number", "birthPlace": "place-of-birth", "gender": "gender",
               "description": "text", "position": "role"},
    "legal-entity": {"name": "name", "phone": "phone-number", "registrationNumber": "registration-number",
                     "legalForm": "legal-form", "website": "website", "description": "text"},
    "bank-account": {"iban": "iban", "accountNumber": "account", "bankName": "institution-name", "swiftBic": "swift",
                     "currency": "currency-code", "description": "comments"},
    "vehicle": {"registrationNumber": "license-plate-number", "model": "model", "type": "type",
                "description": "description", "buildDate": "date-first-registration"},
    "postal-address": {"street": "street", "city": "city", "country": "country", "postalCode": "postal-code",
                       "region": "state", "full": "description"},
    "event": {"name": "name", "summary": "description", "description": "description", "date": "start_time",
              "startDate": "start_time", "endDate": "end_time"},
    "coin-address": {"publicKey": "address-crypto", "currency": "symbol"},
    "transaction": {"amount": "amount", "date": "date"},
}  # fmt: skip
"""FtM properties written under a MISP template's own relation names (the rest keep the FtM name)."""


def template_of(schema: Schema) -> tuple[str, str]:
    """The MISP object template name and meta-category nearest to an FtM schema."""
    if schema.is_a("Person"):
        return "person", "misc"
    if schema.is_a("LegalEntity"):
        return "legal-entity", "misc"
    if schema.is_a("BankAccount"):
        return "bank-account", "financial"
    if schema.is_a("CryptoWallet"):
        return "coin-address", "financial"
    if schema.is_a("Vehicle"):
        return "vehicle", "misc"
    if schema.is_a("Address"):
        return "postal-address", "misc"
    if schema.is_a("Payment"):
        return "transaction", "financial"
    if schema.is_a("Event"):
        return "event", "misc"
    return "annotation", "misc"


def object_uuid(entity_id: str) -> str:
    """The MISP object uuid of an entity (deterministic, so references can be written early)."""
    return str(uuid.uuid5(NAMESPACE, f"object:{entity_id}"))


def _attribute(entity: ResolvedEntity, stmt: Statement, template: str) -> dict[str, Any]:
    prop = entity.proxy.schema.get(stmt.prop)
    type_name = prop.type.name if prop is not None else "string"
    misp_type = ATTRIBUTE_TYPES.get(type_name, "text")
    note = {"record": stmt.entity_id, "schema": stmt.schema, "prop": stmt.prop, "source": stmt.source}
    if stmt.lang:
        note["lang"] = stmt.lang
    if stmt.original_value:
        note["original_value"] = stmt.original_value
    return {
        "uuid": str(uuid.uuid5(NAMESPACE, f"attribute:{entity.id}:{stmt.id}")),
        "type": misp_type,
        "category": CATEGORIES[misp_type],
        "object_relation": RELATIONS.get(template, {}).get(stmt.prop, stmt.prop),
        "value": stmt.value,
        "to_ids": selector_kind_for_property(stmt.schema, stmt.prop) is not None and misp_type != "text",
        "distribution": "5",
        "disable_correlation": False,
        "first_seen": _iso(stmt.first_seen),
        "last_seen": _iso(stmt.last_seen),
        "comment": COMMENT_PREFIX + json.dumps(note, ensure_ascii=False, sort_keys=True),
        "Tag": [{"name": tag} for tag in misp_tags(stmt.marking, stmt.origin)],
    }


def _iso(text: str) -> str:
    return text.replace("Z", "+00:00")


def misp_object(entity: ResolvedEntity) -> dict[str, Any]:
    """The MISP object of one resolved entity, with its references."""
    name, category = template_of(entity.proxy.schema)
    own = object_uuid(entity.id)
    references = [
        {"uuid": str(uuid.uuid5(NAMESPACE, f"ref:{entity.id}:{prop.name}:{value}")), "object_uuid": own,
         "referenced_uuid": object_uuid(value), "relationship_type": prop.name, "comment": prop.label}
        for prop, value in entity.proxy.itervalues() if prop.type.name == "entity"
    ]  # fmt: skip
    return {
        "uuid": own,
        "name": name,
        "meta-category": category,
        "description": f"FollowTheMoney {entity.schema}",
        "comment": f"{OBJECT_PREFIX}{entity.schema} {entity.id}",
        "distribution": "5",
        "first_seen": _iso(min(s.first_seen for s in entity.statements)),
        "last_seen": _iso(max(s.last_seen for s in entity.statements)),
        "Attribute": [_attribute(entity, s, name) for s in entity.facts()],
        "ObjectReference": references,
    }


def write_misp(view: View, out: Path, *, producer: str) -> dict[str, Any]:
    """Write one MISP event holding every visible resolved entity; returns counts."""
    now = datetime.now(UTC)
    head = {
        "uuid": str(uuid.uuid4()),
        "info": f"corridor export by {producer} for {view.principal.key}",
        "date": now.date().isoformat(),
        "timestamp": str(int(now.timestamp())),
        "threat_level_id": "4",
        "analysis": "2",
        "distribution": "0",
        "published": False,
        "Orgc": {"name": producer},
    }
    entities = attributes = 0
    strictest = "amber"
    with out.open("w", encoding="utf-8") as handle:
        prefix = '{"Event": ' + json.dumps(head, ensure_ascii=False)[:-1] + ', "Object": ['
        writer = JsonArrayWriter(handle, prefix, "")
        for entity in resolved_entities(view):
            obj = misp_object(entity)
            writer.add(obj)
            entities += 1
            attributes += len(obj["Attribute"])
            if any(tlp_of(s.marking) == "red" for s in entity.statements):
                strictest = "red"
        writer.close()
        tags = [{"name": f"tlp:{strictest}"}, {"name": f'corridor:producer="{producer}"'}]
        handle.write('], "Tag": ' + json.dumps(tags) + "}}\n")
    return {"entities": entities, "attributes": attributes}
