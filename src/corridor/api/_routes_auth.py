"""Login, logout, the current session, and bearer tokens for scripts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from corridor.access import verify_password
from corridor.api._auth import AuthDep, CurrentPrincipal, CurrentSession, unauthenticated
from corridor.api._deps import NodeDep
from corridor.api._security import SESSION_COOKIE
from corridor.api._tokens import TokenInfo, create_token, list_tokens, revoke_token
from corridor.model import Principal

router = APIRouter(tags=["auth"])
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$alCr24uOxmM/iKg1Rdv9/Q$PwvTfYh77kWoLZGmj9XMh+vtef2kvGASLZpZuINhq7Q"
"""Checked against when the user is unknown, so a wrong name costs as long as a wrong password."""


class LoginRequest(BaseModel):
    """A user (``AGENCY/username``) and password."""

    user: Annotated[
        str,
        Field(
            min_length=3,
            max_length=200,
            pattern=r"^[A-Za-z]{2}-[A-Za-z0-9]{2,16}/[a-z0-9][a-z0-9._-]{0,63}$",
            description="AGENCY/username, e.g. GB-NCA/analyst",
        ),
    ]
    password: Annotated[str, Field(min_length=1, max_length=1000)]


class Me(BaseModel):
    """The caller as the node sees it."""

    user: str
    agency: str
    roles: list[str]
    compartments: list[str]
    csrf_token: str | None = Field(None, description="Echo it in X-CSRF-Token on every POST/PUT/PATCH/DELETE.")


def _me(principal: Principal, csrf: str | None) -> Me:
    return Me(
        user=principal.key,
        agency=principal.agency,
        roles=sorted(principal.roles),
        compartments=sorted(principal.compartments),
        csrf_token=csrf,
    )


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/api/login", responses={401: {}, 429: {}})
def login(body: LoginRequest, request: Request, response: Response, node: NodeDep, auth: AuthDep) -> Me:
    """Start a web session: sets an HttpOnly, SameSite=Strict cookie and returns the CSRF token.

    Five failures for one user from one address lock that pair out for 15 minutes (429).
    """
    address = _client(request)
    name = body.user.strip()
    wait = auth.limiter.retry_after(name, address)
    if wait:
        raise HTTPException(429, f"too many failed logins: try again in {wait} s", headers={"Retry-After": str(wait)})
    agency, _, username = name.partition("/")
    found = node.store.users().get(f"{agency.upper()}/{username}")
    ok = verify_password(found.password_hash if found else _DUMMY_HASH, body.password) and found is not None
    if not ok or found is None:
        auth.limiter.failed(name, address)
        node.audit.append(name[:160], "administration", {"login": "failed", "address": address})
        raise unauthenticated("wrong user or password")
    auth.limiter.succeeded(name, address)
    principal = node.store.principal(found.agency, found.username)
    cookie, session = auth.sessions.issue(principal.key)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=auth.sessions.max_age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    node.audit.append(principal.key, "administration", {"login": "ok", "address": address})
    return _me(principal, session.csrf)


@router.post("/api/logout", status_code=204)
def logout(principal: CurrentPrincipal, session: CurrentSession, response: Response, auth: AuthDep) -> None:
    """End the web session."""
    if session is not None:
        auth.sessions.revoke(session)
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/api/session")
def me(principal: CurrentPrincipal, session: CurrentSession) -> Me:
    """Who is logged in, with the session's CSRF token."""
    return _me(principal, session.csrf if session else None)


class TokenRequest(BaseModel):
    """A label for the token and how long it lives."""

    label: Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")] = ""
    days: Annotated[int, Field(ge=1, le=366)] = 90


class TokenOut(BaseModel):
    """A token's record."""

    id: str
    label: str
    created_at: str
    expires_at: str | None
    revoked_at: str | None


class NewToken(TokenOut):
    """A new token: ``token`` is shown this once."""

    token: str


def _token_out(info: TokenInfo) -> TokenOut:
    return TokenOut(
        id=info.id, label=info.label, created_at=info.created_at, expires_at=info.expires_at, revoked_at=info.revoked_at
    )


@router.post("/api/tokens", status_code=201)
def new_token(body: TokenRequest, principal: CurrentPrincipal, node: NodeDep) -> NewToken:
    """Create a bearer token for the caller (for scripts: ``Authorization: Bearer …``)."""
    if principal.user is None:
        raise HTTPException(403, "only named users hold tokens")
    token, info = create_token(node.store, principal.key, label=body.label, days=body.days)
    node.audit.append(principal.key, "administration", {"token": "created", "id": info.id[:12]})
    return NewToken(token=token, **_token_out(info).model_dump())


@router.get("/api/tokens")
def tokens(principal: CurrentPrincipal, node: NodeDep) -> list[TokenOut]:
    """The caller's tokens (never the tokens themselves)."""
    return [_token_out(t) for t in list_tokens(node.store, principal.key)]


@router.delete("/api/tokens/{token_id}", status_code=204)
def delete_token(token_id: str, principal: CurrentPrincipal, node: NodeDep, auth: AuthDep) -> None:
    """Revoke one of the caller's tokens (at once in this process, within seconds in others)."""
    revoke_token(node.store, principal.key, token_id)
    auth.forget()
    node.audit.append(principal.key, "administration", {"token": "revoked", "id": token_id[:12]})
