"""The ``corridor operation`` commands, in process, against a SQLite node: JSON out, exit codes."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import load_test_partners
from corridor.access import Node
from corridor.cli import run
from corridor.core import Settings
from operations.test_records import person


def cli(db: str, *args: str) -> tuple[int, Any]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--db", db, "--json", *args])
    text = out.getvalue().strip()
    return code, (json.loads(text.splitlines()[-1]) if text else err.getvalue())


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "gb.db")
    with Node.initialise(Settings(db=path), "GB-NCA") as node:
        load_test_partners(node)
        person(node, "gb-nca.P1", "Marko Petrovic", "rs", "+381641234567")
    return path


def test_plan_approve_and_report_from_the_command_line(db: str, tmp_path: Path) -> None:
    code, op = cli(db, "operation", "create", "OP-CLI", "--name", "Cli", "--partners", "RS-MUP",
                   "--legal-basis", "JIT 2025/9", "--compartment", "OP-TEST")  # fmt: skip
    assert code == 0
    assert op["status"] == "planning"
    code, added = cli(db, "operation", "target", "add", "OP-CLI", "--entity", "gb-nca.P1")
    assert code == 0
    assert added[0]["assigned_to"] == "RS-MUP"
    code, out = cli(db, "operation", "approve", "OP-CLI", "--action-at", "2025-06-01T04:00:00Z")
    assert code == 1  # Conflict: not deconflicted yet
    assert "deconflicted" in json.dumps(out)
    code, out = cli(db, "operation", "target", "add", "OP-CLI", "--entity", "gb-nca.P1", "--key-players", "3")
    assert code == 1  # InvalidInput: two sources
    assert "exactly one" in json.dumps(out)
    code, out = cli(db, "--as", "XK-KP", "operation", "show", "OP-CLI")
    assert code == 1
    assert "no operation" in json.dumps(out)
    assert "JIT 2025/9" not in json.dumps(out)
    code, listed = cli(db, "--as", "XK-KP", "operation", "list")
    assert (code, listed) == (0, [])
    code, shown = cli(db, "operation", "show", "OP-CLI")
    assert code == 0
    assert [t["entity_id"] for t in shown["targets"]] == ["gb-nca.P1"]
    assert shown["timeline"][0]["local"]["RS-MUP"]


def test_report_as_pdf_carries_the_banner(db: str, tmp_path: Path) -> None:
    from corridor.operations import create_operation, write_report
    from corridor.operations._records import event

    with Node.open(Settings(db=db)) as node:
        lead = node.principal()
        create_operation(node, lead, code="OP-PDF", name="Pdf", partners=[], legal_basis="JIT", compartment="OP-TEST")
        from corridor.operations import add_targets, approve

        add_targets(node, lead, "OP-PDF", source="entity", value="gb-nca.P1", country="GB")
        with node.store.transaction() as conn:
            event(conn, "OP-PDF", "GB-NCA", "deconflicted", "test")
        approve(node, lead, "OP-PDF", action_at="2025-06-01T04:00:00Z")
        write_report(node, lead, "OP-PDF", tmp_path / "op.pdf")
        disclosed = [e.objects for e in node.audit.events(since=0, limit=10_000) if e.action == "disclosure"]
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "op.pdf").pages)
    assert "Operation OP-PDF" in text
    assert "OP-TEST" in text
    assert any(d.get("report", {}).get("operation") == "OP-PDF" for d in disclosed)
