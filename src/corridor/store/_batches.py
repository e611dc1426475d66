"""Long loads in short transactions: a pending batch the door does not show, published at once.

On SQLite one writer holds the lock for a whole transaction, and every read through the
door writes a consultation audit entry. A file loaded in one transaction therefore made
every reader wait out the busy timeout and fail while it ran (issue 12). A long load now:

1. opens a batch (one tiny transaction: a ``batches`` row in state ``pending``);
2. writes its statements in chunks, each chunk its own short transaction, every new row
   carrying the batch id (``statements.batch``); a row that already existed keeps its
   batch, so a re-load never hides what readers already see;
3. publishes the batch in one tiny transaction, together with its audit entry.

The door (``View``) shows a row only if its batch is 0 (written in one transaction), or at
most the newest batch id it read and not pending at that moment: one query gives both, so
the rule is a consistent snapshot on either backend, and with no pending batch it costs an
integer comparison per row. A batch whose writer died (``kill -9``) is never published;
the next load or node open deletes its rows (``reap_dead``), so a re-run gives the store an
uninterrupted load would have given. Loads of the same source, and bundle imports, run one
at a time: two concurrent writers of the same statement could otherwise leave a row in the
other's batch.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any

import psutil
from sqlalchemy import ColumnElement, Connection, and_, delete, func, insert, or_, select, update

from corridor.core import Conflict
from corridor.model import utc_now
from corridor.store import _schema as t
from corridor.store._dialect import is_postgres

if TYPE_CHECKING:
    from corridor.store._store import StatementRow, Store

PENDING = "pending"
PUBLISHED = "published"
DISCARDED = "discarded"
"""A load that was never published; its rows are gone, its row stays as a trace."""
STALE_AFTER = timedelta(minutes=30)
"""A pending batch of another host whose writer has not committed a chunk for this long is
presumed dead (on this host the writer's process is checked directly)."""
DELETE_CHUNK = 5_000
"""Rows of a dead batch deleted per transaction (each well under a second)."""
GIVE_WAY = 0.12
"""Seconds a SQLite load leaves the write lock free after each chunk. SQLite's busy handler
is not a queue: a waiting writer (every read writes its audit entry) polls the lock, at
most 100 ms apart, and a load that takes the lock again at once starved readers for many
chunks (measured: reads waited up to 14 s during a 300k-statement ingest). A gap longer than
one poll lets every waiting reader in; the next chunk is built meanwhile."""
HOLD = 0.5
"""Seconds of SQLite write lock a load may hold over consecutive chunks before it gives way.
Giving way after every chunk capped a load at about 40k statements/s however fast the
machine (5,000 rows per 0.12 s); this way a reader waits at most about half a second more
and the load loses about a fifth of its wall time, not half."""
SQLITE_CHUNK = 5_000
"""Most rows per chunk on SQLite, whatever the write batch size: a reader waits for at most
one chunk, and on a loaded machine 20,000 rows held the lock for seconds. PostgreSQL keeps
the batch size (its readers and audit writers never wait for a load)."""
WAIT_BUSY = 1800.0
"""Seconds a load waits for another load of the same source to end before it gives up."""
_LOCK_KEY = 872116
"""PostgreSQL advisory lock that makes batch ids commit in the order they are handed out."""


@dataclass(frozen=True, slots=True)
class BatchSnapshot:
    """What the door needs to know about batches, read in one query."""

    high: int
    """The newest batch id: rows of any later batch are not shown (they may be unpublished)."""
    pending: frozenset[int]
    """Batches at or below ``high`` that are not published yet."""


def snapshot(conn: Connection) -> BatchSnapshot:
    """The newest batch id and the pending ones, in one statement (one snapshot on PostgreSQL too)."""
    b = t.batches
    newest = select(func.max(b.c.id)).scalar_subquery()
    rows = conn.execute(select(b.c.id, b.c.state).where(or_(b.c.state == PENDING, b.c.id == newest))).all()
    high = max((row.id for row in rows), default=0)
    return BatchSnapshot(high, frozenset(row.id for row in rows if row.state == PENDING))


def settled(snap: BatchSnapshot, *, indexed: bool = False) -> ColumnElement[bool]:
    """The door's batch condition on ``statements``: written in one transaction, or published.

    It compares ``batch + 0``, an expression, so that no planner answers it from
    ``ix_statements_batch``: nearly every row passes it, yet SQLite (no statistics) took
    that index for the range and then sorted the whole view before an ordered read's first
    row (the entity-id index streams it in order; exports and graph builds read that way).
    ``indexed`` compares the column itself, for a count that the index answers alone.
    """
    batch = t.statements.c.batch if indexed else t.statements.c.batch + 0
    condition = batch <= snap.high
    if snap.pending:
        condition = and_(condition, batch.not_in(sorted(snap.pending)))
    return condition


def owner_tag() -> str:
    """Who writes a batch: host, process id and the process's start time (pids are reused)."""
    started = psutil.Process().create_time()
    return f"{socket.gethostname()}:{os.getpid()}:{started:.2f}"


_active: set[int] = set()
"""Batches this process is writing now: one of this process's batches not among them was
left behind by a load whose discard failed (a long-lived server must not wait for it)."""


def _owner_alive(owner: str, heartbeat_at: str, now: datetime, batch_id: int = 0) -> bool:
    if owner == owner_tag():
        return batch_id in _active
    host, _, rest = owner.partition(":")
    pid_text, _, started_text = rest.partition(":")
    if host == socket.gethostname():
        try:
            process = psutil.Process(int(pid_text))
            return bool(abs(process.create_time() - float(started_text)) < 1.0)
        except (psutil.Error, ValueError):
            return False
    beat = datetime.strptime(heartbeat_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return now - beat < STALE_AFTER


def open_batch(store: Store, kind: str, source: str, agency: str, *, wait: float = WAIT_BUSY) -> int:
    """Start a pending batch for a load of ``source``; returns its id.

    Dead batches are cleared first. While a live pending batch of the same source (or any
    bundle import, for ``kind="bundle"``) runs, this waits for it, up to ``wait`` seconds,
    then refuses with ``Conflict``.
    """
    deadline = time.monotonic() + wait
    while True:
        reap_dead(store)
        batch_id = _claim(store, kind, source, agency)
        if isinstance(batch_id, int):
            _active.add(batch_id)
            return batch_id
        if time.monotonic() > deadline:
            raise Conflict(f"a load of {batch_id} is in progress; try again when it ends")
        time.sleep(0.5)


def _claim(store: Store, kind: str, source: str, agency: str) -> int | str:
    """The new batch's id, or the source of the live load that is in the way."""
    b = t.batches
    now = utc_now()
    with store.transaction() as conn:
        if is_postgres(conn):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
        same = b.c.kind == kind if kind == "bundle" else b.c.source == source
        busy = conn.execute(select(b.c.id, b.c.source).where(and_(b.c.state == PENDING, same))).first()
        if busy is not None:
            return f"{busy.source} (batch {busy.id})"
        batch_id = int(conn.execute(select(func.coalesce(func.max(b.c.id), 0))).scalar() or 0) + 1
        conn.execute(
            insert(b).values(
                id=batch_id,
                kind=kind,
                source=source,
                agency=agency,
                state=PENDING,
                owner=owner_tag(),
                started_at=now,
                heartbeat_at=now,
                published_at=None,
                statements=0,
            )
        )
    return batch_id


def write_chunked(store: Store, batch_id: int, rows: Iterable[StatementRow], *, chunk: int) -> int:
    """Write ``rows`` into the pending batch, ``chunk`` rows per committed transaction.

    Rows are built in this thread while a helper thread commits the previous chunk, so the
    write lock is held only while the database writes, never while a file is parsed.
    """
    total = 0
    source = iter(rows)
    sqlite = store.engine.dialect.name != "postgresql"
    gap = GIVE_WAY if sqlite else 0.0
    chunk = min(chunk, SQLITE_CHUNK) if sqlite else chunk

    held = 0.0

    def commit(part: list[StatementRow]) -> None:
        nonlocal held
        with store.transaction() as conn:
            locked = time.monotonic()
            written = store.write_rows(conn, part, batch_size=len(part) + 1, batch_id=batch_id)
            _touch(conn, batch_id, written)
        held += time.monotonic() - locked
        if held >= HOLD:
            time.sleep(gap)  # let writers waiting for SQLite's lock in (see GIVE_WAY and HOLD)
            held = 0.0

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="corridor-chunk") as writer:
        in_flight: Future[None] | None = None
        for part in _chunks(source, chunk):
            if in_flight is not None:
                in_flight.result()
            in_flight = writer.submit(commit, part)
            total += len(part)
        if in_flight is not None:
            in_flight.result()
    return total


def _chunks(rows: Iterator[StatementRow], size: int) -> Iterator[list[StatementRow]]:
    while True:
        part = list(islice(rows, size))
        if not part:
            return
        yield part


def _touch(conn: Connection, batch_id: int, written: int) -> None:
    b = t.batches
    done = conn.execute(
        update(b)
        .where((b.c.id == batch_id) & (b.c.state == PENDING))
        .values(heartbeat_at=utc_now(), statements=b.c.statements + written)
    )
    if not done.rowcount:
        raise Conflict(f"batch {batch_id} was cleared while it was written (its writer was taken for dead)")


def publish(conn: Connection, batch_id: int) -> None:
    """Make the batch's rows visible, inside the caller's (short) transaction."""
    b = t.batches
    done = conn.execute(
        update(b).where((b.c.id == batch_id) & (b.c.state == PENDING)).values(state=PUBLISHED, published_at=utc_now())
    )
    if not done.rowcount:
        raise Conflict(f"batch {batch_id} is no longer pending: it cannot be published")


def discard(store: Store, batch_id: int) -> int:
    """Delete a batch that will never be published, and its rows; returns how many rows.

    Its rows were never visible to anyone, so deleting them breaks no promise that
    statements are never deleted. Deleted in chunks, each its own short transaction; the
    batch row goes last, so an interrupted discard is finished by the next ``reap_dead``.
    """
    s, b = t.statements, t.batches
    removed = 0
    while True:
        with store.transaction() as conn:
            state = conn.execute(select(b.c.state).where(b.c.id == batch_id)).scalar()
            if state == PUBLISHED:
                return removed
            ids = select(s.c.id).where(s.c.batch == batch_id).limit(DELETE_CHUNK).scalar_subquery()
            count = int(conn.execute(delete(s).where(s.c.id.in_(ids))).rowcount or 0)
            removed += count
            if count < DELETE_CHUNK:
                conn.execute(
                    update(b)
                    .where((b.c.id == batch_id) & (b.c.state == PENDING))
                    .values(state=DISCARDED, published_at=utc_now(), statements=0)
                )
                return removed


def reap_dead(store: Store, alive: Callable[[str, str, datetime, int], bool] = _owner_alive) -> list[int]:
    """Discard every pending batch whose writer is gone; returns their ids (cheap when none)."""
    b = t.batches
    with store.engine.connect() as conn:
        pending = conn.execute(select(b.c.id, b.c.owner, b.c.heartbeat_at).where(b.c.state == PENDING)).all()
    now = datetime.now(UTC)
    dead = [row.id for row in pending if not alive(row.owner, row.heartbeat_at, now, row.id)]
    for batch_id in dead:
        discard(store, batch_id)
    return dead


def pending_batches(store: Store) -> list[dict[str, Any]]:
    """The pending batches, for status displays and tests."""
    b = t.batches
    with store.engine.connect() as conn:
        rows = conn.execute(select(b).where(b.c.state == PENDING).order_by(b.c.id)).all()
    return [dict(row._mapping) for row in rows]


class Load:
    """One load into a pending batch: ``write`` in chunks, then ``publishing`` in one transaction."""

    def __init__(self, store: Store, batch_id: int, chunk: int) -> None:
        self.store = store
        self.batch_id = batch_id
        self.chunk = chunk
        self.published = False

    def write(self, rows: Iterable[StatementRow]) -> int:
        """Write statement rows into the batch (not visible yet); returns how many."""
        return write_chunked(self.store, self.batch_id, rows, chunk=self.chunk)

    @contextmanager
    def publishing(self) -> Iterator[Connection]:
        """The closing transaction: the caller's audit entry (and any other writes), then publish."""
        with self.store.transaction() as conn:
            yield conn
            publish(conn, self.batch_id)
        self.published = True


@contextmanager
def loading(store: Store, kind: str, source: str, agency: str, *, chunk: int) -> Iterator[Load]:
    """A load that is published by ``Load.publishing`` or else, on any exit, discarded."""
    load = Load(store, open_batch(store, kind, source, agency), chunk)
    try:
        yield load
    finally:
        _active.discard(load.batch_id)
        if not load.published:
            # Best effort: the error that got us here matters more; the next load reaps the batch.
            with suppress(Exception):
                discard(store, load.batch_id)
