"""Building the entity graph from the statements a principal may see, in one stream.

The only read is ``View.facts(props=…, ordered=True)``: statements come grouped by
record, so a record is assembled, turned into a node or into link rows, and forgotten.
Records resolve to canonical ids through the canonical table (ids only, no content).
A referenced id becomes a node only if the principal sees a statement of a record in
its cluster: a visible call to an invisible person links to no one, so the person's
existence does not leak through a degree, a count or a path.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import groupby
from operator import attrgetter

import numpy as np
from sqlalchemy import select

from corridor.graph._entity_graph import EntityGraph
from corridor.graph._kinds import (
    AMOUNT_PROPS,
    ATTACH_PROPS,
    COUNTRY_PROPS,
    DATE_PROPS,
    LINK_SCHEMATA,
    NAME_PROPS,
    PHONE_PROPS,
    link_props,
)
from corridor.model import Fact, Statement
from corridor.store import View, tables

PHONE_PREFIX = "phone:"

Record = Sequence[Fact | Statement]
"""One record's statements: facts from the store, or full statements in memory."""


def read_canonical(view: View) -> dict[str, str]:
    """Every merged record's canonical id (the table holds ids only, never content)."""
    query = select(tables.canonical.c.entity_id, tables.canonical.c.canonical_id)
    with view.store.engine.connect() as conn:
        return {row.entity_id: row.canonical_id for row in conn.execute(query)}


def phone_node_id(value: str) -> str:
    """The node id of a phone number: its digits with a leading ``+`` kept."""
    digits = "".join(ch for ch in value if ch.isdigit())
    return PHONE_PREFIX + ("+" + digits if value.strip().startswith("+") else digits)


def _in_window(dates: list[str], since: str | None, until: str | None) -> bool:
    """Whether a record dated ``dates`` overlaps ``[since, until]``; undated ones always do."""
    if not dates or (since is None and until is None):
        return True
    first, last = min(d[:10] for d in dates), max(d[:10] for d in dates)
    return (since is None or last >= since) and (until is None or first <= until)


