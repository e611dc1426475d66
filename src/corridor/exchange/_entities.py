"""Resolved entities streamed from a view: what every export format writes.

An export names each resolved entity (a cluster of records judged the same) by its
smallest *visible* record, like ``View.entity`` does, so an id the principal may not
see never surfaces. Memory stays bounded: unmerged records (most of a store) stream in
one ordered pass; merged clusters are read in batches of a few hundred. Only the ids of
merged records are held for the whole export, never their content.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from followthemoney import EntityProxy
from sqlalchemy import select

from corridor.model import BASE_PROP, Statement, assemble
from corridor.store import View, tables

CLUSTER_BATCH = 500
"""Clusters read per query in the second pass (bounded memory, few round trips)."""


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


class Clusters:
    """The merged records' ids, and the id each cluster is shown under for one view."""

    def __init__(self, view: View) -> None:
        with view.store.reading(stream=False) as conn:
            rows = conn.execute(select(tables.canonical.c.entity_id, tables.canonical.c.canonical_id)).all()
        self.head: dict[str, str] = {}
        members: dict[str, set[str]] = defaultdict(set)
        for entity_id, canonical_id in rows:
            self.head[str(entity_id)] = str(canonical_id)
            self.head[str(canonical_id)] = str(canonical_id)
            members[str(canonical_id)].update((str(entity_id), str(canonical_id)))
        visible = {s.entity_id for s in view.statements(entity_ids=list(self.head), props=[BASE_PROP])}
        self.members: dict[str, tuple[str, ...]] = {}
        self.shown: dict[str, str] = {}
        for head, ids in members.items():
            seen = tuple(sorted(ids & visible))
            if seen:
                self.members[head] = seen
                self.shown[head] = seen[0]
        self.visible = visible

    def shown_id(self, record_id: str) -> str:
        """The id an export uses for ``record_id`` (its cluster's smallest visible record)."""
        head = self.head.get(record_id)
        if head is None or record_id not in self.visible:
            return record_id
        return self.shown.get(head, record_id)


def _resolved(shown: str, records: list[str], stmts: list[Statement], clusters: Clusters) -> ResolvedEntity | None:
    proxy = assemble(shown, stmts)
    if proxy is None:
        return None
    # References point at records; an export points them at the resolved entity instead,
    # so a link between two merged people is one edge, not one per record.
    for prop in list(proxy.iterprops()):
        if prop.type.name == "entity":
            values = proxy.get(prop)
            proxy.set(prop, [clusters.shown_id(v) for v in values], cleaned=True, quiet=True)
    return ResolvedEntity(shown, tuple(sorted(records)), tuple(stmts), proxy)


def resolved_entities(view: View, *, clusters: Clusters | None = None) -> Iterator[ResolvedEntity]:
    """Stream every visible resolved entity, merged over its cluster, one at a time."""
    clusters = clusters or Clusters(view)
    current: str | None = None
    batch: list[Statement] = []
    for stmt in view.statements(ordered=True):
        if stmt.entity_id in clusters.head:
            continue
        if stmt.entity_id != current:
            if current is not None and (found := _resolved(current, [current], batch, clusters)) is not None:
                yield found
            current, batch = stmt.entity_id, []
        batch.append(stmt)
    if current is not None and (found := _resolved(current, [current], batch, clusters)) is not None:
        yield found
    heads = sorted(clusters.members)
    for start in range(0, len(heads), CLUSTER_BATCH):
        chunk = heads[start : start + CLUSTER_BATCH]
        grouped: dict[str, list[Statement]] = defaultdict(list)
        wanted = [m for h in chunk for m in clusters.members[h]]
        for stmt in view.statements(entity_ids=wanted, ordered=True):
            grouped[clusters.head[stmt.entity_id]].append(stmt)
        for head in chunk:
            stmts = grouped.pop(head, [])
            records = sorted({s.entity_id for s in stmts})
            if records and (found := _resolved(clusters.shown[head], records, stmts, clusters)) is not None:
                yield found
