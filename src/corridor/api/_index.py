"""Derived lookup indexes: name tokens for search and entity links for neighbours.

Both are candidate lists, never answers. A search or a neighbour lookup takes ids from
here and then reads those ids through the door (``View.statements``), keeping only what
the caller's visible statements confirm, so an invisible name or link never shows, only
costs a wasted candidate. The indexes are rebuilt from every agency's view when the
number of statements in the store has changed (checked at most every few seconds), which
covers ingestion and imported bundles; a rebuild is one pass over the name and link
statements of every agency's view together. ``corridor serve`` starts it in the
background at start-up, so the first search does not wait for it.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache

from followthemoney import model
from followthemoney.types import registry
from normality import ascii_text
from sqlalchemy import Connection, Table, delete, func, insert, select

from corridor.access import Node
from corridor.ingest import latin_form
from corridor.model import Principal
from corridor.store import tables

INDEX_META_KEY = "api_index_statements"
CHECK_EVERY = 5.0
"""Seconds between staleness checks (a ``count(*)``), so searches do not pay one each."""
SPLIT = re.compile(r"[^a-z0-9]+")


@cache
def name_props() -> frozenset[str]:
    """FtM properties whose values are names (searchable)."""
    out = {"firstName", "lastName", "middleName", "fatherName", "secondName"}
    for schema in model.schemata.values():
        for prop in schema.properties.values():
            if prop.type == registry.name:
                out.add(prop.name)
    return frozenset(out)


@cache
def entity_props() -> frozenset[str]:
    """FtM properties whose values are ids of other entities (links)."""
    return frozenset(
        prop.name
        for schema in model.schemata.values()
        for prop in schema.properties.values()
        if prop.type == registry.entity
    )


def tokens(text: str) -> list[str]:
    """Lower-case ASCII tokens of a name in any script: ``Петровић`` -> ``petrovic``.

    Cyrillic goes through the same ICU rules as ingestion (``latin_form``), so the search
    meets the Latin forms partners write; ``ascii_text`` then folds diacritics away.
    """
    if text.isascii():
        folded = text
    else:
        text = unicodedata.normalize("NFC", text)
        folded = ascii_text(latin_form(text) or text) or ""
    return [t for t in SPLIT.split(folded.lower()) if t][:16]


def _scan_principals(node: Node) -> Iterator[Principal]:
    """One all-compartment principal per agency: together they see every live statement."""
    codes = set(node.store.agencies())
    if node.store.node_agency:
        codes.add(node.store.node_agency)
    compartments = frozenset(op.code for op in node.store.operations())
    for code in sorted(codes):
        yield Principal(agency=code, user=None, roles=frozenset({"analyst"}), compartments=compartments)


class Indexes:
    """Keeps the derived tables of one node fresh."""

    def __init__(self, node: Node):
        self.node = node
        self._lock = threading.Lock()
        self._checked = 0.0

    def ensure_fresh(self) -> None:
        """Rebuild when the store's statement count changed since the last build.

        Only the first build makes callers wait; later checks run in one thread while
        the others answer from the index as it is, so a ``count(*)`` never queues searches.
        """
        now = time.monotonic()
        if now - self._checked < CHECK_EVERY:
            return
        built = self.node.store.get_meta(INDEX_META_KEY) is not None
        if not self._lock.acquire(blocking=not built):
            return
        try:
            if time.monotonic() - self._checked < CHECK_EVERY:
                return
            count = str(self.node.store.count_statements())
            if self.node.store.get_meta(INDEX_META_KEY) != count:
                self.rebuild(count)
            self._checked = time.monotonic()
        finally:
            self._lock.release()

    def rebuild(self, count: str | None = None) -> tuple[int, int]:
        """Rebuild both tables; returns (tokens, links)."""
        count = count or str(self.node.store.count_statements())
        names, ents = name_props(), entity_props()
        token_rows: set[tuple[str, str]] = set()
        link_rows: set[tuple[str, str, str]] = set()
        # One pass instead of one per agency: a view whose visible markings are the union of
        # every agency's (all compartments) reads exactly the union of their statements.
        views = [self.node.store.view(p) for p in _scan_principals(self.node)]
        if not views:
            return 0, 0
        union = frozenset().union(*(v.visible_markings for v in views))
        scan = views[0]
        scan.__dict__["visible_markings"] = union  # fills the cached_property
        for stmt in scan.statements(props=sorted(names | ents)):
            if stmt.prop in ents:
                link_rows.add((stmt.entity_id, stmt.prop, stmt.value))
            else:
                for token in tokens(stmt.value):
                    token_rows.add((token[:64], stmt.entity_id))
        with self.node.store.transaction() as conn:
            conn.execute(delete(tables.search_tokens))
            conn.execute(delete(tables.entity_links))
            _insert_many(conn, tables.search_tokens, ({"token": t, "entity_id": e} for t, e in token_rows))
            _insert_many(
                conn, tables.entity_links, ({"source_id": s, "prop": p, "target_id": v} for s, p, v in link_rows)
            )
            self.node.store.set_meta(conn, INDEX_META_KEY, count)
        return len(token_rows), len(link_rows)

    def search_candidates(self, query_tokens: list[str], limit: int) -> list[str]:
        """Record ids whose names hold every query token.

        Whole tokens first: an equality lookup on the primary key, fast on both backends.
        Only when that finds nothing is the last token read as a prefix (``LIKE``, which
        SQLite and a non-C PostgreSQL collation answer by scanning the index).
        """
        if not query_tokens:
            return []
        self.ensure_fresh()
        t = tables.search_tokens
        wanted = sorted(set(query_tokens))
        matched = func.count(func.distinct(t.c.token))
        exact = (
            select(t.c.entity_id)
            .where(t.c.token.in_(wanted))
            .group_by(t.c.entity_id)
            .having(matched >= len(wanted))
            .limit(limit)
        )
        with self.node.store.engine.connect() as conn:
            found = [row.entity_id for row in conn.execute(exact)]
            if found:
                return found
            *whole, last = query_tokens
            prefix = t.c.token.like(_like_prefix(last), escape="\\")
            if whole:
                query = (
                    select(t.c.entity_id)
                    .where(t.c.token.in_(whole) | prefix)
                    .group_by(t.c.entity_id)
                    .having(matched >= len(set(whole)) + 1)
                    .limit(limit)
                )
            else:
                query = select(t.c.entity_id).where(prefix).distinct().limit(limit)
            return [row.entity_id for row in conn.execute(query)]

    def linked(self, entity_ids: Iterable[str], limit: int) -> tuple[set[str], set[str]]:
        """Candidate ids that ``entity_ids`` name (out) and that name them (in)."""
        self.ensure_fresh()
        ids = list(entity_ids)
        e = tables.entity_links
        with self.node.store.engine.connect() as conn:
            out = {r.target_id for r in conn.execute(select(e.c.target_id).where(e.c.source_id.in_(ids)).limit(limit))}
            inc = {r.source_id for r in conn.execute(select(e.c.source_id).where(e.c.target_id.in_(ids)).limit(limit))}
        return out, inc

    def edges_among(self, entity_ids: Iterable[str]) -> list[tuple[str, str, str]]:
        """Candidate links (source, prop, target) with a source among ``entity_ids``."""
        ids = list(entity_ids)
        e = tables.entity_links
        out: list[tuple[str, str, str]] = []
        with self.node.store.engine.connect() as conn:
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                rows = conn.execute(select(e).where(e.c.source_id.in_(part)))
                out.extend((r.source_id, r.prop, r.target_id) for r in rows)
        return out


def _like_prefix(token: str) -> str:
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _insert_many(conn: Connection, table: Table, rows: Iterable[dict[str, str]], batch: int = 20_000) -> None:
    chunk: list[dict[str, str]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            conn.execute(insert(table), chunk)
            chunk = []
    if chunk:
        conn.execute(insert(table), chunk)
