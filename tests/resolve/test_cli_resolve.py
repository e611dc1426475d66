"""``corridor resolve``, ``judge``, ``review`` and ``export --format clusters`` from the shell (SQLite)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from corridor.cli import run

ENTITIES = [
    {"id": "p1", "schema": "Person", "properties": {"name": ["Марко Петровић"], "birthDate": ["1985-03-12"]}},
    {"id": "p2", "schema": "Person", "properties": {"name": ["Marko Petrovic"], "birthDate": ["1985-03-12"]}},
    {"id": "p3", "schema": "Person", "properties": {"name": ["Besnik Hoxha"], "nationality": ["al"]}},
    {"id": "p4", "schema": "Person", "properties": {"name": ["Besnik Hoxha"], "nationality": ["al"]}},
]


def test_resolve_judge_review_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORRIDOR_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CORRIDOR_DB", str(tmp_path / "c.db"))

    def cli(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = run(list(args))
        return code, capsys.readouterr().out

    assert cli("init", "--agency", "GB-NCA")[0] == 0
    (tmp_path / "e.jsonl").write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in ENTITIES) + "\n")
    assert cli("ingest", "e.jsonl", "--agency", "GB-NCA", "--marking", "B2 P")[0] == 0
    code, out = cli("--json", "resolve", "--review", "0.01")
    assert code == 0, out
    report = json.loads(out)
    assert {k: report[k] for k in ("records", "clusters", "merged", "queued")} == {
        "records": 4,
        "clusters": 3,
        "merged": 1,
        "queued": 1,
    }
    assert isinstance(report["seconds"], float)
    code, out = cli("--json", "review")
    queue = json.loads(out)
    assert [(q["left"], q["right"]) for q in queue] == [("gb-nca.p3", "gb-nca.p4")]
    assert queue[0]["explanation"]["comparisons"]
    code, out = cli("--json", "judge", "gb-nca.p3", "gb-nca.p4", "same", "--why", "same photo")
    assert code == 0
    assert json.loads(out)["canonical"]["gb-nca.p4"] == "gb-nca.p3"
    assert json.loads(cli("--json", "review")[1]) == []
    assert cli("judge", "gb-nca.p3", "gb-nca.p4", "maybe")[0] == 1
    assert cli("judge", "gb-nca.p3", "gb-nca.nope", "same")[0] == 1
    code, out = cli("--json", "export", "--format", "clusters", "--out", str(tmp_path / "c.csv"))
    assert code == 0, out
    with (tmp_path / "c.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["entity_id"]: r["canonical_id"] for r in rows} == {
        "gb-nca.p1": "gb-nca.p1",
        "gb-nca.p2": "gb-nca.p1",
        "gb-nca.p3": "gb-nca.p3",
        "gb-nca.p4": "gb-nca.p3",
    }
    assert rows[0]["source_id"] == "p1"
    code, out = cli("--json", "review", "--entity", "gb-nca.p2")
    assert code == 0
    assert json.loads(out)[0]["explanation"]["comparisons"]
