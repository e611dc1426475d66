"""Session cookies, CSRF tokens, bearer-token hashing, login throttling and security headers.

The session is a signed, timestamped cookie (itsdangerous) holding the user key, a session
id and the session's CSRF token (the synchroniser pattern: the browser reads the token from
``/api/session`` and echoes it in ``X-CSRF-Token``; a cross-site page can do neither). The
signing key is a random file in the node's key directory, made on first use with mode
0600, so a fresh node needs no configuration and a stolen database forges no session.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "corridor_session"
CSRF_HEADER = "X-CSRF-Token"
SESSION_KEY_FILE = "session.key"
SESSION_MAX_AGE = 8 * 3600
"""A working day: an analyst logs in once per shift, a stolen cookie dies the same day."""
TOKEN_PREFIX = "cor_"  # noqa: S105 - a marker that makes leaked tokens greppable, not a secret
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Only the node itself: no CDN, no online font or tile can load, which is what proves the
workbench works air-gapped (``blob:``/``data:`` are the WebGL renderer's own textures)."""


def session_secret(keys_path: Path) -> bytes:
    """The node's session signing key, created (mode 0600) the first time it is needed."""
    path = keys_path / SESSION_KEY_FILE
    if not path.exists():
        keys_path.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker made it first: read theirs
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
    return path.read_text().strip().encode("ascii")


@dataclass(frozen=True, slots=True)
class Session:
    """What a session cookie says: who, which session, and its CSRF token."""

    user: str
    sid: str
    csrf: str


class SessionCodec:
    """Signs and reads session cookies."""

    def __init__(self, secret: bytes, max_age: int = SESSION_MAX_AGE):
        self._serializer = URLSafeTimedSerializer(secret, salt="corridor-session")
        self.max_age = max_age
        self._revoked: set[str] = set()
        self._lock = threading.Lock()

    def issue(self, user: str) -> tuple[str, Session]:
        """A new session for ``user`` and its cookie value."""
        session = Session(user=user, sid=secrets.token_urlsafe(16), csrf=secrets.token_urlsafe(32))
        value = self._serializer.dumps({"u": session.user, "s": session.sid, "c": session.csrf})
        return value, session

    def read(self, value: str | None) -> Session | None:
        """The session in a cookie, or ``None`` if absent, forged, expired or logged out."""
        if not value:
            return None
        try:
            data = self._serializer.loads(value, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        session = Session(user=str(data.get("u", "")), sid=str(data.get("s", "")), csrf=str(data.get("c", "")))
        with self._lock:
            if session.sid in self._revoked:
                return None
        return session if session.user and session.sid and session.csrf else None

    def revoke(self, session: Session) -> None:
        """Log a session out (kept in memory: a restart ends every session's revocation
        with the cookie's own expiry, at most ``max_age`` later)."""
        with self._lock:
            self._revoked.add(session.sid)


def new_token() -> str:
    """A new bearer token (shown once; only its hash is stored)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The stored form of a bearer token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class LoginLimiter:
    """Throttles password guessing: after ``max_failures`` failed logins for one user name
    from one address within ``window`` seconds, that pair is locked out for ``lockout``
    seconds. Kept in memory per process, so a restart forgives; the audit log keeps the
    failures for the record. Also caps one address across all user names."""

    max_failures: int = 5
    window: float = 900.0
    lockout: float = 900.0
    max_per_address: int = 50
    clock: Callable[[], float] = time.monotonic
    _failures: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    _locked: dict[tuple[str, str], float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, user: str, address: str) -> int:
        """Seconds until ``user`` may try again from ``address``; 0 when allowed now."""
        now = self.clock()
        with self._lock:
            waits = [self._locked.get((user.lower(), address), 0.0) - now, self._locked.get(("*", address), 0.0) - now]
        wait = max(waits)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, user: str, address: str) -> None:
        """Count a failed login."""
        now = self.clock()
        with self._lock:
            for key, limit in (((user.lower(), address), self.max_failures), (("*", address), self.max_per_address)):
                recent = [t for t in self._failures.get(key, []) if now - t < self.window] + [now]
                self._failures[key] = recent
                if len(recent) >= limit:
                    self._locked[key] = now + self.lockout
                    self._failures[key] = []

    def succeeded(self, user: str, address: str) -> None:
        """Forget the failures of a user who got in."""
        with self._lock:
            self._failures.pop((user.lower(), address), None)


MAX_BODY = 4 * 1024 * 1024
"""Largest request body the user API reads: a login, a judgement or a watch is a few
hundred bytes, and a bigger body would only be held in memory to be refused."""
MAX_BUNDLE_BODY = 1024 * 1024 * 1024
"""Bundles pushed by partner nodes carry whole data sets; they still get a ceiling."""
BUNDLE_PATH = "/api/share/bundles"


class BodyLimit:
    """Refuses request bodies over the limit with 413, before they are read into memory.

    The declared ``Content-Length`` is checked first; a chunked body is counted as it
    streams in and cut off at the limit (hostile-input finding: there was no limit).
    """

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY, max_bundle: int = MAX_BUNDLE_BODY):
        self.app = app
        self.max_body = max_body
        self.max_bundle = max_bundle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bundle if str(scope.get("path", "")) == BUNDLE_PATH else self.max_body
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        seen = 0
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused and not started:
                started = True
                await _too_large(send, limit)
                return
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except Exception:
            if not refused:
                raise
            # the app gave up on a body cut short (Starlette's ClientDisconnect): the answer is 413
        if refused and not started:
            await _too_large(send, limit)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"error": "too_large", "message": f"request body over {limit} bytes"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds the strict Content-Security-Policy and its companions to every response.

    A plain ASGI middleware (not Starlette's ``BaseHTTPMiddleware``), so streamed responses
    stay streamed and each request pays no extra task.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                if path.startswith("/api/"):
                    headers.setdefault("Cache-Control", "no-store")
                if https:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
            await send(message)

        await self.app(scope, receive, send_with_headers)
