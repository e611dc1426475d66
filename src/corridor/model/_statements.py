"""Statements, the unit of storage and of sharing, and entities assembled from them.

A statement is one property value of one entity, from one source of one originating
agency, with its marking and when it was first and last seen. An entity is whatever its
visible statements say, so two principals can see two versions of one entity.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from followthemoney import EntityProxy, model
from followthemoney.exc import InvalidData

from corridor.core import FieldError, InvalidInput
from corridor.model._markings import Marking

BASE_PROP = "id"
"""The pseudo-property every entity has once, so an entity with no values still exists."""


def utc_now() -> str:
    """The current time as the ISO-8601 UTC text the store keeps (sortable on every backend)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def statement_id(origin: str, source: str, entity_id: str, prop: str, value: str) -> str:
    """A stable key for a statement, the same on every node that holds it.

    Bundles carry it, so a re-import is idempotent and a withdrawal can name what it
    withdraws; the marking is left out so a re-grading changes the statement, not its key.
    """
    text = f"{origin}\x1f{source}\x1f{entity_id}\x1f{prop}\x1f{value}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()  # noqa: S324 - a key, not a secret


class Fact(NamedTuple):
    """A statement without its provenance: what analyses over the whole view read."""

    entity_id: str
    schema: str
    prop: str
    value: str


@dataclass(frozen=True, slots=True)
class Statement:
    """One property value of one entity, with its provenance and marking."""

    entity_id: str
    schema: str
    prop: str
    value: str
    source: str
    origin: str
    marking: Marking
    first_seen: str
    last_seen: str
    lang: str | None = None
    original_value: str | None = None
    withdrawn: bool = False

    @property
    def id(self) -> str:
        """The statement's stable key (see ``statement_id``)."""
        return statement_id(self.origin, self.source, self.entity_id, self.prop, self.value)


def entity_statements(
    entity: EntityProxy,
    *,
    source: str,
    origin: str,
    marking: Marking,
    seen: str | None = None,
) -> list[Statement]:
    """Break an FtM entity into statements, one per property value plus the base one."""
    if not entity.id:
        raise InvalidInput("entity has no id", errors=[FieldError("missing id", field="id")])
    when = seen or utc_now()
    schema = entity.schema.name
    out = [Statement(entity.id, schema, BASE_PROP, entity.id, source, origin, marking, when, when)]
    for prop, value in entity.itervalues():
        out.append(Statement(entity.id, schema, prop.name, value, source, origin, marking, when, when))
    return out


def assemble(entity_id: str, statements: Iterable[Statement | tuple[str, str, str]]) -> EntityProxy | None:
    """Build an FtM entity from statements (or ``(schema, prop, value)`` triples).

    The schema is the most specific one the statements agree on (FtM's common schema), so a
    Person seen by one agency and a LegalEntity seen by another assemble as a Person.
    Returns ``None`` when there is nothing to assemble.
    """
    triples = [(s.schema, s.prop, s.value) if isinstance(s, Statement) else s for s in statements]
    if not triples:
        return None
    schema = model.get(triples[0][0])
    for name, _, _ in triples[1:]:
        if schema is None or name == schema.name:
            continue
        other = model.get(name)
        if other is None:
            continue
        try:
            schema = model.common_schema(schema, other)
        except InvalidData:
            continue
    if schema is None:
        return None
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for _, prop, value in triples:
        if prop == BASE_PROP:
            continue
        proxy.add(prop, value, cleaned=True, quiet=True)
    return proxy
