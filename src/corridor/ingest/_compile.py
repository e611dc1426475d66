"""A mapping compiled into a per-row function that yields entities' values, FtM's way.

``QueryMapping.map`` builds an FtM proxy per entity per row and cleans every value through
it; that is the reference, and the benchmark runs it next to this. Here the same mapping
is turned into plans once (``EntityPlan``/``PropertyPlan``) and each row only looks up its
columns, cleans values through memoised cleaners and returns plain tuples, ready to become
statements.

FtM semantics kept, one by one:

- entities map in FtM's dependency order, so ``entity:`` references see the ids of the
  entities they point to; a reference to an entity the row did not make is left out;
- ``id_column`` gives the id as written; ``keys`` give the SHA-1 of ``key_literal`` and the
  sorted non-empty key values (``EntityMapping.compute_key``); an entity without an id is
  skipped, as is one missing a ``required`` property;
- values come from ``literal(s)``, then ``column(s)`` in order, or from a ``template``;
  ``join`` joins them, ``split`` splits them; ``format`` is the date format FtM passes to
  its cleaning; ``fuzzy`` loosens cleaning where FtM's type supports it;
- country properties are cleaned first (FtM does so to give phone numbers a country);
- a referencing entity with ``namesMentioned`` gets the referenced entity's names
  (FtM's ``inline_names``);
- ``filters`` keep rows whose column value is among those listed, ``filters_not`` drop them.

Different on purpose: ids are namespaced by agency (``rs-mup.<id>``), values FtM would drop
with a log line reject the row instead (see ``_clean.py``), names in a non-Latin script get
a Latin form beside them, and selector properties are normalised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from followthemoney.property import Property
from followthemoney.schema import Schema
from followthemoney.types import registry

from corridor.ingest._clean import RowError, ValueCleaner
from corridor.ingest._ids import namespaced_id
from corridor.ingest._options import Options
from corridor.ingest._translit import latin_form
from corridor.model import Marking, selector_kind_for_property

Record = Mapping[str, "str | list[str]"]
"""One row: column name to its text (JSON records may hold several values)."""

NAME_PARTS = frozenset({"firstName", "secondName", "middleName", "lastName", "fatherName", "motherName"})
"""Person properties of FtM type ``string`` that hold parts of a name (they get Latin forms too)."""
TEXTUAL_TYPES = frozenset({"name", "string", "text", "address"})
"""Types whose values are in the source's language, so their statements carry ``lang``."""
COUNTRY_KEYED = frozenset({"passport", "idnumber", "plate"})
"""Selector kinds whose key includes the issuing country, read from the entity's ``country``.

Only ``country`` (the issuing or registration country of a document or vehicle) is used: a
person's nationality says nothing certain about who issued a number, and a phone's country
comes from its own prefix or the mapping's ``phone_region``."""
MAX_ID_LENGTH = 200


class Value(NamedTuple):
    """One value of one entity, as it becomes a statement (a tuple: made once per value)."""

    prop: str
    value: str
    lang: str | None = None
    original: str | None = None
    marking: Marking | None = None


@dataclass(slots=True)
class Mapped:
    """One entity made from one row: its namespaced id, schema and values."""

    id: str
    schema: str
    source_id: str
    values: list[Value] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PropertyPlan:
    """How one property of one entity gets its values from a row."""

    prop: Property
    name: str
    columns: tuple[str, ...]
    literals: tuple[str, ...]
    join: str | None
    split: str | None
    ref: str | None
    required: bool
    template: str | None
    replacements: tuple[tuple[str, str], ...]
    cleaner: ValueCleaner
    lang: str | None
    latin: bool
    is_country: bool
    country_keyed: bool
    marking: Marking | None

    def raw_values(self, record: Record) -> list[tuple[str | None, str]]:
        """``(column, text)`` pairs for this property from ``record`` (FtM's ``record_values``)."""
        if self.template is not None:
            text = self.template
            for pattern, column in self.replacements:
                found = record.get(column)
                text = text.replace(pattern, _first(found) or "")
            text = text.strip()
            return [(None, text)] if text else []
        out: list[tuple[str | None, str]] = [(None, lit) for lit in self.literals]
        for column in self.columns:
            found = record.get(column)
            if found is None:
                continue
            if isinstance(found, str):
                out.append((column, found))
            else:
                out.extend((column, item) for item in found)
        if self.join is not None and out:
            out = [(out[0][0], self.join.join(text for _, text in out))]
        if self.split is not None:
            out = [(col, part.strip()) for col, text in out for part in text.split(self.split)]
        return [(col, text) for col, text in out if text]


