"""Derived lookup indexes: name tokens for search and entity links for neighbours.

Both are candidate lists, never answers. A search or a neighbour lookup takes ids from
here and then reads those ids through the door (``View.statements``), keeping only what
the caller's visible statements confirm, so an invisible name or link never shows, only
costs a wasted candidate.

The indexes follow the store when its number of statements changes (checked at most
every few seconds, in the background, and counted only after the audit log shows a change
of data or every few minutes). The update is incremental when the audit log accounts for the change:
the ``collection`` entries since the last update name their sources and statement counts,
and if those counts add up to exactly the growth, only those sources' statements are read
(through the door) and their tokens and links added. Anything else (a bundle import,
statements written by another path, an erasure, a first build, a day since the last full
build) makes a full rebuild: one pass over the name and link statements of every agency's
view together. Entries that went stale (a withdrawn name) stay until the next full
rebuild; they only cost a wasted candidate. ``corridor serve`` starts the check in the
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
from sqlalchemy import Connection, Table, delete, func, insert, intersect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from corridor.access import Node
from corridor.ingest import latin_form
from corridor.model import Principal
from corridor.store import View, tables

INDEX_META_KEY = "api_index_statements"
AUDIT_META_KEY = "api_index_audit_seq"
"""The last audit sequence number the index has accounted for (its watermark)."""
FULL_META_KEY = "api_index_full_at"
FULL_EVERY = 86_400.0
"""Seconds after which a change triggers a full rebuild anyway, to prune stale entries."""
CHECK_EVERY = 5.0
"""Seconds between staleness checks (new audit entries), so searches do not pay one each."""
RECOUNT_EVERY = 300.0
"""Seconds after which a check counts the statements even if the audit log shows no change."""
READ_ACTIONS = ("consultation", "disclosure", "administration")
"""Audit actions that change no statement and no cluster (reads, logins, tokens, partners:
what those change, the door's visible markings and the principal, is checked on its own),
so a stream of them needs no recount and keeps a cached chart."""
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
        self._checking = threading.Lock()
        self._worker: threading.Thread | None = None
        self._checked = 0.0
        self._counted = 0.0
        self._seen_seq = 0
        self._head_lock = threading.Lock()
        self._head_seen = 0
        self._data_head = 0

    def ensure_fresh(self) -> None:
        """Bring the index up to date: callers wait only for the first build.

        Later checks (at most every ``CHECK_EVERY`` seconds) run in a background thread, so
        no search waits for them, and count the statements (seconds of a core at 12 million)
        only when the audit log has a new entry that changes data, or ``RECOUNT_EVERY``
        seconds after the last count (a write that bypassed the audit log).
        """
        if time.monotonic() - self._checked < CHECK_EVERY:
            return
        if self.node.store.get_meta(INDEX_META_KEY) is None:
            self.check_now()
            return
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return
            self._worker = threading.Thread(target=self._check, name="corridor-index-check", daemon=True)
            self._worker.start()

    def check_now(self) -> None:
        """Count the statements now and refresh if they changed (waits for a running check)."""
        self._check(recount=True)

    def _check(self, *, recount: bool = False) -> None:
        with self._checking:
            now = time.monotonic()
            if not recount and now - self._checked < CHECK_EVERY:
                return
            seq = self._audit_head()
            changed = self._data_changed(self._seen_seq, seq)
            if recount or changed or now - self._counted >= RECOUNT_EVERY:
                count = str(self.node.store.count_statements())
                self._counted = time.monotonic()
                if self.node.store.get_meta(INDEX_META_KEY) != count:
                    self.refresh(count, seq)
            self._seen_seq = seq
            self._checked = time.monotonic()

    def _data_changed(self, since: int, upto: int) -> bool:
        """Whether an audit entry in ``(since, upto]`` records a change of data (not a read, a
        login or a change of partners).

        A range of the primary key: only the entries since the last check are read.
        """
        a = tables.audit_log
        query = select(func.max(a.c.seq)).where(a.c.seq > since, a.c.seq <= upto, a.c.action.not_in(READ_ACTIONS))
        with self.node.store.engine.connect() as conn:
            return conn.execute(query).scalar() is not None

    def data_head(self) -> int:
        """The sequence number of the newest audit entry that changed data (not a read).

        Reads only the entries appended since the last call, so a cache can ask on every
        request whether anything it was built from may have changed.
        """
        with self._head_lock:
            upto = self._audit_head()
            a = tables.audit_log
            since = self._head_seen
            query = select(func.max(a.c.seq)).where(a.c.seq > since, a.c.seq <= upto, a.c.action.not_in(READ_ACTIONS))
            with self.node.store.engine.connect() as conn:
                found = conn.execute(query).scalar()
            if found is not None:
                self._data_head = int(found)
            self._head_seen = upto
            return self._data_head

    def _audit_head(self) -> int:
        with self.node.store.engine.connect() as conn:
            return int(conn.execute(select(func.max(tables.audit_log.c.seq))).scalar() or 0)

    def _sources_since(self, since: int, upto: int) -> tuple[list[str], int] | None:
        """Sources written by the audited collections in ``(since, upto]`` and their statement
        count; ``None`` when an entry changed statements without naming its source."""
        sources: set[str] = set()
        written = 0
        for event in self.node.audit.events(since=since):
            if event.seq > upto:
                break
            if event.action == "erasure":
                return None
            if event.action != "collection" or "statements" not in event.objects:
                continue
            source = event.objects.get("source")
            if not isinstance(source, str):
                return None  # a bundle: its statements keep their senders' sources
            sources.add(source)
            written += int(event.objects["statements"])
        return sorted(sources), written

    def refresh(self, count: str, seq: int) -> str:
        """Bring the index up to ``count`` statements (audit head ``seq``): incrementally when
        the audit log accounts for every new statement, else by a full rebuild. Returns which."""
        store = self.node.store
        old_count, old_seq, full_at = (store.get_meta(k) for k in (INDEX_META_KEY, AUDIT_META_KEY, FULL_META_KEY))
        fresh_enough = full_at is not None and time.time() - float(full_at) < FULL_EVERY
        if old_count is not None and old_seq is not None and fresh_enough:
            found = self._sources_since(int(old_seq), seq)
            if found is not None and found[1] == int(count) - int(old_count):
                self._add(found[0], count, seq)
                return "incremental"
        self.rebuild(count, seq)
        return "full"

    def _scan_view(self) -> View | None:
        # One pass instead of one per agency: a view whose visible markings are the union of
        # every agency's (all compartments) reads exactly the union of their statements.
        views = [self.node.store.view(p) for p in _scan_principals(self.node)]
        if not views:
            return None
        union = frozenset().union(*(v.visible_markings for v in views))
        scan = views[0]
        scan.__dict__["visible_markings"] = union  # fills the cached_property
        return scan

    def _rows(self, sources: list[str] | None) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
        names, ents = name_props(), entity_props()
        token_rows: set[tuple[str, str]] = set()
        link_rows: set[tuple[str, str, str]] = set()
        scan = self._scan_view()
        if scan is None or sources == []:
            return token_rows, link_rows
        for stmt in scan.statements(props=sorted(names | ents), sources=sources):
            if stmt.prop in ents:
                link_rows.add((stmt.entity_id, stmt.prop, stmt.value))
            else:
                for token in tokens(stmt.value):
                    token_rows.add((token[:64], stmt.entity_id))
        return token_rows, link_rows

    def _add(self, sources: list[str], count: str, seq: int) -> tuple[int, int]:
        """Add the tokens and links of ``sources``' statements (existing rows are kept)."""
        token_rows, link_rows = self._rows(sources)
        with self.node.store.transaction() as conn:
            _insert_new(conn, tables.search_tokens, [{"token": t, "entity_id": e} for t, e in token_rows])
            _insert_new(
                conn, tables.entity_links, [{"source_id": s, "prop": p, "target_id": v} for s, p, v in link_rows]
            )
            self.node.store.set_meta(conn, INDEX_META_KEY, count)
            self.node.store.set_meta(conn, AUDIT_META_KEY, str(seq))
        return len(token_rows), len(link_rows)

    def rebuild(self, count: str | None = None, seq: int | None = None) -> tuple[int, int]:
        """Rebuild both tables; returns (tokens, links)."""
        seq = self._audit_head() if seq is None else seq
        count = count or str(self.node.store.count_statements())
        token_rows, link_rows = self._rows(None)
        with self.node.store.transaction() as conn:
            conn.execute(delete(tables.search_tokens))
            conn.execute(delete(tables.entity_links))
            _insert_many(conn, tables.search_tokens, ({"token": t, "entity_id": e} for t, e in token_rows))
            _insert_many(
                conn, tables.entity_links, ({"source_id": s, "prop": p, "target_id": v} for s, p, v in link_rows)
            )
            self.node.store.set_meta(conn, INDEX_META_KEY, count)
            self.node.store.set_meta(conn, AUDIT_META_KEY, str(seq))
            self.node.store.set_meta(conn, FULL_META_KEY, str(time.time()))
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
        # One index range per token, intersected: grouping every holder of two common
        # tokens took PostgreSQL about a second (count(distinct) sorts them all).
        per_token = [select(t.c.entity_id).where(t.c.token == token) for token in wanted]
        exact = (per_token[0] if len(per_token) == 1 else intersect(*per_token)).limit(limit)
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


def _insert_new(conn: Connection, table: Table, rows: list[dict[str, str]], batch: int = 5_000) -> None:
    """Insert rows, skipping those whose primary key is there already (either backend)."""
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        if conn.dialect.name == "postgresql":
            conn.execute(pg_insert(table).on_conflict_do_nothing(), chunk)
        else:
            conn.execute(insert(table).prefix_with("OR IGNORE"), chunk)


def _insert_many(conn: Connection, table: Table, rows: Iterable[dict[str, str]], batch: int = 20_000) -> None:
    chunk: list[dict[str, str]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            conn.execute(insert(table), chunk)
            chunk = []
    if chunk:
        conn.execute(insert(table), chunk)
