"""``corridor serve`` as a real process for tests and benchmarks: start it, wait for health, stop it.

Tests, fault injection and benchmarks each had a copy of this; a server on a loaded
2-core machine can take minutes to import and open a large store, hence long timeouts.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

CORRIDOR = str(Path(sys.executable).with_name("corridor"))


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(base: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    """Wait until ``GET /api/health`` answers 200; fail at once if the server exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"corridor serve at {base} exited with {proc.returncode}")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"corridor serve at {base} did not come up in {timeout:.0f} s")


@dataclass
class Server:
    """A running ``corridor serve``: its base URL and process."""

    base: str
    proc: subprocess.Popen[bytes]


def start(db: str, *, env: Mapping[str, str] | None = None, log: Path | None = None) -> Server:
    """Start ``corridor --db DB serve`` on a free loopback port (stderr to ``log``); does not wait."""
    port = free_port()
    command = [CORRIDOR, "--db", db, "serve", "--host", "127.0.0.1", "--port", str(port)]
    if log is None:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        with log.open("ab") as out:
            proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=out)
    return Server(f"http://127.0.0.1:{port}", proc)


def stop(server: Server, grace: float = 30) -> None:
    """Terminate the server, killing it if it does not stop within ``grace`` seconds."""
    if server.proc.poll() is None:
        server.proc.terminate()
    try:
        server.proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@contextlib.contextmanager
def served(
    db: str, *, env: Mapping[str, str] | None = None, log: Path | None = None, timeout: float = 300
) -> Iterator[Server]:
    """One healthy ``corridor serve`` for the block, stopped at its end."""
    server = start(db, env=env, log=log)
    try:
        wait_healthy(server.base, server.proc, timeout)
        yield server
    finally:
        stop(server)


@contextlib.contextmanager
def served_many(
    dbs: Mapping[str, str], log_dir: Path, *, env: Mapping[str, str] | None = None, timeout: float = 300
) -> Iterator[dict[str, Server]]:
    """A server per named store, all started before any is waited for (they import in parallel)."""
    servers: dict[str, Server] = {}
    try:
        for name, db in dbs.items():
            servers[name] = start(db, env=env, log=log_dir / f"{name.lower()}-server.log")
        for server in servers.values():
            wait_healthy(server.base, server.proc, timeout)
        yield servers
    finally:
        for server in servers.values():
            stop(server, grace=10)
