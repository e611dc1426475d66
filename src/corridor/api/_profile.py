"""The entity profile: every visible property value with its provenance and marking.

Built from the caller's view only: the statements of the entity's cluster, its visible
neighbours and the judgements between records the caller can see.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from followthemoney import model
from followthemoney.property import Property
from followthemoney.types import registry

from corridor.api._graphdata import is_edge, read_records, references
from corridor.api._index import Indexes
from corridor.model import BASE_PROP, Statement, assemble, selector_kind_for_property
from corridor.store import View, read_judgements

_ALIAS_PROPS = ("alias", "weakAlias", "previousName", "name")


def marking_info(stmt: Statement) -> dict[str, Any]:
    """Provenance and marking of one statement, as badges show them."""
    m = stmt.marking
    return {
        "record": stmt.entity_id,
        "source": stmt.source,
        "agency": stmt.origin,
        "grade": f"{m.intelligence}{m.source}",
        "handling": m.handling,
        "conditions": m.conditions,
        "source_evaluation": m.source,
        "intelligence": m.intelligence,
        "first_seen": stmt.first_seen,
        "last_seen": stmt.last_seen,
        "lang": stmt.lang,
        "original_value": stmt.original_value,
    }


def properties(stmts: list[Statement]) -> list[dict[str, Any]]:
    """Property -> values -> the statements that say it."""
    by_prop: dict[str, dict[str, list[Statement]]] = defaultdict(lambda: defaultdict(list))
    schemata = {s.schema for s in stmts}
    for stmt in stmts:
        if stmt.prop != BASE_PROP:
            by_prop[stmt.prop][stmt.value].append(stmt)
    out = []
    for prop_name in sorted(by_prop):
        prop = _property(schemata, prop_name)
        out.append(
            {
                "prop": prop_name,
                "label": prop.label if prop else prop_name,
                "type": prop.type.name if prop else "string",
                "values": [
                    {"value": value, "statements": [marking_info(s) for s in said]}
                    for value, said in sorted(by_prop[prop_name].items())
                ],
            }
        )
    return out


def _property(schemata: set[str], name: str) -> Property | None:
    for schema_name in sorted(schemata):
        schema = model.get(schema_name)
        if schema is not None and name in schema.properties:
            return schema.properties[name]
    return None


def selectors(stmts: list[Statement]) -> list[dict[str, str]]:
    """Normalised identifiers (phones, IBANs, passports …) among the statements."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for stmt in stmts:
        kind = selector_kind_for_property(stmt.schema, stmt.prop)
        if kind:
            seen[(kind, stmt.value)] = {"kind": kind, "value": stmt.value, "prop": stmt.prop}
    return list(seen.values())


def build_profile(view: View, indexes: Indexes, entity_id: str) -> dict[str, Any]:
    """The whole profile of ``entity_id`` as the caller sees it (``NotFound`` if invisible)."""
    canonical, stmts = view.entity_statements(entity_id)
    proxy = assemble(canonical, stmts)
    assert proxy is not None
    members = sorted({s.entity_id for s in stmts})
    member_set = set(members)
    named = {s.value for s in stmts if _is_entity_prop(s)}
    out_ids, in_ids = indexes.linked(members, 2000)
    neighbours = read_records(view, (out_ids | in_ids | named) - member_set)
    linked: list[dict[str, Any]] = []
    timeline: list[dict[str, Any]] = []
    far_ids: set[str] = set()
    confirmed: dict[str, tuple[str, str]] = {}
    for nid, other in neighbours.items():
        if nid in named:
            prop = next(s.prop for s in stmts if s.value == nid and _is_entity_prop(s))
            confirmed[nid] = (prop, "out")
            continue
        refs = [p for p, v in references(other) if v in member_set]
        if refs:
            confirmed[nid] = (refs[0], "in")
            if is_edge(other):
                far_ids |= {v for _, v in references(other) if v not in member_set}
    far = read_records(view, far_ids - set(neighbours))
    for nid, (prop, direction) in sorted(confirmed.items()):
        other = neighbours[nid]
        via = [
            {"id": v, "caption": far[v].caption, "schema": far[v].schema.name} for _, v in references(other) if v in far
        ]
        linked.append(
            {
                "id": nid,
                "schema": other.schema.name,
                "caption": other.caption,
                "prop": prop,
                "direction": direction,
                "via": via,
            }
        )
        for prop_obj, value in other.itervalues():
            if prop_obj.type == registry.date:
                timeline.append(
                    {
                        "date": value,
                        "prop": prop_obj.name,
                        "id": nid,
                        "schema": other.schema.name,
                        "label": other.caption,
                    }
                )
    for stmt in stmts:
        said = _property({stmt.schema}, stmt.prop)
        if said is not None and said.type == registry.date:
            timeline.append(
                {
                    "date": stmt.value,
                    "prop": stmt.prop,
                    "id": stmt.entity_id,
                    "schema": stmt.schema,
                    "label": proxy.caption,
                }
            )
    timeline.sort(key=lambda item: str(item["date"]))
    aliases = sorted({s.value for s in stmts if s.prop in _ALIAS_PROPS and s.value != proxy.caption})
    with view.store.engine.connect() as conn:
        judgements = read_judgements(conn, members)
    why = [j.as_dict() for j in judgements if j.left_id in member_set and j.right_id in member_set]
    agencies = sorted({s.origin for s in stmts})
    return {
        "id": canonical,
        "schema": proxy.schema.name,
        "caption": proxy.caption,
        "records": members,
        "agencies": agencies,
        "properties": properties(stmts),
        "selectors": selectors(stmts),
        "aliases": aliases,
        "linked": linked,
        "timeline": timeline,
        "why_linked": why,
    }


def _is_entity_prop(stmt: Statement) -> bool:
    schema = model.get(stmt.schema)
    prop = schema.properties.get(stmt.prop) if schema else None
    return prop is not None and prop.type == registry.entity
