"""Secrets never reach a log, and no password works that nobody set.

A whole working session — node set-up, users loaded with a password, CLI and API tokens,
logins and logouts, key generation and rotation, a signed bundle, a failed login — runs
with every logger at DEBUG; then the captured log records, the CLI's stderr and the audit
log are grepped for every secret the session handled: passwords, bearer tokens, session
cookies, CSRF tokens and the contents of every key file.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from _cli import in_process
from api._helpers import TestClient
from corridor.access import Node
from corridor.api import create_app

PASSWORD = "tr0ub4dor&3-but-longer"  # noqa: S105 - the test user's password, planted to be grepped for
PARTNERS = f"""
agencies:
  - {{code: GB-NCA, name: National Crime Agency, country: GB}}
  - {{code: RS-MUP, name: MUP Srbije, country: RS}}
users:
  - {{agency: GB-NCA, username: analyst, roles: [analyst], password: "{PASSWORD}"}}
  - {{agency: GB-NCA, username: officer, roles: [sharing_officer, auditor], password: "{PASSWORD}"}}
  - {{agency: GB-NCA, username: nopass, roles: [analyst]}}
agreements:
  - {{id: GB-RS, provider: GB-NCA, recipient: RS-MUP, handling: [P, C]}}
"""


@pytest.fixture
def cli(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """``corridor …`` in-process on a fresh store, logging at DEBUG; returns (code, out, err)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORRIDOR_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CORRIDOR_DB", store_url)
    monkeypatch.setenv("CORRIDOR_LOG_LEVEL", "DEBUG")

    return in_process(capsys)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at DEBUG (SQL statements included), put back afterwards."""
    names = ("", "corridor", "uvicorn", "httpx", "sqlalchemy")
    before = {name: logging.getLogger(name).level for name in names}
    caplog.set_level(logging.DEBUG)
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield caplog
    for name, level in before.items():
        logging.getLogger(name).setLevel(level)


def test_no_secret_in_any_log(cli, tmp_path: Path, debug_logs: pytest.LogCaptureFixture, store_url: str) -> None:  # type: ignore[no-untyped-def]
    caplog = debug_logs
    secrets: dict[str, str] = {"password": PASSWORD}
    stderr: list[str] = []

    def step(*args: str) -> str:
        code, out, err = cli(*args)
        assert isinstance(out, str)
        stderr.append(err)
        assert code == 0, f"{args}: {err}"
        return out

    step("init", "--agency", "GB-NCA")
    (tmp_path / "partners.yml").write_text(PARTNERS)
    step("partners", "load", "partners.yml")
    step("share", "keygen")
    step("share", "keygen", "--rotate")
    secrets["cli token"] = json.loads(step("--json", "token", "GB-NCA/analyst"))["token"]
    step("--as", "GB-NCA/officer", "share", "bundle", "--to", "RS-MUP", "--out", str(tmp_path / "b.jsonl"))

    with _open(store_url, tmp_path) as node, TestClient(create_app(node.settings, node=node)) as client:
        assert client.post("/api/login", json={"user": "GB-NCA/analyst", "password": PASSWORD + "x"}).status_code == 401
        answer = client.post("/api/login", json={"user": "GB-NCA/analyst", "password": PASSWORD})
        assert answer.status_code == 200
        secrets["csrf token"] = answer.json()["csrf_token"]
        secrets["session cookie"] = client.cookies["corridor_session"]
        made = client.post("/api/tokens", json={"label": "script"}, headers={"X-CSRF-Token": secrets["csrf token"]})
        secrets["api token"] = made.json()["token"]
        client.post("/api/logout", headers={"X-CSRF-Token": secrets["csrf token"]})
        client.cookies.clear()
        bearer = {"Authorization": f"Bearer {secrets['api token']}"}
        assert client.get("/api/session", headers=bearer).status_code == 200
        assert client.get("/api/session", headers={"Authorization": "Bearer cor_wrong"}).status_code == 401

    for key_file in sorted((tmp_path / "keys").rglob("*")):
        if key_file.is_file() and "pub" not in key_file.name:
            for number, line in enumerate(key_file.read_text(errors="replace").splitlines()):
                if len(line.strip()) >= 16 and "PUBLIC" not in line and not line.startswith("-----"):
                    secrets[f"{key_file.name} line {number + 1}"] = line.strip()
    assert any(name.startswith("node.key") or "key" in name for name in secrets if name not in ("password",))

    audit = step("--as", "GB-NCA/officer", "--json", "audit", "log")
    places = {"log records": caplog.text, "stderr": "\n".join(stderr), "audit log": audit}
    assert len(caplog.records) > 0  # the capture worked: something was logged at DEBUG
    leaks = [
        f"{what} in {where}" for what, secret in secrets.items() for where, text in places.items() if secret in text
    ]
    assert leaks == []


def _open(store_url: str, tmp_path: Path) -> Node:
    from corridor.core import Settings

    return Node.open(Settings(db=store_url, key_dir=tmp_path / "keys"))


@pytest.mark.parametrize(
    "guess", ["", " ", "nopass", "GB-NCA/nopass", "password", "admin", "corridor", "changeme", "demo"]
)
def test_a_user_without_a_password_hash_cannot_log_in(cli, tmp_path: Path, store_url: str, guess: str) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--agency", "GB-NCA")[0] == 0
    (tmp_path / "partners.yml").write_text(PARTNERS)
    assert cli("partners", "load", "partners.yml")[0] == 0
    with _open(store_url, tmp_path) as node, TestClient(create_app(node.settings, node=node)) as client:
        answer = client.post("/api/login", json={"user": "GB-NCA/nopass", "password": guess})
        assert answer.status_code in (400, 401)  # 400: an empty password is not even a login
        assert "corridor_session" not in answer.headers.get("set-cookie", "")


@pytest.mark.parametrize("weak", ["changeme", "hunter2", "Passw0rd"])
def test_placeholder_and_short_passwords_are_refused_at_load(cli, tmp_path: Path, weak: str) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--agency", "GB-NCA")[0] == 0
    (tmp_path / "partners.yml").write_text(PARTNERS.replace(PASSWORD, weak))
    code, _out, err = cli("partners", "load", "partners.yml")
    assert code == 1
    assert "password" in err
    assert "partners.yml" in err
    assert weak not in err  # the refused password is not echoed either
