"""Bearer tokens for scripts: created for a user, stored as hashes, revocable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from corridor.api._security import new_token, token_hash
from corridor.core import NotFound
from corridor.model import utc_now
from corridor.store import Store, tables


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token's record, never the token itself."""

    id: str
    user_key: str
    label: str
    created_at: str
    expires_at: str | None
    revoked_at: str | None


def create_token(store: Store, user_key: str, *, label: str = "", days: int | None = 90) -> tuple[str, TokenInfo]:
    """Make a token for ``user_key``; the clear token is returned once and never stored."""
    token = new_token()
    expires = None
    if days is not None:
        expires = (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    info = TokenInfo(token_hash(token), user_key, label, utc_now(), expires, None)
    with store.transaction() as conn:
        conn.execute(
            insert(tables.api_tokens).values(
                id=info.id, user_key=user_key, label=label, created_at=info.created_at, expires_at=expires
            )
        )
    return token, info


def token_user(store: Store, token: str) -> str | None:
    """The user key a live token belongs to, or ``None`` (unknown, expired or revoked)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(tables.api_tokens).where(tables.api_tokens.c.id == token_hash(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_at is not None and row.expires_at <= utc_now():
        return None
    return str(row.user_key)


def list_tokens(store: Store, user_key: str) -> list[TokenInfo]:
    """The tokens of one user, newest first."""
    query = (
        select(tables.api_tokens)
        .where(tables.api_tokens.c.user_key == user_key)
        .order_by(tables.api_tokens.c.created_at.desc())
    )
    with store.engine.connect() as conn:
        return [
            TokenInfo(r.id, r.user_key, r.label, r.created_at, r.expires_at, r.revoked_at) for r in conn.execute(query)
        ]


def revoke_token(store: Store, user_key: str, token_id: str) -> None:
    """Revoke one of ``user_key``'s tokens; ``NotFound`` for anyone else's."""
    with store.transaction() as conn:
        result = conn.execute(
            update(tables.api_tokens)
            .where((tables.api_tokens.c.id == token_id) & (tables.api_tokens.c.user_key == user_key))
            .values(revoked_at=utc_now())
        )
    if not result.rowcount:
        raise NotFound(f"no token {token_id!r}")