class GraphBuilder:
    """Accumulates records into compact link rows; ``finish`` drops invisible ends."""

    def __init__(self, canonical: Mapping[str, str], *, since: str | None = None, until: str | None = None):
        self.canonical = canonical
        self.since, self.until = since, until
        self.index: dict[str, int] = {}
        self.ids: list[str] = []
        self.schema: list[str] = []
        self.names: list[str] = []
        self.countries: list[tuple[str, ...]] = []
        self.seen = bytearray()
        self.self_record = bytearray()
        self.members: dict[int, list[str]] = {}
        self.kinds: list[str] = []
        self.kind_codes: dict[str, int] = {}
        self.kind_props: list[set[str]] = []
        self.evidence_index: dict[str, int] = {}
        self.evidence_ids: list[str] = []
        self.src = array("q")
        self.dst = array("q")
        self.kind = array("h")
        self.evidence = array("q")
        self.amount = array("d")
        self.processed: set[str] = set()
        """Records read that left no node and no row (out of the window, or half a link)."""

    def _node(self, entity_id: str) -> int:
        found = self.index.get(entity_id)
        if found is None:
            found = len(self.ids)
            self.index[entity_id] = found
            self.ids.append(entity_id)
            self.schema.append("")
            self.names.append("")
            self.countries.append(())
            self.seen.append(0)
            self.self_record.append(0)
        return found

    def _phone(self, value: str) -> int:
        node = self._node(phone_node_id(value))
        if not self.seen[node]:
            self.seen[node] = 1
            self.schema[node] = "Phone"
            self.names[node] = value
        return node

    def _kind(self, name: str, props: Iterable[str]) -> int:
        code = self.kind_codes.get(name)
        if code is None:
            code = len(self.kinds)
            self.kind_codes[name] = code
            self.kinds.append(name)
            self.kind_props.append(set())
        self.kind_props[code].update(props)
        return code

    def _evidence(self, record_id: str) -> int:
        found = self.evidence_index.get(record_id)
        if found is None:
            found = len(self.evidence_ids)
            self.evidence_index[record_id] = found
            self.evidence_ids.append(record_id)
        return found

    def _row(self, a: int, b: int, kind: int, evidence: int, amount: float) -> None:
        self.src.append(a)
        self.dst.append(b)
        self.kind.append(kind)
        self.evidence.append(evidence)
        self.amount.append(amount)

    def _ends(self, props: Mapping[str, list[str]], names: tuple[str, ...]) -> tuple[list[int], str | None]:
        for name in names:
            values = props.get(name)
            if values:
                if name.endswith("Number"):
                    return [self._phone(v) for v in values], name
                return [self._node(self.canonical.get(v, v)) for v in values], name
        return [], None

    def add_record(self, record_id: str, statements: Record) -> None:
        """Turn one record's visible statements into a node or into link rows."""
        props: dict[str, list[str]] = {}
        schema = statements[0].schema
        for stmt in statements:
            props.setdefault(stmt.prop, []).append(stmt.value)
            if stmt.schema in LINK_SCHEMATA:
                schema = stmt.schema
        dates = [v for p in DATE_PROPS for v in props.get(p, ())]
        if not _in_window(dates, self.since, self.until):
            self.processed.add(record_id)
            return
        link = LINK_SCHEMATA.get(schema)
        if link is not None:
            self._add_link(record_id, props, link)
            return
        node = self._node(self.canonical.get(record_id, record_id))
        self.seen[node] = 1
        if node in self.members or self.ids[node] != record_id:
            self.members.setdefault(node, []).append(record_id)
        else:
            self.self_record[node] = 1
        if not self.schema[node] or self.schema[node] in ("LegalEntity", "Thing"):
            self.schema[node] = schema
        if not self.names[node]:
            for prop in NAME_PROPS:
                if props.get(prop):
                    self.names[node] = min(props[prop])
                    break
        found = {v.upper() for p in COUNTRY_PROPS for v in props.get(p, ())}
        if found:
            self.countries[node] = tuple(sorted(found.union(self.countries[node])))
        evidence = -1
        for prop, kind_name in ATTACH_PROPS.items():
            for value in props.get(prop, ()):
                if evidence < 0:
                    evidence = self._evidence(record_id)
                target = self._node(self.canonical.get(value, value))
                self._row(node, target, self._kind(kind_name, (prop,)), evidence, 0.0)
        for prop in PHONE_PROPS:
            for value in props.get(prop, ()):
                if evidence < 0:
                    evidence = self._evidence(record_id)
                self._row(node, self._phone(value), self._kind("phone", (prop,)), evidence, 0.0)

    def _add_link(
        self, record_id: str, props: Mapping[str, list[str]], link: tuple[tuple[str, ...], tuple[str, ...], str]
    ) -> None:
        sources, source_prop = self._ends(props, link[0])
        targets, target_prop = self._ends(props, link[1])
        if not sources or not targets:
            self.processed.add(record_id)
            return
        amount = 0.0
        for prop in AMOUNT_PROPS:
            for value in props.get(prop, ()):
                try:
                    amount = float(value)
                except ValueError:
                    continue
                break
            if amount:
                break
        code = self._kind(link[2], (p for p in (source_prop, target_prop, *AMOUNT_PROPS, *DATE_PROPS) if p))
        evidence = self._evidence(record_id)
        for a in sources:
            for b in targets:
                if a != b:
                    self._row(a, b, code, evidence, amount)

    def _shown_id(self, node: int) -> str:
        """A node's id as the principal may see it: its smallest *visible* record.

        The canonical id of a cluster is its smallest record overall, which may be one the
        principal cannot see; that id must never surface in a score, a path or an export.
        """
        visible = list(self.members.get(node, ()))
        if node < len(self.self_record) and self.self_record[node]:
            visible.append(self.ids[node])
        return min(visible) if visible else self.ids[node]

    def finish(self) -> EntityGraph:
        """The graph over seen nodes only: rows with an invisible end are dropped."""
        seen = np.frombuffer(bytes(self.seen), dtype=np.uint8).astype(bool) if self.seen else np.zeros(0, dtype=bool)
        remap = np.full(len(self.ids), -1, dtype=np.int64)
        remap[seen] = np.arange(int(seen.sum()), dtype=np.int64)
        src = remap[np.frombuffer(self.src, dtype=np.int64)] if self.src else np.zeros(0, dtype=np.int64)
        dst = remap[np.frombuffer(self.dst, dtype=np.int64)] if self.dst else np.zeros(0, dtype=np.int64)
        keep = (src >= 0) & (dst >= 0) & (src != dst)
        kept = np.flatnonzero(seen)
        self_record = np.frombuffer(bytes(self.self_record), dtype=np.uint8).astype(bool) if self.self_record else seen
        members = {int(remap[n]): recs for n, recs in self.members.items() if remap[n] >= 0}
        ids = [self._shown_id(i) for i in range(len(self.ids))]
        return EntityGraph(
            ids=[ids[i] for i in kept],
            schema=[self.schema[i] or "Thing" for i in kept],
            names=[self.names[i] or ids[i] for i in kept],
            countries=[self.countries[i] for i in kept],
            self_record=self_record[kept],
            members=members,
            src=src[keep],
            dst=dst[keep],
            kind=(np.frombuffer(self.kind, dtype=np.int16) if self.kind else np.zeros(0, dtype=np.int16))[keep],
            kinds=list(self.kinds),
            evidence=(np.frombuffer(self.evidence, dtype=np.int64) if self.evidence else np.zeros(0, dtype=np.int64))[
                keep
            ],
            evidence_ids=self.evidence_ids,
            evidence_props=[tuple(sorted(p)) for p in self.kind_props],
            amount=(np.frombuffer(self.amount, dtype=np.float64) if self.amount else np.zeros(0))[keep],
            window=(self.since, self.until),
        )


def group_records(statements: Iterable[Fact | Statement]) -> Iterator[tuple[str, Record]]:
    """Statements (or facts) ordered by entity id, grouped one record at a time."""
    for record_id, group in groupby(statements, key=attrgetter("entity_id")):
        yield record_id, list(group)


def build_graph(
    view: View,
    *,
    since: str | None = None,
    until: str | None = None,
    canonical: Mapping[str, str] | None = None,
) -> EntityGraph:
    """The entity graph of what ``view`` may see, optionally limited to a time window.

    A link record (a call, a payment, a trip…) counts in the window when one of its
    dates falls inside it; undated records always count, since a missing date says
    nothing about when a link held.
    """
    builder = GraphBuilder(read_canonical(view) if canonical is None else canonical, since=since, until=until)
    for record_id, facts in group_records(view.facts(props=link_props(), ordered=True)):
        builder.add_record(record_id, facts)
    return builder.finish()