def _first(value: str | list[str] | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value[0] if value else None


@dataclass(slots=True)
class EntityPlan:
    """How one entity of a query is made from a row."""

    name: str
    schema: Schema
    id_column: str | None
    keys: tuple[str, ...]
    seed: Any
    properties: tuple[PropertyPlan, ...]
    names_mentioned: bool
    lang: str | None

    @property
    def columns(self) -> set[str]:
        """Every column this entity reads."""
        found = {self.id_column} if self.id_column else set()
        found.update(self.keys)
        for prop in self.properties:
            found.update(prop.columns)
            found.update(column for _, column in prop.replacements)
        return found

    def source_id(self, record: Record) -> str | None:
        """The id the mapping gives this entity in ``record`` (``EntityMapping.compute_key``)."""
        if self.id_column is not None:
            return _first(record.get(self.id_column)) or None
        digest = self.seed.copy()
        values: list[bytes] = []
        for key in self.keys:
            found = record.get(key)
            if found is None:
                continue
            if isinstance(found, str):
                values.append(found.encode("utf-8"))
            else:
                values.extend(item.encode("utf-8") for item in found)
        has_value = False
        for value in sorted(values):
            if value:
                has_value = True
                digest.update(value)
        return str(digest.hexdigest()) if has_value else None

    def map(self, record: Record, made: dict[str, Mapped], agency: str) -> Mapped | None:
        """The entity this plan makes from ``record``, ``None`` if it makes none."""
        source_id = self.source_id(record)
        if source_id is None:
            return None
        if len(source_id) > MAX_ID_LENGTH:
            id_columns = self.id_column or ",".join(self.keys)
            raise RowError(f"id longer than {MAX_ID_LENGTH} characters", id_columns, source_id[:80])
        entity = Mapped(namespaced_id(agency, source_id), self.schema.name, source_id)
        values = entity.values
        seen: set[tuple[str, str]] = set()
        countries: list[str] = []
        for plan in self.properties:
            if plan.ref is not None:
                other = made.get(plan.ref)
                if other is not None and (plan.name, other.id) not in seen:
                    seen.add((plan.name, other.id))
                    values.append(Value(plan.name, other.id, None, None, plan.marking))
                    if self.names_mentioned:
                        for name in other.names:
                            if ("namesMentioned", name) not in seen:
                                seen.add(("namesMentioned", name))
                                values.append(Value("namesMentioned", name, self.lang, None, plan.marking))
                continue
            country = countries[0] if plan.country_keyed and countries else None
            for column, raw in plan.raw_values(record):
                cleaned = plan.cleaner.clean(column, raw, country)
                if plan.name == "country":
                    countries.append(cleaned)
                if (plan.name, cleaned) not in seen:
                    seen.add((plan.name, cleaned))
                    values.append(Value(plan.name, cleaned, plan.lang, raw if cleaned != raw else None, plan.marking))
                    if plan.prop.type is registry.name:
                        entity.names.append(cleaned)
                if plan.latin:
                    latin = latin_form(cleaned, plan.lang)
                    if latin is not None and (plan.name, latin) not in seen:
                        seen.add((plan.name, latin))
                        values.append(Value(plan.name, latin, plan.lang, raw, plan.marking))
                        if plan.prop.type is registry.name:
                            entity.names.append(latin)
        for plan in self.properties:
            if plan.required and not any(v.prop == plan.name for v in values):
                return None
        return entity


@dataclass(slots=True)
class QueryPlan:
    """One compiled mapping query: its entities in dependency order and its filters."""

    entities: tuple[EntityPlan, ...]
    filters: tuple[tuple[str, frozenset[str | None]], ...]
    filters_not: tuple[tuple[str, frozenset[str | None]], ...]

    @property
    def columns(self) -> set[str]:
        """Every column the query reads, filters included."""
        found = {column for column, _ in self.filters} | {column for column, _ in self.filters_not}
        for entity in self.entities:
            found |= entity.columns
        return found

    def accepts(self, record: Record) -> bool:
        """FtM's ``check_filters``: every filter matches and no ``filters_not`` does."""
        for column, allowed in self.filters:
            if not _matches(record.get(column), allowed):
                return False
        return all(not _matches(record.get(column), denied) for column, denied in self.filters_not)


def _matches(found: str | list[str] | None, allowed: frozenset[str | None]) -> bool:
    if found is None or isinstance(found, str):
        return found in allowed
    return any(item in allowed for item in found) or (not found and None in allowed)


def _filter_set(raw: Any) -> tuple[tuple[str, frozenset[str | None]], ...]:
    if not isinstance(raw, dict):
        return ()
    out = []
    for column, value in raw.items():
        items = value if isinstance(value, list | tuple | set) else [value]
        out.append((str(column), frozenset(None if item is None else str(item) for item in items)))
    return tuple(out)


def compile_query(ftm_query: Any, query: dict[str, Any], options: Options, agency: str) -> QueryPlan:
    """Compile FtM's ``QueryMapping`` (already checked by FtM) into a ``QueryPlan``."""
    entities = []
    for mapping in ftm_query.entities:
        props = [_property_plan(mapping.schema, pm, options, agency) for pm in mapping.properties]
        # FtM cleans country properties first; the order of the others is kept.
        props.sort(key=lambda p: 0 if p.is_country else 1)
        entities.append(
            EntityPlan(
                name=mapping.name,
                schema=mapping.schema,
                id_column=mapping.id_column,
                keys=tuple(mapping.keys),
                seed=mapping.seed,
                properties=tuple(props),
                names_mentioned=mapping.schema.get("namesMentioned") is not None,
                lang=options.lang,
            )
        )
    return QueryPlan(
        entities=tuple(entities),
        filters=_filter_set(query.get("filters")),
        filters_not=_filter_set(query.get("filters_not")),
    )


def _property_plan(schema: Schema, pm: Any, options: Options, agency: str) -> PropertyPlan:
    prop: Property = pm.prop
    selector = selector_kind_for_property(schema.name, prop.name)
    columns = tuple(str(c) for c in pm.refs if pm.template is None)
    replacements = tuple((str(k), str(v)) for k, v in pm.replacements.items())
    all_columns = columns or tuple(column for _, column in replacements)
    date_formats: dict[str | None, tuple[str, ...]] = {
        column: options.date_formats[column] for column in all_columns if column in options.date_formats
    }
    if all_columns and all_columns[0] in options.date_formats:
        # Values joined from several columns or built by a template use the first column's formats.
        date_formats[None] = options.date_formats[all_columns[0]]
    marking = next((options.column_markings[c] for c in all_columns if c in options.column_markings), None)
    cleaner = ValueCleaner(
        prop,
        agency=agency,
        selector=selector,
        region=options.phone_region,
        fmt=pm.format,
        fuzzy=bool(pm.fuzzy),
        date_formats=date_formats,
    )
    return PropertyPlan(
        prop=prop,
        name=prop.name,
        columns=columns,
        literals=tuple(str(v) for v in pm.literals),
        join=pm.join,
        split=pm.split,
        ref=pm.entity,
        required=bool(pm.required),
        template=pm.template,
        replacements=replacements,
        cleaner=cleaner,
        lang=options.lang if prop.type.name in TEXTUAL_TYPES else None,
        latin=prop.type is registry.name or prop.name in NAME_PARTS,
        is_country=prop.type is registry.country,
        country_keyed=selector in COUNTRY_KEYED,
        marking=marking,
    )
