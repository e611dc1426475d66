"""Building the bundle for one partner: what the door lets it see, and is new to it.

The partner's view is ``store.view(store.principal(CODE))``: the one door decides what may
leave, with the partner as principal, so onward sharing follows the originator's marking
exactly as it does for a reader. ``share_sent`` remembers which statements the partner
received and under which marking; a bundle carries only statements that are new or
re-graded since, and a withdrawal for every statement the partner received that the door
no longer lets it see (withdrawn, or re-graded out of its reach). The sequence number, the
sent-tracking and the disclosure audit event commit in one transaction, after the file is
complete; a crash before that leaves the next bundle to carry the same content.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select

from corridor.access import Node
from corridor.access import ensure as ensure_allowed
from corridor.core import InvalidInput, NotFound
from corridor.model import Marking, Principal, format_marking, utc_now
from corridor.share._common import judgement_key, marking_digest, own_agency, upsert
from corridor.share._format import FORMAT, dump_line, signed_message
from corridor.share._import import entitled
from corridor.share._keys import load_node_key
from corridor.store import read_judgements, tables


@dataclass(slots=True)
class BundleSummary:
    """What a bundle carries."""

    sender: str
    recipient: str
    sequence: int
    statements: int = 0
    withdrawals: int = 0
    judgements: int = 0
    sha256: str = ""
    path: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``corridor share bundle --json``."""
        return asdict(self)


def _check_partner(node: Node, code: str) -> str:
    partner = code.strip().upper()
    me = own_agency(node)
    if partner == me:
        raise InvalidInput(f"{partner} is this node's own agency")
    if partner not in node.store.agencies():
        raise NotFound(f"unknown agency {partner!r}: load it with `corridor partners load`")
    return partner


