"""Shared fixtures: a store on SQLite and on PostgreSQL, a node, partners.

The ``store_url`` fixture is parametrised over both backends, so every test that uses it
(the contract tests) runs twice. The PostgreSQL case uses ``CORRIDOR_TEST_DATABASE_URL``
or starts a throwaway server; it may skip only outside CI.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from _pg import throwaway_server
from corridor.access import Node
from corridor.core import Settings
from corridor.model import Agency, Agreement, Operation, User

PARTNER_AGENCIES = (
    Agency("GB-NCA", "National Crime Agency", "GB", "ops@nca.example"),
    Agency("RS-MUP", "Ministry of Interior of Serbia", "RS", "spoc@mup.example"),
    Agency("MK-MVR", "Ministry of Interior of North Macedonia", "MK"),
    Agency("XK-KP", "Kosovo Police", "XK"),
    Agency("AL-ASP", "Albanian State Police", "AL"),
)
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str | None]:
    """An admin URL of a PostgreSQL server, or ``None`` when none can be had (outside CI)."""
    configured = os.environ.get("CORRIDOR_TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    try:
        with throwaway_server() as url:
            yield url
    except (RuntimeError, OSError, KeyError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        yield None


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    admin = request.getfixturevalue("pg_admin_url")
    if admin is None:
        pytest.skip("PostgreSQL not available (install postgresql or set CORRIDOR_TEST_DATABASE_URL)")
    name = f"t_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def settings(store_url: str, tmp_path: Path) -> Settings:
    """Settings for a node on the test store, keys in the test's own directory."""
    return Settings(db=store_url, key_dir=tmp_path / "keys")


def load_test_partners(node: Node, agreements: list[Agreement] | None = None) -> None:
    """Give a node the test agencies, a few users and agreements (default: each ↔ GB)."""
    if agreements is None:
        agreements = [Agreement(f"{a.code}-GB", a.code, "GB-NCA") for a in PARTNER_AGENCIES if a.code != "GB-NCA"] + [
            Agreement(f"GB-{a.code}", "GB-NCA", a.code) for a in PARTNER_AGENCIES if a.code != "GB-NCA"
        ]
    users = [
        User("GB-NCA", "analyst", frozenset({"analyst"})),
        User("GB-NCA", "auditor", frozenset({"auditor"})),
        User("RS-MUP", "analyst", frozenset({"analyst"})),
        User("XK-KP", "analyst", frozenset({"analyst"})),
    ]
    with node.store.transaction() as conn:
        node.store.replace_partners(
            conn,
            agencies=PARTNER_AGENCIES,
            users=users,
            operations=[Operation("OP-TEST", "GB-NCA", frozenset({"GB-NCA", "RS-MUP"}))],
            agreements=agreements,
        )


@pytest.fixture
def node(settings: Settings) -> Iterator[Node]:
    """An initialised GB-NCA node with the test partners."""
    with Node.initialise(settings, "GB-NCA") as opened:
        load_test_partners(opened)
        yield opened
