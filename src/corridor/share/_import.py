"""Importing a partner's bundle: verify everything, then publish it all at once.

Checks, in order, before a single row is written: the file hashes to what its signature
line says; the signature verifies with a key ``partners.yml`` lists for the sender; the
bundle is addressed to this node; its sequence number follows the last one imported from
that sender (an older number is a replay, a skipped number a gap: both ``IntegrityFailure``,
exit 4, as issue 10 asks of an out-of-order bundle; the operator may accept a known gap). Then, inside the transaction, every statement
must be one the sender was entitled to send this node under this node's own agreements
(see ``entitled``); one that is not refuses the whole bundle.

The statements go into a pending load (``Store.loading``), written in short transactions
that readers never wait long for and invisible until published. Withdrawals, judgements,
the inbox row, the audit event and the publication commit together in one small
transaction, so a kill at any point leaves either the whole bundle or none of it visible
(the next load deletes a dead load's rows), and re-running the import gives the store an
uninterrupted import would have given.
Re-importing the bundle that was imported last is a no-op (idempotent).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select

from corridor.access import Node
from corridor.access import ensure as ensure_allowed
from corridor.core import IntegrityFailure, InvalidInput
from corridor.model import Marking, Principal, ReleasePolicy, Statement, parse_marking, statement_id, utc_now
from corridor.share._common import judgement_key, own_agency
from corridor.share._format import Envelope, read_envelope, signed_message
from corridor.share._keys import verify_signature
from corridor.store import add_judgement, rebuild_canonical, statement_rows, tables


@dataclass(slots=True)
class ImportSummary:
    """What an import did."""

    sender: str
    sequence: int
    statements: int = 0
    withdrawals: int = 0
    judgements: int = 0
    already_imported: bool = False
    gap_accepted: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``corridor share import --json``."""
        return asdict(self)


def entitled(policy: ReleasePolicy, sender: str, me: str, origin: str, marking: Marking) -> bool:
    """Whether ``sender`` may send this node a statement of ``origin`` under ``marking``.

    Its own data it may send to its direct recipients. Another agency's data it may pass
    on only if it is itself a direct recipient of the originator, and this node is either a
    direct recipient too or an onward recipient the marking allows (consent given, or none
    needed) that the sender has an agreement with. Agreements are this node's copy of
    ``partners.yml``: a sender cannot widen them.
    """
    if origin == me:
        return False  # nobody re-grades this node's own data from outside
    direct = policy.direct_recipients(origin, marking)
    if origin == sender:
        return me in direct
    if sender not in direct:
        return False
    if me in direct:
        return True
    return me in policy.onward_recipients(origin, marking) and policy.shares(sender, me, marking.handling)


def _last_imported(conn: Connection, sender: str) -> tuple[int, str | None]:
    last = conn.execute(
        select(func.max(tables.share_inbox.c.sequence)).where(tables.share_inbox.c.sender == sender)
    ).scalar()
    if last is None:
        return 0, None
    sha = conn.execute(
        select(tables.share_inbox.c.sha256).where(
            (tables.share_inbox.c.sender == sender) & (tables.share_inbox.c.sequence == last)
        )
    ).scalar()
    return int(last), sha


