"""Import of STIX 2.1 bundles: corridor's own exactly, a partner's through the standard objects.

A bundle that carries ``x_corridor_statements`` (written by ``corridor export --format
stix``) is read back statement by statement, each with the marking its
``marking_ref`` names. Any other bundle is mapped object by object (docs/exchange.md):
identities become people and organisations, threat actors and intrusion sets legal
entities, locations addresses, sightings events, relationships FtM links, and indicators
on e-mail addresses and phone numbers become those properties of the entity they relate
to. Each object's marking comes from its TLP marking, its labels (MISP-style
``admiralty-scale`` tags) and its ``confidence``, with ``--marking`` filling the gaps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followthemoney import EntityProxy, model

from corridor.core import FieldError, InvalidInput
from corridor.exchange._markings import marking_from_tags
from corridor.exchange._write import Loader, read_text, write_import
from corridor.ingest import IngestReport
from corridor.model import BASE_PROP, Marking, Statement, entity_statements, parse_marking, utc_now

TLP_BY_ID = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "white",
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "green",
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "amber",
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "red",
}
CORRIDOR_STATEMENT = "corridor marking: "
LINKS = {"family": "Family", "relative-of": "Family", "associate": "Associate", "associate-of": "Associate",
         "membership": "Membership", "member-of": "Membership", "employment": "Employment",
         "ownership": "Ownership", "owns": "Ownership", "directorship": "Directorship"}  # fmt: skip
PATTERN = re.compile(r"^\[\s*([a-z0-9-]+):([a-z_.]+)\s*=\s*'((?:[^'\\]|\\.)*)'(?:\s+AND\s+([a-z0-9-]+):([a-z_.]+)\s*=\s*'((?:[^'\\]|\\.)*)')?\s*\]$")  # fmt: skip
SELECTOR_PROPS = {"email": "email", "phone": "phone"}


def _credibility(confidence: object) -> str | None:
    if not isinstance(confidence, int):
        return None
    for floor, code in ((90, "1"), (70, "2"), (50, "3"), (30, "4"), (10, "5")):
        if confidence >= floor:
            return code
    return "6"


def _parse(text: str, where: str) -> list[dict[str, Any]]:
    """The bundle's objects, after stix2 has accepted the bundle (custom properties allowed)."""
    import stix2  # type: ignore[import-untyped]  # stix2 ships no type information
    from stix2.exceptions import STIXError  # type: ignore[import-untyped]

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput("not valid JSON", errors=[FieldError(exc.msg, file=where, row=exc.lineno)]) from None
    if not isinstance(data, dict) or data.get("type") != "bundle":
        raise InvalidInput(
            "not a STIX bundle", errors=[FieldError('expected {"type": "bundle", ...}', file=where, field="type")]
        )
    try:
        stix2.parse(data, allow_custom=True)
    except (STIXError, ValueError, TypeError, KeyError) as exc:
        raise InvalidInput(
            "invalid STIX 2.1 bundle", errors=[FieldError(str(exc).splitlines()[0], file=where)]
        ) from None
    objects = data.get("objects") or []
    if not isinstance(objects, list):
        raise InvalidInput(
            "invalid STIX 2.1 bundle", errors=[FieldError("must be a list", file=where, field="objects")]
        )
    for index, obj in enumerate(objects, start=1):
        for key in ("type", "id"):
            if not isinstance(obj, dict) or not isinstance(obj.get(key), str):
                raise InvalidInput(
                    "invalid STIX 2.1 bundle",
                    errors=[FieldError("every object needs a string type and id", file=where, row=index, field=key)],
                )
    return list(objects)


def _ref(by_id: dict[str, dict[str, Any]], value: object) -> dict[str, Any] | None:
    """The object a reference names, if it is a reference (a string) to one in the bundle."""
    return by_id.get(value) if isinstance(value, str) else None


