"""Resolved entities streamed from a view: what every export format writes.

An export names each resolved entity (a cluster of records judged the same) by its
smallest *visible* record, like ``View.entity`` does, so an id the principal may not see
never surfaces; references to a merged record point at its resolved entity.

Memory stays bounded by the batch size, whatever the size of the store: unmerged records
(most of a store) stream in one ordered pass, a batch of records at a time, each batch
asking the resolution table which of its records are merged (those are left to the
second pass); merged clusters are then read a batch of canonical ids at a time (keyset
pagination over the resolution table). The only whole-store state is the database's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from followthemoney import EntityProxy
from sqlalchemy import or_, select

from corridor.model import BASE_PROP, Statement, assemble
from corridor.store import View, tables

BATCH = 1000
"""Records handled per round of queries in the first pass."""
CLUSTER_BATCH = 250
"""Clusters per round in the second pass: each holds all its records' statements, so the
batch bounds the export's memory (a thousand demo clusters held about 30 MiB)."""
ID_CHUNK = 2000
"""Ids per ``IN`` list on the resolution table (twice per query, under SQLite's bound)."""

_canonical = tables.canonical


@dataclass(frozen=True, slots=True)
class ResolvedEntity:
    """One resolved entity as the principal sees it: its id, records and visible statements."""

    id: str
    records: tuple[str, ...]
    statements: tuple[Statement, ...]
    proxy: EntityProxy

    @property
    def schema(self) -> str:
        """The entity's schema name (the most specific its records agree on)."""
        return self.proxy.schema.name

    @property
    def caption(self) -> str:
        """A human label: FtM's caption, or the id when the entity has no name."""
        caption = self.proxy.caption
        return caption if caption and caption != self.proxy.schema.label else self.id

    def facts(self) -> Iterator[Statement]:
        """The statements that say something (the base ``id`` statement only says "exists")."""
        return (s for s in self.statements if s.prop != BASE_PROP)


def _heads_of(view: View, ids: Iterable[str]) -> dict[str, str]:
    """For the merged ones among ``ids``: their canonical id (a head maps to itself)."""
    wanted = sorted(set(ids))
    out: dict[str, str] = {}
    with view.store.reading(stream=False) as conn:
        for start in range(0, len(wanted), ID_CHUNK):
            chunk = wanted[start : start + ID_CHUNK]
            asked = set(chunk)
            query = select(_canonical.c.entity_id, _canonical.c.canonical_id).where(
                or_(_canonical.c.entity_id.in_(chunk), _canonical.c.canonical_id.in_(chunk))
            )
            for entity_id, canonical_id in conn.execute(query):
                out[str(canonical_id)] = str(canonical_id)
                if str(entity_id) in asked:
                    out[str(entity_id)] = str(canonical_id)
    return {i: out[i] for i in wanted if i in out}


def _members(view: View, heads: Iterable[str]) -> dict[str, list[str]]:
    """Every record of each cluster (the head included)."""
    wanted = sorted(set(heads))
    out: dict[str, list[str]] = {h: [h] for h in wanted}
    with view.store.reading(stream=False) as conn:
        for start in range(0, len(wanted), ID_CHUNK):
            chunk = wanted[start : start + ID_CHUNK]
            query = select(_canonical.c.entity_id, _canonical.c.canonical_id).where(
                _canonical.c.canonical_id.in_(chunk)
            )
            for entity_id, canonical_id in conn.execute(query):
                out[str(canonical_id)].append(str(entity_id))
    return out


def _shown_ids(view: View, ids: Iterable[str]) -> dict[str, str]:
    """For the visible merged ones among ``ids``: the id their resolved entity is shown under."""
    heads = _heads_of(view, ids)
    if not heads:
        return {}
    members = _members(view, set(heads.values()))
    every = [m for ms in members.values() for m in ms]
    visible = {s.entity_id for s in view.statements(entity_ids=every, props=[BASE_PROP])}
    shown = {h: min(v) for h, ms in members.items() if (v := [m for m in ms if m in visible])}
    return {i: shown[h] for i, h in heads.items() if i in visible and h in shown}


def _resolved(view: View, batch: list[tuple[str, list[str], list[Statement]]]) -> Iterator[ResolvedEntity]:
    """Assemble a batch of entities, pointing references at resolved entities."""
    refs = {
        s.value
        for _, _, stmts in batch
        for s in stmts
        if (schema := s.schema) and _is_ref(schema, s.prop)
    }  # fmt: skip
    shown = _shown_ids(view, refs) if refs else {}
    for entity_id, records, stmts in batch:
        proxy = assemble(entity_id, stmts)
        if proxy is None:
            continue
        if shown:
            for prop in list(proxy.iterprops()):
                if prop.type.name == "entity":
                    values = proxy.get(prop)
                    proxy.set(prop, [shown.get(v, v) for v in values], cleaned=True, quiet=True)
        yield ResolvedEntity(entity_id, tuple(sorted(records)), tuple(stmts), proxy)


_REF_PROPS: dict[tuple[str, str], bool] = {}


def _is_ref(schema: str, prop: str) -> bool:
    key = (schema, prop)
    found = _REF_PROPS.get(key)
    if found is None:
        from followthemoney import model

        obj = model.get(schema)
        found = _REF_PROPS[key] = bool(obj and (p := obj.get(prop)) is not None and p.type.name == "entity")
    return found


def _grouped(statements: Iterable[Statement]) -> Iterator[tuple[str, list[Statement]]]:
    current: str | None = None
    batch: list[Statement] = []
    for stmt in statements:
        if stmt.entity_id != current:
            if current is not None:
                yield current, batch
            current, batch = stmt.entity_id, []
        batch.append(stmt)
    if current is not None:
        yield current, batch


def _singles(view: View, buffer: list[tuple[str, list[Statement]]]) -> Iterator[ResolvedEntity]:
    merged = _heads_of(view, [r for r, _ in buffer])
    yield from _resolved(view, [(r, [r], stmts) for r, stmts in buffer if r not in merged])


def _head_pages(view: View) -> Iterator[list[str]]:
    last = ""
    while True:
        query = (
            select(_canonical.c.canonical_id)
            .where(_canonical.c.canonical_id > last)
            .group_by(_canonical.c.canonical_id)
            .order_by(_canonical.c.canonical_id)
            .limit(CLUSTER_BATCH)
        )
        with view.store.reading(stream=False) as conn:
            heads = [str(h) for (h,) in conn.execute(query)]
        if not heads:
            return
        yield heads
        last = heads[-1]


def _clusters(view: View, heads: list[str]) -> Iterator[ResolvedEntity]:
    members = _members(view, heads)
    head_of = {m: h for h, ms in members.items() for m in ms}
    grouped: dict[str, list[Statement]] = defaultdict(list)
    for stmt in view.statements(entity_ids=list(head_of), ordered=True):
        grouped[head_of[stmt.entity_id]].append(stmt)
    batch = []
    for head in heads:
        stmts = grouped.pop(head, [])
        records = sorted({s.entity_id for s in stmts})
        if records:
            batch.append((records[0], records, stmts))
    yield from _resolved(view, batch)


def resolved_entities(view: View) -> Iterator[ResolvedEntity]:
    """Stream every visible resolved entity, merged over its cluster, one at a time."""
    buffer: list[tuple[str, list[Statement]]] = []
    for record_id, stmts in _grouped(view.statements(ordered=True)):
        buffer.append((record_id, stmts))
        if len(buffer) >= BATCH:
            yield from _singles(view, buffer)
            buffer = []
    yield from _singles(view, buffer)
    for heads in _head_pages(view):
        yield from _clusters(view, heads)
