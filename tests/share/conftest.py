"""Fixtures for sharing: several nodes with keys, asymmetric agreements, data to share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from followthemoney import model

from conftest import PARTNER_AGENCIES
from corridor.access import Node
from corridor.core import Settings
from corridor.model import Agency, Agreement, Statement, entity_statements, parse_marking
from corridor.share import load_node_key

PAIRS = [("RS-MUP", "GB-NCA"), ("MK-MVR", "GB-NCA"), ("XK-KP", "GB-NCA"), ("MK-MVR", "RS-MUP"), ("AL-ASP", "GB-NCA")]
"""Agreements both ways for each pair; no RS-MUP <-> XK-KP."""


def agreements() -> list[Agreement]:
    """The asymmetric agreements of the tests."""
    out = []
    for a, b in PAIRS:
        out.append(Agreement(f"{a}-{b}", a, b))
        out.append(Agreement(f"{b}-{a}", b, a))
    return out


def load_partners(nodes: dict[str, Node]) -> None:
    """Give every node the same agencies (with every node's public key) and agreements."""
    keys = {code: load_node_key(n.keys_path).public_text for code, n in nodes.items()}
    agencies: list[Agency] = [replace(a, public_key=keys.get(a.code)) for a in PARTNER_AGENCIES]
    for n in nodes.values():
        with n.store.transaction() as conn:
            n.store.replace_partners(conn, agencies=agencies, users=[], operations=[], agreements=agreements())


def person(
    entity_id: str, origin: str, marking: str = "B2 P", phone: str | None = None, name: str = "Test Person"
) -> list[Statement]:
    """Statements of one person record."""
    proxy = model.make_entity("Person")
    proxy.id = entity_id
    proxy.add("name", name)
    if phone:
        proxy.add("phone", phone)
    return entity_statements(proxy, source=f"{origin.lower()}-file", origin=origin, marking=parse_marking(marking))


def write(node: Node, statements: list[Statement]) -> None:
    """Write statements into a node directly."""
    with node.store.transaction() as conn:
        node.store.write_statements(conn, statements)


def ids(node: Node, agency: str | None = None) -> set[str]:
    """Ids of the statements a node's own agency (or ``agency``) sees."""
    principal = node.store.principal(agency or node.store.node_agency or "")
    return {s.id for s in node.store.view(principal).statements()}


@pytest.fixture
def make_node(tmp_path: Path) -> Iterator[object]:
    """A factory of SQLite nodes: ``make_node("RS-MUP")``."""
    opened: list[Node] = []

    def make(agency: str) -> Node:
        base = tmp_path / agency.lower()
        base.mkdir(parents=True, exist_ok=True)
        n = Node.initialise(Settings(db=str(base / "store.db"), key_dir=base / "keys"), agency)
        opened.append(n)
        return n

    yield make
    for n in opened:
        n.close()


@pytest.fixture
def nodes(node: Node, make_node) -> dict[str, Node]:  # type: ignore[no-untyped-def]
    """GB (the ``node`` fixture: SQLite and PostgreSQL), RS, MK and XK (SQLite), partners loaded."""
    out = {"GB-NCA": node, "RS-MUP": make_node("RS-MUP"), "MK-MVR": make_node("MK-MVR"), "XK-KP": make_node("XK-KP")}
    load_partners(out)
    return out
