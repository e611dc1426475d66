"""Who is calling: a session cookie (the web UI) or a bearer token (scripts).

Every endpoint but health and login depends on ``CurrentPrincipal``. A cookie-borne
session must also send its CSRF token on every state-changing request; a bearer token
needs none, because a browser never attaches it on its own.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from corridor.api._deps import NodeDep
from corridor.api._principals import ShortCache
from corridor.api._security import (
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_COOKIE,
    LoginLimiter,
    Session,
    SessionCodec,
    session_secret,
    token_hash,
)
from corridor.api._tokens import token_user
from corridor.core import NotFound, Settings
from corridor.model import Principal

_bearer = HTTPBearer(auto_error=False, description="A token from `POST /api/tokens` or `corridor serve token`.")
_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, description="The web UI's session (from /api/login).")


@dataclass
class AuthState:
    """The app's authentication machinery, built once per app."""

    sessions: SessionCodec
    limiter: LoginLimiter
    tokens: ShortCache[str] = field(default_factory=ShortCache)
    """Token hash -> user key, for a few seconds."""
    principals: ShortCache[Principal] = field(default_factory=ShortCache)
    """User key -> principal (roles, compartments), for a few seconds."""

    @classmethod
    def build(cls, settings: Settings) -> AuthState:
        """Read (or make) the session key in the node's key directory."""
        return cls(SessionCodec(session_secret(settings.keys_path)), LoginLimiter())

    def forget(self) -> None:
        """Drop remembered tokens and principals (a token was revoked, users changed)."""
        self.tokens.clear()
        self.principals.clear()


def get_auth(request: Request) -> AuthState:
    """The app's ``AuthState``."""
    auth = request.app.state.auth
    assert isinstance(auth, AuthState)
    return auth


AuthDep = Annotated[AuthState, Depends(get_auth)]


def unauthenticated(message: str = "login required") -> HTTPException:
    """A 401 in the one error shape (see ``_errors.http_error``)."""
    return HTTPException(401, message, headers={"WWW-Authenticate": 'Bearer realm="corridor"'})


def _principal_for(node: NodeDep, auth: AuthState, user_key: str) -> Principal:
    def read() -> Principal:
        agency, _, user = user_key.partition("/")
        try:
            return node.store.principal(agency, user or None)
        except NotFound:
            raise unauthenticated("unknown user") from None

    found = auth.principals.get(user_key, read)
    assert found is not None
    return found


def current_session(
    request: Request,
    auth: AuthDep,
    cookie: Annotated[str | None, Depends(_cookie)],
) -> Session | None:
    """The caller's web session, if any."""
    return auth.sessions.read(cookie)


def current_principal(
    request: Request,
    node: NodeDep,
    auth: AuthDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    cookie: Annotated[str | None, Depends(_cookie)],
) -> Principal:
    """The authenticated principal, or 401; a cookie session must carry its CSRF token."""
    if bearer is not None:
        secret = bearer.credentials
        user_key = auth.tokens.get(token_hash(secret), lambda: token_user(node.store, secret))
        if user_key is None:
            raise unauthenticated("invalid or expired token")
        return _principal_for(node, auth, user_key)
    session = auth.sessions.read(cookie)
    if session is None:
        raise unauthenticated()
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), session.csrf.encode()):
            raise HTTPException(403, "missing or wrong CSRF token (send the X-CSRF-Token header)")
    return _principal_for(node, auth, session.user)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
CurrentSession = Annotated[Session | None, Depends(current_session)]
