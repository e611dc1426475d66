"""Helpers for the fault tests: corridor jobs as real processes, killed, starved or cut off.

Every fault runs against real processes: the ``corridor`` CLI or ``corridor serve`` as a
subprocess (so ``kill -9`` hits a real interpreter mid-transaction), a PostgreSQL server
stopped and started under a running node, and a size-limited tmpfs for a disk that fills.
The checks after each fault compare the store with a clean run's, row by row.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import select

import _serve
from _pg import _as_user, _free_port, find_pg_bin
from corridor.access import Node
from corridor.cli import run
from corridor.core import Settings
from corridor.store import tables

CORRIDOR = str(Path(sys.executable).with_name("corridor"))


def corridor(db: str, *args: str) -> list[str]:
    """The command line of ``corridor --db DB ARGS``."""
    return [CORRIDOR, "--db", db, *args]


def job_env(keys: Path) -> dict[str, str]:
    """Environment of a corridor subprocess: the node's key directory, quiet logs, shared bytecode."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"CORRIDOR_KEY_DIR": str(keys), "CORRIDOR_LOG_LEVEL": "WARNING", "OMP_WAIT_POLICY": "passive"})
    return env


def cli(db: str, *args: str, keys: Path | None = None) -> tuple[int, Any]:
    """``corridor --db DB --json ARGS`` in this process: (exit code, last JSON line or stderr)."""
    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("CORRIDOR_KEY_DIR")
    if keys is not None:
        os.environ["CORRIDOR_KEY_DIR"] = str(keys)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(["--db", db, "--json", *args])
    finally:
        if saved is None:
            os.environ.pop("CORRIDOR_KEY_DIR", None)
        else:
            os.environ["CORRIDOR_KEY_DIR"] = saved
    lines = out.getvalue().strip().splitlines()
    if code:
        return code, err.getvalue()
    return code, json.loads(lines[-1]) if lines else None


def audit_verifies(db: str, keys: Path) -> bool:
    """``corridor audit verify`` exits 0."""
    return cli(db, "audit", "verify", keys=keys)[0] == 0


@dataclass
class Killed:
    """What one kill did: whether the job was still running when the signal went."""

    killed: bool
    returncode: int
    delay: float
    stderr: str = ""


def kill_at_random(
    command: list[str],
    env: dict[str, str],
    rng: random.Random,
    *,
    ready: Callable[[psutil.Process], bool] | None = None,
    window: float = 3.0,
    timeout: float = 300.0,
) -> Killed:
    """Start ``command``, wait until ``ready(process)`` (or start), then ``kill -9`` it after a random delay.

    ``window`` bounds the random delay in seconds. A job that finished first is reported
    as not killed: the caller counts only real faults.
    """
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            deadline = time.monotonic() + timeout
            if ready is not None:
                watched = psutil.Process(proc.pid)
                while proc.poll() is None and not ready(watched) and time.monotonic() < deadline:
                    time.sleep(0.02)
            delay = rng.uniform(0, window)
            end = time.monotonic() + delay
            while proc.poll() is None and time.monotonic() < end:
                time.sleep(0.01)
            killed = proc.poll() is None
            if killed:
                os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=60)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")[-2000:]
    return Killed(killed, proc.returncode, round(delay, 2), text)