def build_bundle(
    node: Node, actor: Principal, code: str, out: Path, *, allow_empty: bool = True, keep_content: bool = False
) -> BundleSummary | None:
    """Write the signed bundle for partner ``code`` to ``out``; ``None`` if empty and not allowed.

    ``keep_content`` stores the bundle (gzip) in the outbox so a partner can pull it again.
    """
    ensure_allowed(actor, "share")
    partner = _check_partner(node, code)
    me = own_agency(node)
    key = load_node_key(node.keys_path)
    view = node.store.view(node.store.principal(partner))
    with node.store.engine.connect() as conn:
        rows = conn.execute(
            select(tables.share_sent.c.statement_id, tables.share_sent.c.marking).where(
                tables.share_sent.c.partner == partner
            )
        )
        sent: dict[str, str] = {row.statement_id: row.marking for row in rows}
        sent_judgements = set(
            conn.execute(
                select(tables.share_sent_judgements.c.judgement).where(
                    tables.share_sent_judgements.c.partner == partner
                )
            ).scalars()
        )
        last = conn.execute(
            select(func.max(tables.share_outbox.c.sequence)).where(tables.share_outbox.c.partner == partner)
        ).scalar()
    sequence = int(last or 0) + 1
    summary = BundleSummary(sender=me, recipient=partner, sequence=sequence)
    texts: dict[int, tuple[Marking, str, str, str]] = {}  # id(marking) -> (marking, origin, text, digest)
    new_sent: list[dict[str, Any]] = []
    entities: set[str] = set()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, body_name = tempfile.mkstemp(prefix=".bundle-", dir=out.parent)
    body = Path(body_name)
    tmp_name = ""
    try:
        with os.fdopen(fd, "wb") as handle:
            allowed: dict[tuple[Marking, str], bool] = {}
            for stmt in view.statements():
                if stmt.origin == partner:
                    continue  # its own data: it has it
                rule = (stmt.marking, stmt.origin)
                if rule not in allowed:
                    # What the partner may see includes what it may receive only onward, from
                    # a direct recipient; this node sends only what the partner's import will
                    # accept from it (leak hunt finding: the whole bundle was refused)
                    allowed[rule] = entitled(view.policy, me, partner, stmt.origin, stmt.marking)
                if not allowed[rule]:
                    continue
                entities.add(stmt.entity_id)
                cached = texts.get(id(stmt.marking))
                if cached is None or cached[0] is not stmt.marking or cached[1] != stmt.origin:
                    text = format_marking(stmt.marking)
                    cached = (stmt.marking, stmt.origin, text, marking_digest(stmt.origin, text))
                    texts[id(stmt.marking)] = cached
                sid = stmt.id
                digest = cached[3]
                if sent.pop(sid, None) == digest:
                    continue
                new_sent.append({"partner": partner, "statement_id": sid, "marking": digest})
                handle.write(
                    dump_line(
                        {
                            "type": "statement",
                            "id": sid,
                            "entity_id": stmt.entity_id,
                            "schema": stmt.schema,
                            "prop": stmt.prop,
                            "value": stmt.value,
                            "lang": stmt.lang,
                            "original_value": stmt.original_value,
                            "source": stmt.source,
                            "origin": stmt.origin,
                            "marking": cached[2],
                            "first_seen": stmt.first_seen,
                            "last_seen": stmt.last_seen,
                        }
                    )
                )
                summary.statements += 1
            revoked = sorted(sent)  # received before, invisible to the partner now
            for sid in revoked:
                handle.write(dump_line({"type": "withdrawal", "id": sid}))
            summary.withdrawals = len(revoked)
            new_judgements: list[dict[str, Any]] = []
            with node.store.engine.connect() as conn:
                judgements = read_judgements(conn)
            for j in judgements:
                if j.origin != me or j.left_id not in entities or j.right_id not in entities:
                    continue
                jkey = judgement_key(j)
                if jkey in sent_judgements:
                    continue
                new_judgements.append({"partner": partner, "judgement": jkey})
                handle.write(
                    dump_line(
                        {
                            "type": "judgement",
                            "key": jkey,
                            "left": j.left_id,
                            "right": j.right_id,
                            "verdict": j.verdict,
                            "actor": j.actor,
                            "kind": j.kind,
                            "score": j.score,
                            "reason": j.reason,
                            "origin": j.origin,
                            "created_at": j.created_at,
                        }
                    )
                )
            summary.judgements = len(new_judgements)
        if not allow_empty and not (summary.statements or summary.withdrawals or summary.judgements):
            return None
        header = {
            "type": "header",
            "format": FORMAT,
            "sender": me,
            "recipient": partner,
            "sequence": sequence,
            "previous": sequence - 1,
            "created": utc_now(),
            "key_id": key.key_id,
            "counts": {
                "statements": summary.statements,
                "withdrawals": summary.withdrawals,
                "judgements": summary.judgements,
            },
        }
        hasher = hashlib.sha256()
        fd, tmp_name = tempfile.mkstemp(prefix=".bundle-", dir=out.parent)
        with os.fdopen(fd, "wb") as target, body.open("rb") as source:
            head = dump_line(header)
            hasher.update(head)
            target.write(head)
            while chunk := source.read(1 << 20):
                hasher.update(chunk)
                target.write(chunk)
            summary.sha256 = hasher.hexdigest()
            target.write(
                dump_line(
                    {
                        "type": "signature",
                        "alg": "ed25519",
                        "key_id": key.key_id,
                        "sha256": summary.sha256,
                        "signature": key.sign(signed_message(summary.sha256)),
                    }
                )
            )
        content = None
        if keep_content:
            with open(tmp_name, "rb") as raw:
                content = gzip.compress(raw.read(), compresslevel=3)
        with node.store.transaction() as conn:
            conn.execute(
                insert(tables.share_outbox).values(
                    partner=partner,
                    sequence=sequence,
                    created_at=header["created"],
                    sha256=summary.sha256,
                    statements=summary.statements,
                    withdrawals=summary.withdrawals,
                    judgements=summary.judgements,
                    content=content,
                )
            )
            upsert(conn, tables.share_sent, new_sent, ("partner", "statement_id"))
            for start in range(0, len(revoked), 5_000):
                conn.execute(
                    delete(tables.share_sent).where(
                        (tables.share_sent.c.partner == partner)
                        & tables.share_sent.c.statement_id.in_(revoked[start : start + 5_000])
                    )
                )
            upsert(conn, tables.share_sent_judgements, new_judgements, ("partner", "judgement"))
            node.audit.record(
                conn,
                actor.key,
                "disclosure",
                {
                    "bundle": {"recipient": partner, "sequence": sequence, "sha256": summary.sha256},
                    "statements": summary.statements,
                    "withdrawals": summary.withdrawals,
                    "judgements": summary.judgements,
                },
            )
        shutil.move(tmp_name, out)
        summary.path = str(out)
        return summary
    finally:
        body.unlink(missing_ok=True)
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)


def stored_bundle(node: Node, partner: str, sequence: int) -> bytes | None:
    """A bundle built earlier with its content kept, for a partner pulling it again."""
    with node.store.engine.connect() as conn:
        content = conn.execute(
            select(tables.share_outbox.c.content).where(
                (tables.share_outbox.c.partner == partner) & (tables.share_outbox.c.sequence == sequence)
            )
        ).scalar()
    return gzip.decompress(content) if content else None
