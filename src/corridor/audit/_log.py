"""The tamper-evident audit log: who did what to which data, when and why.

Each event records one of the processing operations that the UK Data Protection Act 2018
s.62 and the EU Law Enforcement Directive Art. 25 require to be logged — collection,
alteration, consultation, disclosure, combination, erasure — with the principal, the time,
the objects and the justification. Events form a hash chain: each event's hash is an
HMAC over the previous hash and the event's canonical JSON, and the head (last sequence
number and hash) is kept, also keyed, in the ``meta`` table. ``verify`` therefore finds an
edited, deleted, inserted or reordered event, and a cut-off tail.

The log is append-only: nothing in corridor updates or deletes an audit row.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, text

from corridor.core import FieldError, IntegrityFailure, InvalidInput
from corridor.store import Store, lock_audit_chain, tables

ACTIONS: dict[str, str] = {
    "collection": "data entered the node (ingest, bundle import)",
    "alteration": "data changed (re-grading, withdrawal, judgement)",
    "consultation": "data was read (search, profile, analysis, export)",
    "disclosure": "data left the node (bundle, report, hit answer)",
    "combination": "data was combined (entity resolution, merge)",
    "erasure": "data was erased",
    "administration": "partners, users, keys or settings changed",
}
GENESIS = "0" * 64
HEAD_KEY = "audit_head"
# Written as SQL once (both backends take it): built with the expression language per
# event, these two statements cost more CPU than the rest of an audited read's writes.
_CHECKED_INSERT = text(
    "INSERT INTO audit_log (seq, ts, principal, action, objects, justification, prev_hash, hash) "
    "SELECT :seq, :ts, :principal, :action, :objects, :justification, :prev_hash, :hash "
    "WHERE (SELECT coalesce(max(seq), 0) FROM audit_log) = :tail"
)
"""Append an event only if the chain still ends at ``:tail`` (the last event this process wrote)."""
_SET_HEAD = text("INSERT INTO meta (key, value) VALUES (:key, :value) ON CONFLICT (key) DO UPDATE SET value = :value")
"""The chain's head record, in one statement."""


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One entry of the audit log."""

    seq: int
    ts: str
    principal: str
    action: str
    objects: Mapping[str, Any]
    justification: str
    prev_hash: str
    hash: str


@dataclass(slots=True)
class Verification:
    """What ``verify`` found: how many events it checked and every break in the chain."""

    events: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """Whether the chain verified end to end."""
        return not self.problems


def _canonical(seq: int, ts: str, principal: str, action: str, objects: str, justification: str) -> bytes:
    body = [seq, ts, principal, action, objects, justification]
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _objects_text(objects: Mapping[str, Any]) -> str:
    return json.dumps(objects, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


class AuditLog:
    """Appends to and verifies the audit chain of one store."""

    def __init__(self, store: Store, key: bytes):
        self.store = store
        self._key = key
        self._tail: tuple[int, str] | None = None
        """(seq, hash) of the last event this process appended, checked before reuse."""

    def _mac(self, prev_hash: str, payload: bytes) -> str:
        return hmac.new(self._key, prev_hash.encode("ascii") + payload, hashlib.sha256).hexdigest()

    def _head_mac(self, seq: int, digest: str) -> str:
        return hmac.new(self._key, f"head:{seq}:{digest}".encode("ascii"), hashlib.sha256).hexdigest()

    def record(
        self,
        conn: Connection,
        principal: str,
        action: str,
        objects: Mapping[str, Any],
        justification: str = "",
    ) -> AuditEvent:
        """Append an event inside the caller's transaction, so it commits with the work it logs."""
        if action not in ACTIONS:
            raise InvalidInput(
                "bad audit event",
                errors=[FieldError(f"unknown action; known: {', '.join(ACTIONS)}", field="action", value=action)],
            )
        lock_audit_chain(conn)
        ts = datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
        text = _objects_text(objects)
        event = None
        if self._tail is not None:
            # The tail this process wrote last, if nobody appended since: one INSERT that
            # checks it, instead of reading the tail first (a read per audited request).
            event = self._insert(conn, self._tail, ts, principal, action, text, justification, check=True)
        if event is None:
            last = conn.execute(
                select(tables.audit_log.c.seq, tables.audit_log.c.hash).order_by(tables.audit_log.c.seq.desc()).limit(1)
            ).first()
            tail = (last.seq, last.hash) if last else (0, GENESIS)
            event = self._insert(conn, tail, ts, principal, action, text, justification, check=False)
            assert event is not None
        head = f"{event.seq}:{event.hash}:{self._head_mac(event.seq, event.hash)}"
        conn.execute(_SET_HEAD, {"key": HEAD_KEY, "value": head})
        # Ahead of the commit: if the caller's transaction rolls back, the next check fails
        # and the tail is read again.
        self._tail = (event.seq, event.hash)
        return event

    def _insert(
        self,
        conn: Connection,
        tail: tuple[int, str],
        ts: str,
        principal: str,
        action: str,
        text: str,
        justification: str,
        *,
        check: bool,
    ) -> AuditEvent | None:
        """Append after ``tail``; with ``check``, only if ``tail`` is still the last event
        (``None`` if another writer appended since). The caller holds the chain's lock."""
        seq, prev = tail[0] + 1, tail[1]
        digest = self._mac(prev, _canonical(seq, ts, principal, action, text, justification))
        row = {
            "seq": seq,
            "ts": ts,
            "principal": principal,
            "action": action,
            "objects": text,
            "justification": justification,
            "prev_hash": prev,
            "hash": digest,
        }
        if not check:
            conn.execute(insert(tables.audit_log).values(**row))
        elif not conn.execute(_CHECKED_INSERT, {**row, "tail": tail[0]}).rowcount:
            return None
        return AuditEvent(seq, ts, principal, action, json.loads(text), justification, prev, digest)

    def append(self, principal: str, action: str, objects: Mapping[str, Any], justification: str = "") -> AuditEvent:
        """Append an event in a transaction of its own (for reads, which write nothing else)."""
        with self.store.transaction() as conn:
            return self.record(conn, principal, action, objects, justification)

    def events(self, *, since: int = 0, limit: int | None = None) -> Iterator[AuditEvent]:
        """Stream events in chain order, starting after sequence number ``since``."""
        query = select(tables.audit_log).where(tables.audit_log.c.seq > since).order_by(tables.audit_log.c.seq)
        if limit is not None:
            query = query.limit(limit)
        with self.store.reading() as conn:
            for row in conn.execute(query):
                yield AuditEvent(
                    seq=row.seq,
                    ts=row.ts,
                    principal=row.principal,
                    action=row.action,
                    objects=json.loads(row.objects),
                    justification=row.justification,
                    prev_hash=row.prev_hash,
                    hash=row.hash,
                )

    def verify(self) -> Verification:
        """Walk the whole chain and report every break in it."""
        result = Verification()
        prev, expected_seq = GENESIS, 1
        query = select(tables.audit_log).order_by(tables.audit_log.c.seq)
        with self.store.reading() as conn:
            for row in conn.execute(query):
                result.events += 1
                if row.seq != expected_seq:
                    result.problems.append(
                        f"event {row.seq}: expected sequence number {expected_seq} (an event was deleted or inserted)"
                    )
                if row.prev_hash != prev:
                    result.problems.append(
                        f"event {row.seq}: does not follow the previous event (deleted, inserted or reordered)"
                    )
                payload = _canonical(row.seq, row.ts, row.principal, row.action, row.objects, row.justification)
                if not hmac.compare_digest(self._mac(row.prev_hash, payload), row.hash):
                    result.problems.append(f"event {row.seq}: content does not match its hash (edited)")
                prev, expected_seq = row.hash, row.seq + 1
        head = self.store.get_meta(HEAD_KEY)
        if head is None:
            if result.events:
                result.problems.append("the chain's head record is missing")
        else:
            try:
                seq_text, digest, mac = head.split(":")
                head_seq = int(seq_text)
            except ValueError:
                result.problems.append("the chain's head record is malformed")
            else:
                if not hmac.compare_digest(self._head_mac(head_seq, digest), mac):
                    result.problems.append("the chain's head record was altered")
                elif head_seq != expected_seq - 1 or digest != prev:
                    result.problems.append(
                        f"the chain ends at event {expected_seq - 1} but its head says {head_seq} (events cut off or added)"
                    )
        return result

    def ensure_intact(self) -> Verification:
        """Verify the chain and raise ``IntegrityFailure`` if it is broken."""
        result = self.verify()
        if not result.intact:
            raise IntegrityFailure(
                f"audit chain broken: {result.problems[0]}"
                + (f" (and {len(result.problems) - 1} more)" if len(result.problems) > 1 else ""),
                problems=result.problems,
            )
        return result
