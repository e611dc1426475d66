"""A graph snapshot kept between an analyst's questions and brought up to date in place.

The cache is keyed by everything that decides what a principal sees (the store, the
principal with its compartments, the day, the visible markings) plus the time window,
so two principals never share a snapshot. Before answering it checks a fingerprint:
the number of statements the principal may see, the canonical table and the list of
sources. If only new sources appeared and the count grew by exactly their statements,
it reads just those sources through the door and adds their records to the builder
(a new file of new records, the common case); anything else — a withdrawal, a merge,
a re-grading, a re-loaded file — rebuilds from scratch, which is always correct.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from corridor.graph._build import GraphBuilder, group_records, read_canonical
from corridor.graph._kinds import link_props
from corridor.graph._network import Network
from corridor.model import Fact
from corridor.store import View, tables


@dataclass(slots=True)
class _Entry:
    markings: frozenset[int]
    canonical: dict[str, str]
    sources: frozenset[str]
    count: int
    builder: GraphBuilder
    network: Network


@dataclass(slots=True)
class CacheStats:
    """How the cache answered: for tests and the benchmark."""

    hits: int = 0
    updates: int = 0
    builds: int = 0
    last: str = ""
    history: list[str] = field(default_factory=list)

    def note(self, what: str) -> None:
        """Count one answer."""
        self.last = what
        self.history.append(what)
        if what == "hit":
            self.hits += 1
        elif what == "update":
            self.updates += 1
        else:
            self.builds += 1


def _sources(view: View) -> frozenset[str]:
    with view.store.engine.connect() as conn:
        return frozenset(conn.execute(select(tables.sources.c.name)).scalars())


class GraphCache:
    """Networks of recent (principal, window) pairs, updated incrementally."""

    def __init__(self, *, size: int = 4, exact: bool | None = None):
        self.size = size
        self.exact = exact
        self.stats = CacheStats()
        self._entries: OrderedDict[tuple[object, ...], _Entry] = OrderedDict()

    def network(self, view: View, *, since: str | None = None, until: str | None = None) -> Network:
        """The network ``view`` may see in the window, from the snapshot when still valid."""
        principal = view.principal
        key = (
            view.store.engine.url.render_as_string(hide_password=False),
            principal.key,
            tuple(sorted(principal.compartments)),
            view.day.isoformat() if isinstance(view.day, date) else str(view.day),
            since,
            until,
        )
        markings = view.visible_markings
        canonical = read_canonical(view)
        sources = _sources(view)
        count = view.count()
        entry = self._entries.get(key)
        if entry is not None and entry.markings == markings and entry.canonical == canonical:
            if entry.count == count and entry.sources == sources:
                self._entries.move_to_end(key)
                self.stats.note("hit")
                return entry.network
            if self._update(view, entry, sources, count):
                self._entries.move_to_end(key)
                self.stats.note("update")
                return entry.network
        builder = GraphBuilder(canonical, since=since, until=until)
        for record_id, facts in group_records(view.facts(props=link_props(), ordered=True)):
            builder.add_record(record_id, facts)
        network = Network(builder.finish(), exact=self.exact)
        self._entries[key] = _Entry(markings, canonical, sources, count, builder, network)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        self.stats.note("build")
        return network

    def _update(self, view: View, entry: _Entry, sources: frozenset[str], count: int) -> bool:
        """Add the records of new sources in place; ``False`` when a rebuild is needed."""
        new = sources - entry.sources
        if not new or not entry.sources <= sources or count <= entry.count:
            return False
        wanted = set(link_props())
        records: dict[str, list[Fact]] = {}
        seen = 0
        builder = entry.builder
        for stmt in view.facts(sources=sorted(new), ordered=True):
            seen += 1
            if stmt.prop in wanted:
                records.setdefault(stmt.entity_id, []).append(stmt)
        if entry.count + seen != count:
            return False
        for record_id in records:
            node = builder.index.get(builder.canonical.get(record_id, record_id))
            known_node = node is not None and builder.seen[node]
            known_link = record_id in builder.evidence_index or record_id in builder.processed
            if known_node or known_link:
                return False
        for record_id, statements in group_records(s for r in sorted(records) for s in records[r]):
            builder.add_record(record_id, statements)
        entry.sources = sources
        entry.count = count
        entry.network = Network(builder.finish(), exact=self.exact)
        return True