def _text(obj: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str | None:
    value = obj.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise IntegrityFailure(f"{where}: field {key!r} missing or not text")
    return value


class _Applier:
    """Reads body lines and turns them into writes, checking each as it goes."""

    def __init__(self, path: Path, lines: int, policy: ReleasePolicy, sender: str, me: str) -> None:
        self.path = path
        self.lines = lines
        self.policy = policy
        self.sender = sender
        self.me = me
        self.digest = hashlib.sha256()
        self.withdrawals: list[str] = []
        self.judgements: list[dict[str, Any]] = []
        self.statements = 0
        self._markings: dict[tuple[str, str], Marking] = {}

    def _marking(self, origin: str, text: str, where: str) -> Marking:
        found = self._markings.get((origin, text))
        if found is None:
            try:
                found = parse_marking(text, where=where)
            except InvalidInput as exc:
                raise IntegrityFailure(f"{where}: {exc.one_line()}") from None
            if not entitled(self.policy, self.sender, self.me, origin, found):
                raise IntegrityFailure(
                    f"{where}: {self.sender} may not send {origin}'s data marked {text!r} to {self.me} "
                    "under this node's agreements; bundle refused"
                )
            self._markings[(origin, text)] = found
        return found

    def statements_iter(self) -> Iterator[Statement]:
        """Statements of the body; other lines are collected on the way."""
        with self.path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if number >= self.lines:
                    break
                self.digest.update(raw)
                if number == 1:
                    continue
                where = f"{self.path.name}:{number}"
                try:
                    obj = json.loads(raw)
                except ValueError:
                    raise IntegrityFailure(f"{where}: not a JSON line") from None
                kind = obj.get("type") if isinstance(obj, dict) else None
                if kind == "statement":
                    yield self._statement(obj, where)
                elif kind == "withdrawal":
                    self.withdrawals.append(str(_text(obj, "id", where)))
                elif kind == "judgement":
                    if obj.get("origin") != self.sender:
                        raise IntegrityFailure(f"{where}: a judgement by {obj.get('origin')!r}, not by the sender")
                    self.judgements.append(obj)
                else:
                    raise IntegrityFailure(f"{where}: unknown line type {kind!r}")

    def _statement(self, obj: dict[str, Any], where: str) -> Statement:
        origin = str(_text(obj, "origin", where))
        stmt = Statement(
            entity_id=str(_text(obj, "entity_id", where)),
            schema=str(_text(obj, "schema", where)),
            prop=str(_text(obj, "prop", where)),
            value=str(_text(obj, "value", where)),
            source=str(_text(obj, "source", where)),
            origin=origin,
            marking=self._marking(origin, str(_text(obj, "marking", where)), where),
            first_seen=str(_text(obj, "first_seen", where)),
            last_seen=str(_text(obj, "last_seen", where)),
            lang=_text(obj, "lang", where, optional=True),
            original_value=_text(obj, "original_value", where, optional=True),
        )
        if obj.get("id") != statement_id(stmt.origin, stmt.source, stmt.entity_id, stmt.prop, stmt.value):
            raise IntegrityFailure(f"{where}: statement id does not match its content")
        self.statements += 1
        return stmt


def _apply_withdrawals(node: Node, conn: Connection, policy: ReleasePolicy, sender: str, ids: list[str]) -> int:
    """Withdraw the statements the sender may withdraw: its own, or ones it relayed lawfully.

    A withdrawal naming a statement this node holds from elsewhere (another relay, or the
    originator directly) is honoured only if the sender is the originator or a direct
    recipient of it, so no partner can erase what it never had a right to.
    """
    allowed: list[str] = []
    markings = node.store.markings(conn)
    for start in range(0, len(ids), 5_000):
        chunk = ids[start : start + 5_000]
        rows = conn.execute(
            select(tables.statements.c.id, tables.statements.c.origin, tables.statements.c.marking_id).where(
                tables.statements.c.id.in_(chunk)
            )
        )
        for row in rows:
            if row.marking_id not in markings:
                markings = node.store.markings(conn)
            marking = markings[row.marking_id][1]
            if row.origin == sender or sender in policy.direct_recipients(row.origin, marking):
                allowed.append(row.id)
    return node.store.withdraw(conn, allowed)


def import_bundle(node: Node, actor: Principal, path: Path, *, accept_gap: bool = False) -> ImportSummary:
    """Verify and import one bundle; see the module docstring for what is checked."""
    ensure_allowed(actor, "share")
    me = own_agency(node)
    envelope = read_envelope(path)
    sender = envelope.sender.upper()
    agencies = node.store.agencies()
    agency = agencies.get(sender)
    if agency is None:
        raise IntegrityFailure(f"bundle from unknown agency {sender!r}")
    if str(envelope.signature.get("key_id")) != str(envelope.header.get("key_id")):
        raise IntegrityFailure("header and signature name different keys")
    verify_signature(
        agency, signed_message(envelope.digest), str(envelope.signature.get("signature", "")), envelope.header["key_id"]
    )
    if envelope.recipient.upper() != me:
        raise IntegrityFailure(f"bundle is addressed to {envelope.recipient!r}, not to this node ({me})")
    sequence = envelope.sequence
    summary = ImportSummary(sender=sender, sequence=sequence)
    policy = ReleasePolicy.build(node.store.agreements(), date.today())
    with node.store.engine.connect() as conn:
        if _check_sequence(conn, envelope, sender, summary, accept_gap=accept_gap):
            return summary
    applier = _Applier(path, envelope.lines, policy, sender, me)
    try:
        _load(node, actor, envelope, applier, policy, summary, accept_gap=accept_gap)
    except _ImportedMeanwhile:
        summary.already_imported = True  # by another import that ended while this one read
    return summary


class _ImportedMeanwhile(Exception):
    """Leaves the load unpublished: the same bundle was imported while this import ran."""


def _load(
    node: Node,
    actor: Principal,
    envelope: Envelope,
    applier: _Applier,
    policy: ReleasePolicy,
    summary: ImportSummary,
    *,
    accept_gap: bool,
) -> None:
    sender, sequence = summary.sender, summary.sequence
    with node.store.loading("bundle", f"bundle:{sender}", sender, chunk=node.settings.batch_size) as load:
        load.write(statement_rows(applier.statements_iter()))
        if applier.digest.hexdigest() != envelope.digest:
            raise IntegrityFailure("the bundle changed while it was being imported")
        summary.statements = applier.statements
        with load.publishing() as conn:
            # Again inside the closing transaction: another import may have finished meanwhile.
            if _check_sequence(conn, envelope, sender, summary, accept_gap=accept_gap):
                raise _ImportedMeanwhile
            node.store.register_source(conn, f"bundle:{sender}", sender, title=f"bundles from {sender}")
            summary.withdrawals = _apply_withdrawals(node, conn, policy, sender, applier.withdrawals)
            summary.judgements = _apply_judgements(conn, sender, applier.judgements)
            if summary.judgements:
                rebuild_canonical(conn)
            conn.execute(
                insert(tables.share_inbox).values(
                    sender=sender,
                    sequence=sequence,
                    sha256=envelope.digest,
                    imported_at=utc_now(),
                    statements=summary.statements,
                    withdrawals=summary.withdrawals,
                    judgements=summary.judgements,
                )
            )
            node.audit.record(
                conn,
                actor.key,
                "collection",
                {
                    "bundle": {"sender": sender, "sequence": sequence, "sha256": envelope.digest},
                    "statements": summary.statements,
                    "withdrawals": summary.withdrawals,
                    "judgements": summary.judgements,
                    "gap_accepted": summary.gap_accepted,
                },
            )


def _check_sequence(
    conn: Connection, envelope: Envelope, sender: str, summary: ImportSummary, *, accept_gap: bool
) -> bool:
    """Refuse a replayed or out-of-order bundle; ``True`` if it is the one imported last."""
    sequence = envelope.sequence
    last, last_sha = _last_imported(conn, sender)
    if sequence == last and last_sha == envelope.digest:
        summary.already_imported = True
        return True
    if sequence <= last:
        raise IntegrityFailure(
            f"replayed or out-of-order bundle: {sender} bundle {sequence} after {last} was already imported"
        )
    previous = int(envelope.header.get("previous", sequence - 1))
    if previous > last and sequence != last + 1:
        if not accept_gap:
            raise IntegrityFailure(
                f"sequence gap: {sender} bundle {sequence} but the last imported is {last}; "
                "import the missing bundles first or pass --accept-gap"
            )
        summary.gap_accepted = True
    return False


def _apply_judgements(conn: Connection, sender: str, judgements: list[dict[str, Any]]) -> int:
    added = 0
    for obj in judgements:
        key = judgement_key(obj)
        if obj.get("key") != key:
            raise IntegrityFailure("judgement key does not match its content")
        seen = conn.execute(
            select(tables.share_received_judgements.c.judgement).where(
                tables.share_received_judgements.c.judgement == key
            )
        ).scalar()
        if seen is not None:
            continue
        score = obj.get("score")
        add_judgement(
            conn,
            str(obj["left"]),
            str(obj["right"]),
            str(obj["verdict"]),
            actor=str(obj["actor"]),
            kind=str(obj["kind"]),
            origin=sender,
            score=float(score) if isinstance(score, int | float) else None,
            reason=str(obj.get("reason", "")),
        )
        conn.execute(insert(tables.share_received_judgements).values(judgement=key, sender=sender))
        added += 1
    return added