class _Markings:
    """The markings a bundle defines, and the marking of each object."""

    def __init__(self, objects: list[dict[str, Any]], default: Marking | None, where: str, recipient: str) -> None:
        self.default = default
        self.recipient = recipient
        self.where = where
        self.corridor: dict[str, Marking] = {}
        self.tlp: dict[str, str] = dict(TLP_BY_ID)
        for obj in objects:
            if obj.get("type") != "marking-definition":
                continue
            definition = obj.get("definition") or {}
            statement = str(definition.get("statement") or "")
            if statement.startswith(CORRIDOR_STATEMENT):
                self.corridor[obj["id"]] = parse_marking(
                    statement[len(CORRIDOR_STATEMENT) :], where=f"{where} {obj['id']}"
                )
            elif obj.get("definition_type") == "tlp" and definition.get("tlp"):
                self.tlp[obj["id"]] = str(definition["tlp"]).lower()
            elif str(obj.get("name") or "").upper().startswith("TLP:"):
                self.tlp[obj["id"]] = str(obj["name"])[4:].lower()

    def of(self, obj: dict[str, Any]) -> Marking:
        """A partner object's marking, from its TLP, labels and confidence."""
        refs = obj.get("object_marking_refs") or []
        tags = [f"tlp:{self.tlp[r]}" for r in refs if r in self.tlp]
        tags += [str(label) for label in obj.get("labels") or []]
        if not any("information-credibility" in t for t in tags) and (code := _credibility(obj.get("confidence"))):
            tags.append(f'admiralty-scale:information-credibility="{code}"')
        where = f"{self.where} {obj.get('id')}"
        marking, _ = marking_from_tags(tags, default=self.default, where=where, recipient=self.recipient)
        return marking


def _corridor_statements(
    loader: Loader, objects: list[dict[str, Any]], marks: _Markings, report: IngestReport
) -> Iterator[Statement]:
    where = marks.where
    for index, obj in enumerate(objects, start=1):
        rows = obj.get("x_corridor_statements")
        if not isinstance(rows, list):
            continue
        report.rows += 1
        report.entities += 1
        for row in rows:
            at = (index, str(obj.get("id")), row)

            def bad(reason: str, field: str, at: tuple[int, str, dict[str, Any]] = at) -> InvalidInput:
                where_row, object_id, data = at
                error = FieldError(
                    reason,
                    file=where,
                    row=where_row,
                    field=f"{object_id} x_corridor_statements.{field}",
                    value=str(data.get(field)),
                )
                return InvalidInput(reason, errors=[error])

            marking = marks.corridor.get(str(row.get("marking_ref")))
            if marking is None:
                raise bad("marking_ref names no corridor marking definition in the bundle", "marking_ref")
            schema = model.get(str(row.get("schema")))
            if schema is None:
                raise bad("unknown FtM schema", "schema")
            prop = str(row.get("prop") or "")
            if prop != BASE_PROP and schema.get(prop) is None:
                raise bad(f"schema {schema.name} has no such property", "prop")
            origin = loader.origin(str(row.get("origin") or loader.agency), where=FieldError("unknown originator", file=where, row=index, field="origin"))  # fmt: skip
            entity_id = loader.record_id(str(row.get("entity_id") or obj["id"]), origin)
            value = entity_id if prop == BASE_PROP else str(row.get("value") or "")
            if not value:
                raise bad("statement has no value", "value")
            seen = utc_now()
            yield Statement(
                entity_id=entity_id, schema=schema.name, prop=prop, value=value, source=str(row.get("source") or where),
                origin=origin, marking=marking, first_seen=str(row.get("first_seen") or seen),
                last_seen=str(row.get("last_seen") or seen), lang=row.get("lang"), original_value=row.get("original_value"),
            )  # fmt: skip


def _add(proxy: EntityProxy, prop: str, value: object) -> None:
    if value is None or value == "" or proxy.schema.get(prop) is None:
        return
    for item in value if isinstance(value, list) else [value]:
        proxy.add(prop, str(item), quiet=True)


