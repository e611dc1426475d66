"""``corridor export`` in every format, as a lesser principal too; ``corridor ingest --format``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import igraph  # type: ignore[import-untyped]
import networkx as nx
import pytest

from corridor.access import Node
from corridor.cli import run
from corridor.cli._cmd_export import EXPORTERS
from corridor.core import Settings
from exchange._data import HIDDEN_FROM_XK

FORMATS = ["ftm", "csv", "xlsx", "stix", "misp", "anx", "graphml", "gexf", "geojson", "kml", "clusters"]


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORRIDOR_KEY_DIR", str(settings.key_dir))
    monkeypatch.setenv("CORRIDOR_DB", settings.db)
    return tmp_path


def _bytes(path: Path) -> str:
    """Everything an export holds, as text (a CSV directory's files, an XLSX's XML parts)."""
    if path.is_dir():
        return "".join(p.read_text(encoding="utf-8") for p in sorted(path.iterdir()))
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    return path.read_text(encoding="utf-8")


def _export(fmt: str, out: Path, capsys: pytest.CaptureFixture[str], *principal: str) -> dict[str, object]:
    assert run(["--json", *principal, "export", "--format", fmt, "--out", str(out)]) == 0, capsys.readouterr()
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_every_format_is_registered() -> None:
    run(["--version"])
    assert set(FORMATS) <= set(EXPORTERS)


def test_lesser_principal_exports_omit_what_it_may_not_see(
    world: Node, cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    for fmt in FORMATS:
        gb = _bytes(Path(str(_export(fmt, cli_env / f"gb.{fmt}", capsys)["out"])))
        xk = _bytes(Path(str(_export(fmt, cli_env / f"xk.{fmt}", capsys, "--as", "XK-KP/analyst")["out"])))
        if fmt not in {"geojson", "kml"}:
            assert "rs-mup." in gb, f"{fmt}: the test data must reach GB's export"
            assert "gb-nca.p1" in xk, f"{fmt}: XK-KP sees GB's John Smith"
        leaked = [secret for secret in HIDDEN_FROM_XK if secret in xk]
        assert not leaked, f"{fmt} export as XK-KP holds {leaked}"
    disclosures = [e for e in world.audit.events() if e.action == "disclosure"]
    assert {(e.objects["export"], e.principal) for e in disclosures} >= {(f, "XK-KP/analyst") for f in FORMATS}
    assert all(e.objects["sha256"] for e in disclosures)


def test_graphml_and_gexf_read_back_with_networkx_and_igraph(
    world: Node, cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    _export("graphml", cli_env / "g.graphml", capsys)
    _export("gexf", cli_env / "g.gexf", capsys)
    graphml = nx.read_graphml(cli_env / "g.graphml")
    gexf = nx.read_gexf(cli_env / "g.gexf")
    ig = igraph.Graph.Read_GraphML(str(cli_env / "g.graphml"))
    assert set(graphml.nodes) == set(gexf.nodes) == set(ig.vs["id"])
    assert graphml.number_of_edges() == gexf.number_of_edges() == ig.ecount() > 0
    assert {"gb-nca.p1", "rs-mup.p7", "gb-nca.o1"} <= set(graphml.nodes)
    smith = graphml.nodes["gb-nca.p1"]
    assert smith["schema"] == "Person"
    assert "GB" in smith["country"].upper()
    assert "community" in smith
    assert smith["key_player_score"] >= 0
    assert gexf.nodes["gb-nca.p1"]["schema"] == "Person"
    kinds = {d["kind"] for _, _, d in graphml.edges(data=True)}
    assert kinds
    assert all(d["weight"] >= 1 for _, _, d in graphml.edges(data=True))
    assert {d["kind"] for _, _, d in gexf.edges(data=True)} == kinds
    assert set(ig.es["kind"]) == kinds


def test_ingest_format_stix_and_misp_from_the_command_line(
    world: Node, cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    for fmt in ("stix", "misp", "ftm"):
        out = cli_env / f"x.{fmt}"
        _export(fmt, out, capsys)
        before = world.store.count_statements()
        assert run(["--json", "ingest", str(out), "--format", fmt, "--agency", "GB-NCA"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["format"] == fmt
        assert report["rejected"] == 0
        assert report["statements"] > 0
        assert world.store.count_statements() == before, "re-importing our own export changes nothing"
    assert run(["--json", "ingest", str(cli_env / "x.stix"), "--format", "yaml", "--agency", "GB-NCA"]) == 1
    assert "--format" in capsys.readouterr().out
    assert (
        run(
            [
                "--json",
                "--as",
                "XK-KP/analyst",
                "ingest",
                str(cli_env / "x.stix"),
                "--format",
                "stix",
                "--agency",
                "XK-KP",
            ]
        )
        == 3
    )


def test_export_needs_the_export_right_in_every_format(
    world: Node, cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("graphml", "geojson", "stix"):
        out = cli_env / f"denied.{fmt}"
        assert run(["--json", "--as", "GB-NCA/auditor", "export", "--format", fmt, "--out", str(out)]) == 3
        assert not out.exists()
    assert not [e for e in world.audit.events() if e.action == "disclosure"]
