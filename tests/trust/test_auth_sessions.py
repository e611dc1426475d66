"""Authentication and sessions: lockout, expiry, logout, CSRF, cookie flags, security headers.

Runs against the real app (sessions signed with the node's key, Argon2 passwords) through
Starlette's test client, and once through uvicorn on loopback behind a proxy header, as
``corridor serve`` runs it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from api._helpers import PASSWORD, TestClient, load_api_data, login
from corridor.access import Node
from corridor.api import create_app

USER = "GB-NCA/analyst"


@pytest.fixture
def client(node: Node) -> Iterator[TestClient]:
    """A client of the app over a node whose users have passwords."""
    load_api_data(node)
    with TestClient(create_app(node.settings, node=node)) as test_client:
        yield test_client


def _login(client: TestClient, password: str, user: str = USER) -> httpx.Response:
    response: httpx.Response = client.post("/api/login", json={"user": user, "password": password})
    return response


class Clock:
    """A clock the lockout reads, moved by the test instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_wrong_passwords_lock_the_user_out_even_with_the_right_one(client: TestClient) -> None:
    clock = Clock()
    limiter = client.app.state.auth.limiter  # type: ignore[attr-defined]
    limiter.clock = clock
    for _ in range(limiter.max_failures):
        assert _login(client, "wrong password guess").status_code == 401
    locked = _login(client, PASSWORD)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert "corridor_session" not in locked.headers.get("set-cookie", "")
    # another user from the same address is not locked out by someone else's failures
    assert _login(client, PASSWORD, "GB-NCA/auditor").status_code == 200
    clock.now += limiter.lockout + 1
    assert _login(client, PASSWORD).status_code == 200


def test_one_address_guessing_many_users_is_stopped(client: TestClient) -> None:
    limiter = client.app.state.auth.limiter  # type: ignore[attr-defined]
    limiter.clock = Clock()
    limiter.max_per_address = 6  # the default, 50, costs fifty Argon2 checks here
    statuses = [_login(client, "wrong password guess", f"GB-NCA/user{i}").status_code for i in range(8)]
    assert statuses[:6] == [401] * 6
    assert statuses[6:] == [429, 429]
    assert _login(client, PASSWORD).status_code == 429  # the address is locked, whoever it claims to be


def test_a_wrong_user_and_a_wrong_password_answer_alike(client: TestClient) -> None:
    unknown = _login(client, "wrong password guess", "GB-NCA/nobody")
    wrong = _login(client, "wrong password guess")
    assert (unknown.status_code, unknown.json()) == (wrong.status_code, wrong.json())


def test_session_expires(client: TestClient) -> None:
    login(client, USER)
    assert client.get("/api/session").status_code == 200
    client.app.state.auth.sessions.max_age = -1  # type: ignore[attr-defined]  # every cookie is now too old
    assert client.get("/api/session").status_code == 401


def test_session_cookie_lifetime_is_bounded(client: TestClient) -> None:
    response = _login(client, PASSWORD)
    cookie = response.headers["set-cookie"].lower()
    max_age = int(cookie.split("max-age=")[1].split(";")[0])
    assert 0 < max_age <= 12 * 3600


def test_logout_kills_the_cookie_even_if_replayed(client: TestClient) -> None:
    csrf = login(client, USER)
    stolen = client.cookies["corridor_session"]
    assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    client.cookies.set("corridor_session", stolen)
    assert client.get("/api/session").status_code == 401


def test_forged_or_tampered_cookies_are_refused(client: TestClient) -> None:
    login(client, USER)
    good = client.cookies["corridor_session"]
    for bad in (good[:-2] + ("AA" if not good.endswith("AA") else "BB"), "eyJ1IjoiR0ItTkNBL2Jvc3MifQ", ""):
        client.cookies.set("corridor_session", bad)
        assert client.get("/api/session").status_code == 401


def test_state_changes_need_the_sessions_csrf_token(client: TestClient) -> None:
    csrf = login(client, USER)
    assert client.post("/api/tokens", json={"label": "x"}).status_code == 403
    assert client.post("/api/tokens", json={"label": "x"}, headers={"X-CSRF-Token": "forged"}).status_code == 403
    # another session's token does not do either
    with TestClient(client.app) as other:
        theirs = login(other, "GB-NCA/auditor")
    assert theirs != csrf
    assert client.post("/api/tokens", json={"label": "x"}, headers={"X-CSRF-Token": theirs}).status_code == 403
    made = client.post("/api/tokens", json={"label": "x"}, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201
    # a bearer token is never sent by a browser on its own, so it needs no CSRF token
    client.cookies.clear()
    bearer = {"Authorization": f"Bearer {made.json()['token']}"}
    assert client.post("/api/tokens", json={"label": "y"}, headers=bearer).status_code == 201


def test_cookie_flags_over_http(client: TestClient) -> None:
    cookie = _login(client, PASSWORD).headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "path=/" in cookie
    assert "secure" not in cookie  # plain http on loopback: a Secure cookie would never come back


def test_cookie_is_secure_over_https(node: Node) -> None:
    load_api_data(node)
    with TestClient(create_app(node.settings, node=node), base_url="https://corridor.example") as client:
        response = _login(client, PASSWORD)
        cookie = response.headers["set-cookie"].lower()
        assert "secure" in cookie
        assert "httponly" in cookie
        assert "samesite=strict" in cookie
        assert response.headers["strict-transport-security"].startswith("max-age=")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_cookie_is_secure_behind_a_tls_proxy(node: Node) -> None:
    """``corridor serve`` runs uvicorn, which trusts X-Forwarded-Proto from loopback (the proxy)."""
    load_api_data(node)
    port = _free_port()
    config = uvicorn.Config(create_app(node.settings, node=node), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        response = httpx.post(
            f"http://127.0.0.1:{port}/api/login",
            json={"user": USER, "password": PASSWORD},
            headers={"X-Forwarded-Proto": "https"},
        )
        assert response.status_code == 200
        assert "secure" in response.headers["set-cookie"].lower()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.parametrize("path", ["/", "/api/health", "/api/session", "/api/nothing-here", "/static/none.js"])
def test_security_headers_on_every_answer(client: TestClient, path: str) -> None:
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "object-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    if path.startswith("/api/"):
        assert response.headers["cache-control"] == "no-store"