def _foreign(
    loader: Loader, objects: list[dict[str, Any]], marks: _Markings, report: IngestReport, source: str
) -> Iterator[Statement]:
    """Map a partner's standard STIX objects to FtM entities."""

    def rid(ref: object) -> str:
        return loader.record_id(str(ref), loader.agency)

    by_id = {str(o["id"]): o for o in objects}
    selectors: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for obj in objects:
        if obj.get("type") == "relationship":
            src, dst = _ref(by_id, obj.get("source_ref")), _ref(by_id, obj.get("target_ref"))
            if src is not None and dst is not None and src.get("type") == "indicator":
                match = PATTERN.match(str(src.get("pattern") or ""))
                if match:
                    selector, value = _selector(match)
                    if selector in SELECTOR_PROPS:
                        selectors.setdefault(str(dst["id"]), []).append((SELECTOR_PROPS[selector], value, src))
    for index, obj in enumerate(objects, start=1):
        kind = obj.get("type")
        proxy: EntityProxy | None = None
        if kind == "identity":
            cls = obj.get("identity_class")
            proxy = model.make_entity(
                "Person" if cls == "individual" else "Organization" if cls == "organization" else "LegalEntity"
            )
            _add(proxy, "name", obj.get("name"))
            _add(proxy, "alias", obj.get("x_corridor_aliases"))
            _add(proxy, "description", obj.get("description"))
        elif kind in {"threat-actor", "intrusion-set"}:
            proxy = model.make_entity("LegalEntity")
            _add(proxy, "name", obj.get("name"))
            _add(proxy, "alias", obj.get("aliases"))
            _add(proxy, "description", obj.get("description"))
        elif kind == "location":
            proxy = model.make_entity("Address")
            _add(proxy, "full", obj.get("street_address") or obj.get("name"))
            _add(proxy, "city", obj.get("city"))
            _add(proxy, "country", obj.get("country"))
            _add(proxy, "latitude", obj.get("latitude"))
            _add(proxy, "longitude", obj.get("longitude"))
        elif kind == "sighting":
            proxy = model.make_entity("Event")
            _add(proxy, "name", obj.get("description") or obj.get("name") or "Sighting")
            _add(proxy, "date", str(obj.get("first_seen") or "")[:10] or None)
            _add(proxy, "involved", rid(obj.get("sighting_of_ref")))
            refs = obj.get("where_sighted_refs")
            for ref in refs if isinstance(refs, list) else []:
                place = _ref(by_id, ref) or {}
                if place.get("type") == "location":
                    _add(proxy, "country", place.get("country"))
        elif kind == "relationship":
            src, dst = _ref(by_id, obj.get("source_ref")), _ref(by_id, obj.get("target_ref"))
            if src is None or dst is None or "indicator" in {src.get("type"), dst.get("type")}:
                continue
            rel = str(obj.get("relationship_type") or "related-to")
            schema = model.get(LINKS.get(rel, "UnknownLink"))
            assert schema is not None
            proxy = model.make_entity(schema)
            if schema.source_prop is not None and schema.target_prop is not None:
                _add(proxy, schema.source_prop.name, rid(src["id"]))
                _add(proxy, schema.target_prop.name, rid(dst["id"]))
            _add(proxy, "role" if schema.name == "UnknownLink" else "relationship", rel)
            _add(proxy, "description", obj.get("description"))
        else:
            if kind not in {"marking-definition", "indicator"}:
                report.skipped += 1
            continue
        report.rows += 1
        proxy.id = rid(obj["id"])
        try:
            marking = marks.of(obj)
        except InvalidInput as exc:
            report.rejected += 1
            report.errors += [
                FieldError(e.reason, file=marks.where, row=index, field=f"{obj['id']} labels", value=e.value)
                for e in exc.errors
            ]
            continue
        report.entities += 1
        seen = obj.get("modified") or obj.get("created")
        stamp = str(seen)[:19] + "Z" if seen else None
        for prop, value, indicator in selectors.get(str(obj["id"]), []):
            extra = model.make_entity(proxy.schema)
            extra.id = proxy.id
            _add(extra, prop, value)
            yield from (
                s
                for s in entity_statements(
                    extra, source=source, origin=loader.agency, marking=marks.of(indicator), seen=stamp
                )
                if s.prop != BASE_PROP
            )
        yield from entity_statements(proxy, source=source, origin=loader.agency, marking=marking, seen=stamp)


def _selector(match: re.Match[str]) -> tuple[str, str]:
    first_type, first_path, first_value, _, second_path, second_value = match.groups()

    def unescape(text: str | None) -> str:
        return re.sub(r"\\(.)", r"\1", text or "")

    if first_type == "email-addr" and first_path == "value":
        return "email", unescape(first_value)
    if first_type == "x-corridor-selector" and first_path == "kind" and second_path == "value":
        return unescape(first_value), unescape(second_value)
    return first_type, unescape(first_value)


def import_stix(loader: Loader, path: Path, *, marking: Marking | None, source: str | None = None) -> IngestReport:
    """Load a STIX 2.1 bundle in one transaction; returns the ingest report."""
    where = str(path)
    objects = _parse(read_text(path), where)
    marks = _Markings(objects, marking, where, loader.recipient)
    report = IngestReport(file=where, format="stix")
    ours = any(isinstance(o.get("x_corridor_statements"), list) for o in objects)
    name = source or path.name
    found = (
        _corridor_statements(loader, objects, marks, report) if ours else _foreign(loader, objects, marks, report, name)
    )
    stmts = list(found)
    return write_import(loader, path, report, stmts, source=name, marking_text=str(marking or "from the bundle"))
