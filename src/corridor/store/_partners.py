"""Reading and writing agencies, users, operations and agreements in the store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, delete, insert, select

from corridor.model import Agency, Agreement, Operation, User
from corridor.store import _schema as t


def _split(text: str) -> frozenset[str]:
    return frozenset(part for part in text.split() if part)


def _join(values: Iterable[str]) -> str:
    return " ".join(sorted(values))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def replace_partners(
    conn: Connection,
    *,
    agencies: Iterable[Agency],
    users: Iterable[User],
    operations: Iterable[Operation],
    agreements: Iterable[Agreement],
) -> None:
    """Replace the partner tables with the given values, in the caller's transaction.

    ``partners.yml`` is the source of truth, so loading it replaces what was there; a user
    or agreement removed from the file is gone from the node.
    """
    for table in (t.agreements, t.operations, t.users, t.agencies):
        conn.execute(delete(table))
    rows = [
        {"code": a.code, "name": a.name, "country": a.country, "contact": a.contact, "public_key": a.public_key}
        for a in agencies
    ]
    if rows:
        conn.execute(insert(t.agencies), rows)
    rows = [
        {
            "key": u.key,
            "agency": u.agency,
            "username": u.username,
            "roles": _join(u.roles),
            "password_hash": u.password_hash,
            "display_name": u.display_name,
        }
        for u in users
    ]
    if rows:
        conn.execute(insert(t.users), rows)
    rows = [
        {"code": o.code, "lead": o.lead, "name": o.name, "agencies": _join(o.agencies), "users": _join(o.users)}
        for o in operations
    ]
    if rows:
        conn.execute(insert(t.operations), rows)
    rows = [
        {
            "id": a.id,
            "provider": a.provider,
            "recipient": a.recipient,
            "handling": _join(a.handling),
            "valid_from": a.valid_from.isoformat() if a.valid_from else None,
            "valid_until": a.valid_until.isoformat() if a.valid_until else None,
            "purpose": a.purpose,
        }
        for a in agreements
    ]
    if rows:
        conn.execute(insert(t.agreements), rows)


def read_agencies(conn: Connection) -> dict[str, Agency]:
    """Every known agency by code."""
    rows = conn.execute(select(t.agencies).order_by(t.agencies.c.code))
    return {
        r.code: Agency(code=r.code, name=r.name, country=r.country, contact=r.contact, public_key=r.public_key)
        for r in rows
    }


def read_users(conn: Connection) -> dict[str, User]:
    """Every user by ``AGENCY/username``."""
    rows = conn.execute(select(t.users).order_by(t.users.c.key))
    return {
        r.key: User(
            agency=r.agency,
            username=r.username,
            roles=_split(r.roles),
            password_hash=r.password_hash,
            display_name=r.display_name,
        )
        for r in rows
    }


def read_operations(conn: Connection) -> list[Operation]:
    """Every operation (compartment)."""
    rows = conn.execute(select(t.operations).order_by(t.operations.c.code))
    return [
        Operation(code=r.code, lead=r.lead, name=r.name, agencies=_split(r.agencies), users=_split(r.users))
        for r in rows
    ]


def read_agreements(conn: Connection) -> list[Agreement]:
    """Every agreement, in force or not."""
    rows = conn.execute(select(t.agreements).order_by(t.agreements.c.id))
    return [
        Agreement(
            id=r.id,
            provider=r.provider,
            recipient=r.recipient,
            handling=_split(r.handling),
            valid_from=_day(r.valid_from),
            valid_until=_day(r.valid_until),
            purpose=r.purpose,
        )
        for r in rows
    ]
