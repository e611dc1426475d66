"""A ``kill -9`` in the middle of an ingest leaves the store consistent; running it again finishes."""
# ruff: noqa: RUF001, RUF100 - Cyrillic, Turkish and typographic letters are data here (RUF100: pyproject already ignores them)

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corridor.access import Node
from corridor.cli import run
from corridor.core import Settings
from corridor.ingest import rejects_path

from ._helpers import collection_events, run_ingest, statement_rows, write_mapping

ROWS = 8_000
FIRST = ("Марко", "Ana", "Đorđe", "Мехмед", "Ahmad", "Jelena", "Драган", "Besnik")
LAST = ("Петровић", "Kovač", "Šarić", "Hoxha", "Караџић", "Yılmaz", "Karimi", "Lleshi")
MAPPING = {
    "person": {
        "schema": "Person",
        "id_column": "id",
        "properties": {
            "name": {"columns": ["first", "last"], "join": " "},
            "birthDate": {"column": "born"},
            "phone": {"column": "phone"},
            "nationality": {"column": "country"},
        },
    }
}


def write_big_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,first,last,born,phone,country\n")
        handle.write("BAD,Bad,Date,31.31.1999,,rs\n")
        for i in range(ROWS):
            first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
            born = f"{1950 + i % 50}-0{1 + i % 9}-1{i % 9}"
            handle.write(f"P{i},{first},{last}{i % 997},{born},+38164{i:07d},{('rs', 'mk', 'al')[i % 3]}\n")


def corridor_command(url: str, *args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("corridor")), "--db", url, *args]


@pytest.mark.slow
def test_kill_during_ingest_then_rerun(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import load_test_partners

    keys = tmp_path / "keys"
    with Node.initialise(Settings(db=store_url, key_dir=keys), "GB-NCA") as node:
        load_test_partners(node)
    data = tmp_path / "big.csv"
    write_big_csv(data)
    mapping = write_mapping(tmp_path / "m.yml", MAPPING)
    # Let the two runs share compiled bytecode: the second starts faster.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["CORRIDOR_KEY_DIR"] = str(keys)
    command = corridor_command(
        store_url, "ingest", str(data), "--mapping", str(mapping), "--agency", "RS-MUP", "--marking", "B2 P"
    )
    part = rejects_path(data).with_name(rejects_path(data).name + ".part")

    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not part.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        assert proc.poll() is None, "the ingest ended before it could be killed; make the file bigger"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    monkeypatch.setenv("CORRIDOR_KEY_DIR", str(keys))
    with Node.open(Settings(db=store_url, key_dir=keys)) as node:
        assert node.store.count_statements() == 0
        assert collection_events(node) == []
    assert run(["--db", store_url, "audit", "verify"]) == 0
    assert not rejects_path(data).exists()

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert run(["--db", store_url, "audit", "verify"]) == 0
    assert rejects_path(data).read_text(encoding="utf-8").count("\n") == 1

    fresh_dir = tmp_path / "fresh"
    fresh_dir.mkdir()
    with Node.initialise(Settings(db=str(fresh_dir / "f.db"), key_dir=fresh_dir / "keys"), "GB-NCA") as fresh:
        load_test_partners(fresh)
        run_ingest(fresh, data, mapping)
        expected = statement_rows(
            fresh, "id", "entity_id", "prop", "value", "lang", "original_value", "source", "origin"
        )
    with Node.open(Settings(db=store_url, key_dir=keys)) as node:
        got = statement_rows(node, "id", "entity_id", "prop", "value", "lang", "original_value", "source", "origin")
        assert len(collection_events(node)) == 1
    assert len(got) > ROWS * 4
    assert got == expected