def run_job(command: list[str], env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run a corridor command to its end."""
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)


# -- what the store holds -------------------------------------------------------------------


def statement_rows(db: str, keys: Path | None = None) -> list[tuple[Any, ...]]:
    """Every statement row with its marking text (administrative read for the comparison)."""
    with Node.open(Settings(db=db, key_dir=keys)) as node, node.store.engine.connect() as conn:
        markings = {r.id: (r.originator, r.text) for r in conn.execute(select(tables.markings))}
        s = tables.statements.c
        rows = conn.execute(select(s.id, s.entity_id, s.prop, s.value, s.source, s.origin, s.marking_id))
        return sorted((r.id, r.entity_id, r.prop, r.value, r.source, r.origin, markings[r.marking_id]) for r in rows)


def judgement_rows(db: str, keys: Path | None = None) -> list[tuple[str, str, str, str, str]]:
    """Every judgement as (left, right, verdict, kind, reason), in log order."""
    with Node.open(Settings(db=db, key_dir=keys)) as node, node.store.engine.connect() as conn:
        j = tables.judgements.c
        rows = conn.execute(select(j.left_id, j.right_id, j.verdict, j.kind, j.reason).order_by(j.seq))
        return [tuple(r) for r in rows]


def canonical_rows(db: str, keys: Path | None = None) -> list[tuple[str, str]]:
    """Every (record, canonical id) pair of the resolution."""
    with Node.open(Settings(db=db, key_dir=keys)) as node, node.store.engine.connect() as conn:
        c = tables.canonical.c
        return sorted((r.entity_id, r.canonical_id) for r in conn.execute(select(c.entity_id, c.canonical_id)))


def audit_actions(db: str, keys: Path | None = None) -> list[str]:
    """The action of every audit event, in order."""
    with Node.open(Settings(db=db, key_dir=keys)) as node:
        return [e.action for e in node.audit.events()]


# -- servers --------------------------------------------------------------------------------


@contextlib.contextmanager
def served(db: str, keys: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``corridor serve`` on a free port as its own process: (base URL, process); stopped at the end."""
    with _serve.served(db, env=job_env(keys), log=log) as server:
        yield server.base, server.proc


def token(db: str, keys: Path, user: str = "GB-NCA/analyst") -> str:
    """A bearer token for ``user``."""
    from corridor.api import create_token

    with Node.open(Settings(db=db, key_dir=keys)) as node:
        value, _ = create_token(node.store, user, label="faults", days=1)
    return value


# -- a PostgreSQL server that can be stopped and started ------------------------------------


@dataclass
class PgServer:
    """A throwaway PostgreSQL server whose process the test stops and starts at will."""

    bin_dir: Path
    base: Path
    port: int
    user: str | None

    @property
    def admin_url(self) -> str:
        """The URL of its ``postgres`` database."""
        return f"postgresql://corridor@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        data = str(self.base / "data")
        subprocess.run(
            _as_user([str(self.bin_dir / "pg_ctl"), "-D", data, *args], self.user), check=True, capture_output=True
        )

    def start(self) -> None:
        """Start it and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-o", options, "-l", str(self.base / "log"), "-w", "start")

    def stop(self) -> None:
        """Stop it at once (``-m immediate``: like a crash of the database host)."""
        self._ctl("-m", "immediate", "-w", "stop")

    def database(self, name: str) -> str:
        """Create database ``name`` and return its URL."""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.admin_url.rsplit("/", 1)[0] + f"/{name}"


@contextlib.contextmanager
def pg_server() -> Iterator[PgServer | None]:
    """A stoppable PostgreSQL server of its own, or ``None`` when no binaries are installed."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        yield None
        return
    user = "postgres" if os.geteuid() == 0 else None
    base = Path(tempfile.mkdtemp(prefix="corridor-pgfault-"))
    if user:
        import pwd

        entry = pwd.getpwnam(user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    data = base / "data"
    subprocess.run(
        _as_user(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "corridor", "--auth=trust", "-E", "UTF8", "--no-locale"],
            user,
        ),
        check=True,
        capture_output=True,
    )
    server = PgServer(bin_dir, base, _free_port(), user)
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(base, ignore_errors=True)


# -- a disk that fills up ---------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(size_kib: int) -> Iterator[Path | None]:
    """A tmpfs of ``size_kib`` KiB mounted on a fresh directory (root only), or ``None``."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        yield None
        return
    where = Path(tempfile.mkdtemp(prefix="corridor-disk-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0777", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode:
        where.rmdir()
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)
        shutil.rmtree(where, ignore_errors=True)


def grow_disk(where: Path, size_kib: int) -> None:
    """Give a ``small_disk`` more room (the operator frees space)."""
    subprocess.run(["mount", "-o", f"remount,size={size_kib}k", str(where)], check=True, capture_output=True)
