"""``corridor report`` and ``GET /api/reports/...``: the same reports, errors and audit, over each door."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _cli import in_process
from api._helpers import TestClient, bearer, load_api_data
from corridor.access import Node
from corridor.api import create_app

from ._data import CYRILLIC, HIDDEN_HANDLER, ORGANISATION, RS_RECORD, TARGET, load_target


@pytest.fixture
def cli(node: Node, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path):  # type: ignore[no-untyped-def]
    load_target(node)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORRIDOR_DB", node.settings.db)
    monkeypatch.setenv("CORRIDOR_KEY_DIR", str(node.settings.key_dir))

    return in_process(capsys)


def test_cli_writes_the_target_report_and_says_what_it_disclosed(cli, node: Node, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(
        "--json", "--as", "GB-NCA/analyst", "report", "target", TARGET, "--out", "t.html",
        "--justification", "case 42: briefing for RS-MUP",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert data["out"] == "t.html"
    assert data["handling"] == "C"
    assert data["banner"].startswith("HANDLING CODE C")
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert CYRILLIC in page
    assert HIDDEN_HANDLER in page
    audited = [e for e in node.audit.events() if e.objects.get("purpose") == "report" or e.action == "disclosure"]
    assert [e.action for e in audited] == ["consultation", "disclosure"]
    assert {e.justification for e in audited} == {"case 42: briefing for RS-MUP"}


def test_cli_network_report_and_errors(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("--as", "GB-NCA/analyst", "report", "network", "--organisation", ORGANISATION, "--out", "o.html")
    assert code == 0, err
    assert "Grupa Petrović" in (tmp_path / "o.html").read_text(encoding="utf-8")
    code, _, err = cli("report", "target", TARGET, "--out", "t.docx")
    assert code == 1
    assert "t.docx" in err
    code, _, err = cli("--as", "XK-KP/analyst", "report", "target", RS_RECORD, "--out", "x.html")
    assert code == 1
    assert "no entity" in err
    assert not (tmp_path / "x.html").exists()
    code, _, _ = cli("report", "network", "--out", "n.html")
    assert code == 1
    code, _, _ = cli("--as", "GB-NCA/auditor", "report", "target", TARGET, "--out", "a.html")
    assert code == 3


def test_api_serves_reports_through_the_door(node: Node) -> None:
    load_api_data(node)
    load_target(node)
    with TestClient(create_app(node.settings, node=node)) as client:
        gb = bearer(client, "GB-NCA/analyst")
        xk = bearer(client, "XK-KP/analyst")
        response = client.get(f"/api/reports/target/{TARGET}", headers=gb)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["x-corridor-handling"] == "C"
        assert HIDDEN_HANDLER in response.text
        response = client.get(f"/api/reports/target/{TARGET}", headers=xk)
        assert response.status_code == 200
        assert HIDDEN_HANDLER not in response.text
        assert client.get(f"/api/reports/target/{RS_RECORD}", headers=xk).status_code == 404
        assert client.get(f"/api/reports/target/{TARGET}?format=docx", headers=gb).status_code in (400, 422)
        response = client.get(f"/api/reports/network?organisation={ORGANISATION}", headers=gb)
        assert response.status_code == 200
        assert "Grupa Petrović" in response.text
        assert client.get("/api/reports/network", headers=gb).status_code == 400
        assert client.get(f"/api/reports/target/{TARGET}").status_code == 401
    disclosed = [e for e in node.audit.events() if e.action == "disclosure"]
    assert [(e.principal, e.objects["report"]) for e in disclosed] == [
        ("GB-NCA/analyst", "target"),
        ("XK-KP/analyst", "target"),
        ("GB-NCA/analyst", "network"),
    ]
