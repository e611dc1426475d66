"""The statement store: one database, its writer side and the door to its reader side.

Invariants:
- statements are never deleted; withdrawal is a flag and re-grading points a statement at
  another marking row;
- marking rows are immutable (a changed marking is a new row), so a parsed marking can be
  cached for the life of the process;
- every read of statements goes through ``View.statements`` (see ``_view.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import OperationalError

from corridor.core import BackendUnavailable, ConfigError, NotFound
from corridor.model import (
    ROLES,
    Agency,
    Agreement,
    Marking,
    Operation,
    Principal,
    Statement,
    User,
    format_marking,
    parse_marking,
    utc_now,
)
from corridor.store import _batches, _partners
from corridor.store import _schema as t
from corridor.store._batches import Load
from corridor.store._dialect import (
    create_indexes,
    drop_secondary_indexes,
    is_postgres,
    stored_rows,
    upsert_statements,
)
from corridor.store._engine import begin_write, check_reachable, make_engine
from corridor.store._migrate import current_revision, head_revision, upgrade
from corridor.store._view import View

NODE_AGENCY_KEY = "node_agency"

StatementRow = tuple[str, str, str, str, str | None, str | None, str, str, Marking, str, str, bool]
"""A statement as ``Store.write_rows`` takes it: entity_id, schema, prop, value, lang,
original_value, source, origin, marking, first_seen, last_seen, withdrawn."""

DEFER_INDEXES_AFTER_BATCHES = 2
"""A SQLite load defers the secondary indexes once it has written this many batches and
more rows than the table held before: small loads never pay for a rebuild."""
LOCAL_ADMIN_ROLES = frozenset(ROLES)
"""The shell operator of a node holds every role of its own agency."""


class Store:
    """A corridor store on SQLite or PostgreSQL."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._markings: dict[int, tuple[str, Marking]] = {}
        self._marking_ids: dict[tuple[str, str], int] = {}

    @classmethod
    def open(cls, url: str, *, create: bool = False) -> Store:
        """Open the store at ``url``; unless ``create``, refuse one that ``init`` never made."""
        engine = make_engine(url)
        check_reachable(engine)
        store = cls(engine)
        if create:
            return store
        revision = current_revision(engine)
        if revision is None:
            engine.dispose()
            raise ConfigError(
                f"no corridor store at {engine.url.render_as_string(hide_password=True)}: run `corridor init`"
            )
        if revision != head_revision():
            engine.dispose()
            raise ConfigError(
                f"store schema is at {revision}, this corridor needs {head_revision()}: run `corridor init`"
            )
        return store

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- set-up ---------------------------------------------------------------------------

    def init(self, agency: str | None = None) -> None:
        """Create or upgrade the schema and, if given, set the node's own agency."""
        upgrade(self.engine)
        if agency:
            with self.transaction() as conn:
                self.set_meta(conn, NODE_AGENCY_KEY, agency.upper())

    @property
    def node_agency(self) -> str | None:
        """The agency that runs this node, as set by ``corridor init --agency``."""
        return self.get_meta(NODE_AGENCY_KEY)

    def get_meta(self, key: str) -> str | None:
        """A value of the node's own settings table."""
        with self.engine.connect() as conn:
            return conn.execute(select(t.meta.c.value).where(t.meta.c.key == key)).scalar()

    def set_meta(self, conn: Connection, key: str, value: str) -> None:
        """Set a value of the node's own settings table, in the caller's transaction."""
        found = conn.execute(select(t.meta.c.key).where(t.meta.c.key == key)).scalar()
        if found is None:
            conn.execute(insert(t.meta).values(key=key, value=value))
        else:
            conn.execute(update(t.meta).where(t.meta.c.key == key).values(value=value))

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction: all of it commits, or none of it does.

        A rolled-back transaction may have created marking rows whose ids ``marking_id``
        remembered, so the remembered ids are forgotten with it.
        """
        try:
            with begin_write(self.engine) as conn:
                yield conn
        except OperationalError as exc:
            self._marking_ids.clear()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise BackendUnavailable(f"database error: {reason}") from None
        except BaseException:
            self._marking_ids.clear()
            raise

    @contextmanager
    def reading(self, *, stream: bool = True) -> Iterator[Connection]:
        """A connection for reads; ``stream`` fetches rows in batches instead of all at once."""
        with self.engine.connect() as conn:
            yield conn.execution_options(stream_results=True, max_row_buffer=5000) if stream else conn

    # -- partners -------------------------------------------------------------------------

    def replace_partners(
        self,
        conn: Connection,
        *,
        agencies: Iterable[Agency],
        users: Iterable[User],
        operations: Iterable[Operation],
        agreements: Iterable[Agreement],
    ) -> None:
        """Replace agencies, users, operations and agreements (see ``partners.yml``)."""
        _partners.replace_partners(conn, agencies=agencies, users=users, operations=operations, agreements=agreements)

    def agencies(self) -> dict[str, Agency]:
        """Every known agency by code."""
        with self.engine.connect() as conn:
            return _partners.read_agencies(conn)

    def users(self) -> dict[str, User]:
        """Every user by ``AGENCY/username``."""
        with self.engine.connect() as conn:
            return _partners.read_users(conn)

    def operations(self) -> list[Operation]:
        """Every operation (compartment)."""
        with self.engine.connect() as conn:
            return _partners.read_operations(conn)

    def agreements(self) -> list[Agreement]:
        """Every agreement, in force or not."""
        with self.engine.connect() as conn:
            return _partners.read_agreements(conn)

    def principal(self, agency: str, user: str | None = None) -> Principal:
        """The principal for ``AGENCY[/user]``, with roles and compartments from the store.

        The node's own agency without a user is the local admin (every role). Another
        agency without a user stands for that agency's analysts, so an operator can check
        what a partner would see.
        """
        code = agency.upper()
        with self.engine.connect() as conn:
            agencies = _partners.read_agencies(conn)
            node = conn.execute(select(t.meta.c.value).where(t.meta.c.key == NODE_AGENCY_KEY)).scalar()
            operations = _partners.read_operations(conn)
            users = _partners.read_users(conn) if user else {}
        if code not in agencies and code != node:
            raise NotFound(f"unknown agency {code!r}: load it with `corridor partners load`")
        if user:
            found = users.get(f"{code}/{user}")
            if found is None:
                raise NotFound(f"unknown user {code}/{user}")
            roles = found.roles
        else:
            roles = LOCAL_ADMIN_ROLES if code == node else frozenset({"analyst"})
        compartments = frozenset(op.code for op in operations if op.admits(code, user))
        return Principal(agency=code, user=user, roles=roles, compartments=compartments)

    # -- markings -------------------------------------------------------------------------

    def marking_id(self, conn: Connection, originator: str, marking: Marking) -> int:
        """The id of the marking row for ``(originator, marking)``, created if new."""
        text = format_marking(marking)
        key = (originator, text)
        cached = self._marking_ids.get(key)
        if cached is not None:
            return cached
        where = (t.markings.c.originator == originator) & (t.markings.c.text == text)
        found = conn.execute(select(t.markings.c.id).where(where)).scalar()
        if found is None:
            inserted = conn.execute(insert(t.markings).values(originator=originator, text=text)).inserted_primary_key
            assert inserted is not None
            found = inserted[0]
        self._marking_ids[key] = int(found)
        return int(found)

    @property
    def known_markings(self) -> dict[int, tuple[str, Marking]]:
        """The marking rows parsed so far (refresh with ``markings`` on an unknown id)."""
        return self._markings

    def markings(self, conn: Connection) -> dict[int, tuple[str, Marking]]:
        """Every marking row as ``id -> (originator, marking)``, parsed once per process."""
        known = max(self._markings, default=0)
        rows = conn.execute(
            select(t.markings.c.id, t.markings.c.originator, t.markings.c.text).where(t.markings.c.id > known)
        )
        for row in rows:
            self._markings[row.id] = (row.originator, parse_marking(row.text))
        return self._markings

    # -- writes ---------------------------------------------------------------------------

    def write_statements(self, conn: Connection, statements: Iterable[Statement], *, batch_size: int = 20_000) -> int:
        """Write statements in batches inside the caller's transaction; returns how many.

        Writing a statement that exists refreshes its ``last_seen`` and marking, so loading
        the same file twice stores nothing twice. See ``write_rows`` for the hot path.
        """
        return self.write_rows(conn, statement_rows(statements), batch_size=batch_size)

    def loading(self, kind: str, source: str, agency: str, *, chunk: int = 20_000) -> AbstractContextManager[Load]:
        """A long load in short transactions, invisible until published (see ``_batches.py``)::

        with store.loading("ingest", source, agency) as load:
            load.write(rows)
            with load.publishing() as conn:
                audit.record(conn, ...)
        """
        return _batches.loading(self, kind, source, agency, chunk=chunk)

    def write_rows(
        self, conn: Connection, rows: Iterable[StatementRow], *, batch_size: int = 20_000, batch_id: int = 0
    ) -> int:
        """Write statements given as plain tuples (``StatementRow``); returns how many.

        New rows carry ``batch_id`` (see ``_batches.py``: 0 is visible at commit); rows that
        exist keep theirs.

        The bulk-load hot path, for loaders that never need ``Statement`` objects (building
        a frozen dataclass per value costs more than the key's hash). Marking ids are cached
        by object identity (a load shares a handful of marking objects across millions of
        rows), and each batch is written by a helper thread while this one prepares the
        next: the database drivers release the GIL while the database works. The connection
        is only ever used by one thread at a time: before any other use, the batch in
        flight is waited for. On SQLite a load that outgrows the table defers the secondary
        indexes to its end (``_dialect.drop_secondary_indexes``).
        """
        total = 0
        batch: list[tuple[Any, ...]] = []
        append = batch.append
        markings: dict[int, tuple[Marking, int]] = {}
        deferral = _IndexDeferral(conn, batch_size)
        sha1 = hashlib.sha1
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="corridor-write") as writer:
            in_flight: Future[None] | None = None

            def settle() -> None:
                nonlocal in_flight
                if in_flight is not None:
                    in_flight.result()
                    in_flight = None

            for entity_id, schema, prop, value, lang, original, source, origin, marking, first, last, gone in rows:
                known = markings.get(id(marking))
                if known is None or known[0] is not marking:
                    settle()
                    known = (marking, self.marking_id(conn, origin, marking))
                    markings[id(marking)] = known
                # statement_id() inlined: the same key, without a call per row.
                key = sha1(f"{origin}\x1f{source}\x1f{entity_id}\x1f{prop}\x1f{value}".encode()).hexdigest()
                append(
                    (
                        key,
                        entity_id,
                        schema,
                        prop,
                        value,
                        lang,
                        original,
                        source,
                        origin,
                        known[1],
                        first,
                        last,
                        gone,
                        batch_id,
                    )
                )
                if len(batch) >= batch_size:
                    settle()
                    total += len(batch)
                    deferral.before_batch(total)
                    in_flight = writer.submit(upsert_statements, conn, batch)
                    batch = []
                    append = batch.append
            settle()
            if batch:
                upsert_statements(conn, batch)
                total += len(batch)
        deferral.finish()
        return total

    def remark(self, conn: Connection, statement_ids: Iterable[str], marking: Marking) -> int:
        """Re-grade statements (their originator's marking changes); returns how many."""
        count = 0
        for stmt_id in statement_ids:
            origin = conn.execute(select(t.statements.c.origin).where(t.statements.c.id == stmt_id)).scalar()
            if origin is None:
                continue
            mid = self.marking_id(conn, origin, marking)
            conn.execute(update(t.statements).where(t.statements.c.id == stmt_id).values(marking_id=mid))
            count += 1
        return count

    def withdraw(self, conn: Connection, statement_ids: Iterable[str]) -> int:
        """Withdraw statements: kept for the record, invisible to every reader."""
        ids = list(statement_ids)
        if not ids:
            return 0
        result = conn.execute(
            update(t.statements).where(t.statements.c.id.in_(ids)).values(withdrawn=True, last_seen=utc_now())
        )
        return int(result.rowcount or 0)

    def register_source(self, conn: Connection, name: str, agency: str, title: str = "") -> None:
        """Record a source (a file or a partner feed) the first time it is loaded."""
        exists = conn.execute(select(t.sources.c.name).where(t.sources.c.name == name)).scalar()
        if exists is None:
            conn.execute(insert(t.sources).values(name=name, agency=agency, title=title, created_at=utc_now()))

    def count_statements(self) -> int:
        """How many statement rows the store holds, published loads only (administrative: no
        content, no door); a load in progress changes it once, when it is published."""
        with self.engine.connect() as conn:
            settled = _batches.settled(_batches.snapshot(conn), indexed=True)
            return int(conn.execute(select(func.count()).select_from(t.statements).where(settled)).scalar() or 0)

    def reap_dead_loads(self) -> list[int]:
        """Delete the unpublished rows of loads whose writer died; cheap when there are none."""
        return _batches.reap_dead(self)

    # -- reads ----------------------------------------------------------------------------

    def view(self, principal: Principal, *, day: date | None = None) -> View:
        """The one door: what ``principal`` may see, on ``day`` (default today)."""
        return View(self, principal, day=day or date.today())


def statement_rows(statements: Iterable[Statement]) -> Iterator[StatementRow]:
    """``Statement`` objects as the plain rows ``Store.write_rows`` takes."""
    for s in statements:
        yield (
            s.entity_id,
            s.schema,
            s.prop,
            s.value,
            s.lang,
            s.original_value,
            s.source,
            s.origin,
            s.marking,
            s.first_seen,
            s.last_seen,
            s.withdrawn,
        )


class _IndexDeferral:
    """Drops SQLite's secondary statement indexes once a load outgrows the table, and rebuilds them.

    The decision waits for the load to show its size (rows are streamed: the total is not
    known up front), and everything happens inside the caller's transaction.
    """

    def __init__(self, conn: Connection, batch_size: int) -> None:
        self.conn = conn
        self.threshold = batch_size * DEFER_INDEXES_AFTER_BATCHES
        # PostgreSQL keeps its indexes: dropping one locks readers out until the commit.
        self.enabled = not is_postgres(conn)
        self.existing = stored_rows(conn) if self.enabled else 0
        self.deferred: list[str] | None = None

    def before_batch(self, written: int) -> None:
        """Called with the rows written so far (this batch included), before the batch goes."""
        if not self.enabled or self.deferred is not None or written < self.threshold:
            return
        if written > self.existing:
            self.deferred = drop_secondary_indexes(self.conn)

    def finish(self) -> None:
        """Rebuild what was dropped (a no-op if nothing was)."""
        if self.deferred:
            create_indexes(self.conn, self.deferred)
        self.deferred = None
