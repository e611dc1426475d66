"""``corridor ingest`` with a mapping: the JSON summary and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.cli import run

from ._helpers import write_mapping

PARTNERS = "agencies:\n  - {code: GB-NCA, name: NCA, country: GB}\n  - {code: RS-MUP, name: MUP, country: RS}\n"


def test_cli_ingest_with_mapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORRIDOR_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CORRIDOR_DB", str(tmp_path / "c.db"))
    assert run(["init", "--agency", "GB-NCA"]) == 0
    (tmp_path / "partners.yml").write_text(PARTNERS)
    assert run(["partners", "load", "partners.yml"]) == 0
    (tmp_path / "p.csv").write_text("id;ime;telefon\nP1;Марко;064 123 4567\nP2;Ana;not a phone\n", encoding="cp1251")
    write_mapping(
        tmp_path / "p.yml",
        {
            "p": {
                "schema": "Person",
                "id_column": "id",
                "properties": {"name": {"column": "ime"}, "phone": {"column": "telefon"}},
            }
        },
        {"phone_region": "RS", "lang": "srp"},
    )
    capsys.readouterr()
    assert run(["ingest", "p.csv", "--mapping", "p.yml", "--agency", "RS-MUP", "--marking", "B2 P", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert {k: summary[k] for k in ("entities", "statements", "rejected")} == {
        "entities": 1,
        "statements": 4,
        "rejected": 1,
    }
    assert summary["errors"][0]["row"] == 3
    assert summary["errors"][0]["field"] == "telefon"
    assert summary["read_as"] == {"encoding": "cp1251", "delimiter": ";"}
    assert summary["rejects_file"].endswith("p.csv.rejects.jsonl")

    args = ["ingest", "p.csv", "--mapping", "p.yml", "--agency", "RS-MUP", "--json"]
    assert run([*args, "--marking-column", "ime"]) == 0
    assert json.loads(capsys.readouterr().out)["rejected"] == 2
    assert run([*args, "--marking", "B2 P", "--column-marking", "telefon=A1 C conditions='source protection'"]) == 0
    assert json.loads(capsys.readouterr().out)["rejected"] == 1
    assert run([*args, "--marking", "B2 P", "--column-marking", "telefon"]) == 1
    assert "COLUMN=MARKING" in capsys.readouterr().err

    code = run(["ingest", "p.csv", "--mapping", "missing.yml", "--agency", "RS-MUP", "--marking", "B2 P"])
    assert code == 1
    assert "no such mapping file" in capsys.readouterr().err
