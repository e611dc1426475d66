"""The command-line contract: options, JSON shapes, one-line errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, update

from _cli import in_process
from corridor.cli import hoist_global_options
from corridor.core import database_url
from corridor.store import tables

PARTNERS = """
agencies:
  - {code: GB-NCA, name: National Crime Agency, country: GB}
  - {code: RS-MUP, name: MUP Srbije, country: RS}
  - {code: XK-KP, name: Kosovo Police, country: XK}
users:
  - {agency: GB-NCA, username: analyst, roles: [analyst], password: "long-enough-password"}
  - {agency: GB-NCA, username: auditor, roles: [auditor]}
agreements:
  - {id: RS-GB, provider: RS-MUP, recipient: GB-NCA, handling: [P, C]}
"""

ENTITIES = [
    {"id": "p1", "schema": "Person", "properties": {"name": ["Марко Петровић"], "phone": ["+381641234567"]}},
    {"id": "v1", "schema": "Vehicle", "properties": {"registrationNumber": ["BG123AB"], "owner": ["p1"]}},
]


@pytest.fixture
def cli(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run corridor in-process against a fresh store; returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORRIDOR_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CORRIDOR_DB", store_url)

    return in_process(capsys)


@pytest.fixture
def ready(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A node with partners and an entity file ready to load."""
    assert cli("init", "--agency", "GB-NCA")[0] == 0
    (tmp_path / "partners.yml").write_text(PARTNERS)
    assert cli("partners", "load", "partners.yml")[0] == 0
    (tmp_path / "e.jsonl").write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in ENTITIES) + "\n")
    return cli


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("--version")
    assert code == 0
    assert out.startswith("corridor ")


def test_init_json(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("--json", "init", "--agency", "gb-nca")
    assert code == 0
    assert json.loads(out)["agency"] == "GB-NCA"


def test_ingest_json_summary_and_options_after_command(ready) -> None:  # type: ignore[no-untyped-def]
    code, out, err = ready("ingest", "e.jsonl", "--agency", "RS-MUP", "--marking", "B2 P", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert {k: summary[k] for k in ("entities", "statements", "rejected", "errors")} == {
        "entities": 2,
        "statements": 7,
        "rejected": 0,
        "errors": [],
    }


def test_rejected_rows_are_reported_and_the_rest_kept(ready, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with (tmp_path / "e.jsonl").open("a") as handle:
        handle.write('{"id": "x", "schema": "Spaceship"}\n{broken\n')
    code, out, _ = ready("--json", "ingest", "e.jsonl", "--agency", "GB-NCA", "--marking", "B2 P")
    assert code == 0
    summary = json.loads(out)
    assert summary["entities"] == 2
    assert summary["rejected"] == 2
    assert summary["errors"][0] == {
        "reason": "unknown or missing FtM schema",
        "file": "e.jsonl",
        "row": 3,
        "field": "schema",
        "value": "Spaceship",
    }
    assert (tmp_path / "e.jsonl.rejects.jsonl").read_text().count("\n") == 2


def test_audit_verify_and_consultation(ready) -> None:  # type: ignore[no-untyped-def]
    ready("ingest", "e.jsonl", "--agency", "GB-NCA", "--marking", "B2 P")
    code, out, _ = ready("--json", "audit", "verify")
    assert code == 0
    assert json.loads(out) == {"intact": True, "events": 3}
    code, out, _ = ready("--json", "audit", "log")
    actions = [e["action"] for e in json.loads(out)]
    assert actions == ["administration", "administration", "collection"]


@pytest.mark.parametrize(
    ("args", "exit_code", "needle"),
    [
        (("ingest", "missing.jsonl", "--agency", "GB-NCA", "--marking", "B2 P"), 1, "no such file: missing.jsonl"),
        (("ingest", "e.jsonl", "--agency", "ZZ-NOPE", "--marking", "B2 P"), 1, "unknown agency 'ZZ-NOPE'"),
        (("ingest", "e.jsonl", "--agency", "GB-NCA"), 1, "must be graded"),
        (("ingest", "e.jsonl", "--agency", "GB-NCA", "--marking", "Q9 X"), 1, "invalid marking"),
        (
            ("--as", "GB-NCA/auditor", "ingest", "e.jsonl", "--agency", "GB-NCA", "--marking", "B2 P"),
            3,
            "may not ingest",
        ),
        (("--as", "GB-NCA/ghost", "audit", "verify"), 1, "unknown user"),
        (("--as", "GB-NCA/analyst", "audit", "verify"), 3, "may not audit"),
        (("partners", "load", "nope.yml"), 1, "no such file"),
        (("frobnicate",), 2, "No such command"),
        (("ingest",), 2, "Missing argument"),
    ],
)
def test_bad_input_gives_one_line_and_exit_code(ready, args: tuple[str, ...], exit_code: int, needle: str) -> None:  # type: ignore[no-untyped-def]
    code, _, err = ready(*args)
    assert code == exit_code, err
    assert needle in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("agencies: [\n", "not valid YAML"),
        ("- just a list\n", "expected a mapping"),
        ("agencies:\n  - {code: nonsense}\n", "row 1, field 'agencies.code'"),
        (
            "agencies:\n  - {code: GB-NCA, country: GB}\nagreements:\n  - {provider: GB-NCA, recipient: XX-YY}\n",
            "agreements.recipient",
        ),
        (
            "agencies:\n  - {code: GB-NCA, country: GB}\nusers:\n  - {agency: GB-NCA, username: a, roles: [wizard]}\n",
            "users.roles",
        ),
        (
            "agencies:\n  - {code: GB-NCA, country: GB}\nusers:\n  - {agency: GB-NCA, username: a, roles: [admin], password: admin}\n",
            "users.password",
        ),
    ],
)
def test_malformed_partners_file(ready, tmp_path: Path, content: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bad.yml").write_text(content)
    code, _, err = ready("partners", "load", "bad.yml")
    assert code == 1
    assert needle in err
    assert "bad.yml" in err


def test_bad_database_url(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("--db", "mysql://h/db", "init")
    assert code == 78
    assert "bad database URL" in err


def test_uninitialised_store(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("audit", "verify")
    assert code == 78
    assert "corridor init" in err


def test_tampered_audit_exits_4(ready, store_url: str) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(database_url(store_url))
    with engine.begin() as conn:
        conn.execute(update(tables.audit_log).where(tables.audit_log.c.seq == 1).values(principal="someone"))
    engine.dispose()
    code, _, err = ready("audit", "verify")
    assert code == 4
    assert "audit chain broken" in err


def test_json_errors_on_stdout(ready) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = ready("--json", "ingest", "e.jsonl", "--agency", "ZZ-NOPE", "--marking", "B2 P")
    assert code == 1
    assert json.loads(out)["error"] == "not_found"


def test_hoisting_keeps_option_values() -> None:
    assert hoist_global_options(["ingest", "f", "--db", "x.db", "--json", "--as=RS-MUP"]) == [
        "--db",
        "x.db",
        "--json",
        "--as=RS-MUP",
        "ingest",
        "f",
    ]


def test_console_script_runs(tmp_path: Path) -> None:
    """The installed entry point works as a real process, with its exit code."""
    exe = Path(sys.executable).with_name("corridor")
    env = {**os.environ, "CORRIDOR_KEY_DIR": str(tmp_path / "k")}
    done = subprocess.run(
        [str(exe), "--db", str(tmp_path / "x.db"), "audit", "verify"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 78
    assert done.stderr.count("\n") == 1
