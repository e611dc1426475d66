"""Engines for SQLite and PostgreSQL, with the settings each needs to be a safe store.

SQLite runs in WAL mode so readers never block the writer, with foreign keys on and
``BEGIN IMMEDIATE`` for every transaction: a deferred transaction that reads and then
writes (as the audit chain does) can otherwise fail with "database is locked" when a
second writer got there first, instead of waiting its turn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from corridor.core import BackendUnavailable, ConfigError


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` (already normalised by ``corridor.core.database_url``)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"bad database URL {url!r}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    raise ConfigError(f"bad database URL {url!r}: only SQLite and PostgreSQL are supported")


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        parent = Path(database).parent
        if not parent.exists():
            raise ConfigError(f"bad database URL {url!r}: directory {str(parent)!r} does not exist")
    # check_same_thread=False: bulk writes hand a batch to a helper thread while the caller
    # prepares the next one; the store never uses one connection from two threads at once.
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event decide when transactions start (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA cache_size=-262144")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def check_reachable(engine: Engine) -> None:
    """Open one connection, turning a refusal into ``BackendUnavailable`` with a short reason."""
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise BackendUnavailable(f"database unreachable: {reason}") from None
