"""``corridor analyse …`` and the graph exports: JSON shapes from CLI.md, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.cli import run
from graph import link, person

PARTNERS = """
agencies:
  - {code: GB-NCA, name: National Crime Agency, country: GB}
  - {code: RS-MUP, name: MUP Srbije, country: RS}
  - {code: XK-KP, name: Kosovo Police, country: XK}
agreements:
  - {id: RS-GB, provider: RS-MUP, recipient: GB-NCA, handling: [P, C]}
  - {id: GB-XK, provider: GB-NCA, recipient: XK-KP, handling: [P, C]}
"""


@pytest.fixture
def corridor(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """A node with a small network loaded; returns a runner giving (exit code, parsed JSON)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORRIDOR_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CORRIDOR_DB", store_url)

    def invoke(*args: str) -> tuple[int, object]:
        capsys.readouterr()
        code = run(["--json", *args])
        out, _ = capsys.readouterr()
        return code, json.loads(out) if out.strip() else None

    assert invoke("init", "--agency", "GB-NCA")[0] == 0
    (tmp_path / "partners.yml").write_text(PARTNERS)
    assert invoke("partners", "load", "partners.yml")[0] == 0
    people = [person(f"p{i}", f"Person {i}") for i in range(6)] + [person("h", "Hidden One")]
    links = [
        link("Call", f"c{a}{b}", f"p{a}", f"p{b}", date="2026-02-01")
        for a, b in [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5)]
    ]
    links.append(link("Call", "c25", "p2", "p5"))
    rows = [e.to_dict() for e in people[:6] + links]
    (tmp_path / "gb.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    assert invoke("ingest", "gb.jsonl", "--agency", "GB-NCA", "--marking", "B2 P")[0] == 0
    hidden = [
        people[6].to_dict(),
        link("Call", "ch", "h", "gb-nca.p0").to_dict(),
        link("Call", "ch2", "h", "gb-nca.p4").to_dict(),
    ]
    (tmp_path / "rs.jsonl").write_text("\n".join(json.dumps(r) for r in hidden) + "\n")
    assert invoke("ingest", "rs.jsonl", "--agency", "RS-MUP", "--marking", "B2 P to=GB-NCA")[0] == 0
    return invoke


def test_key_players_shape(corridor) -> None:  # type: ignore[no-untyped-def]
    code, data = corridor("analyse", "key-players", "--top", "3")
    assert code == 0
    assert isinstance(data, list)
    assert len(data) == 3
    for row in data:
        assert {"id", "name", "schema", "score", "rank", "source_ids", "why"} <= set(row)
        assert row["why"]["summary"]
    assert data[0]["id"] == "gb-nca.p2"
    assert data[0]["source_ids"] == ["p2"]


def test_communities_brokers_path_disrupt(corridor) -> None:  # type: ignore[no-untyped-def]
    code, data = corridor("analyse", "communities")
    assert code == 0
    assert isinstance(data, list)
    assert all({"id", "size", "members", "brokers"} <= set(c) for c in data)
    assert sum(c["size"] for c in data) == 7
    code, data = corridor("analyse", "brokers")
    assert code == 0
    code, data = corridor("analyse", "path", "gb-nca.p1", "gb-nca.p4", "--k", "2")
    assert code == 0
    assert isinstance(data, dict)
    assert data["connected"]
    assert data["paths"][0]["hops"][0]["links"][0]["statements"]
    code, data = corridor("analyse", "disrupt", "--greedy", "1")
    assert code == 0
    assert isinstance(data, dict)
    assert {"removed", "steps"} <= set(data)
    assert {"removed", "largest_component", "components", "efficiency"} <= set(data["steps"][0])
    code, data = corridor("analyse", "disrupt", "--remove", "gb-nca.p2,gb-nca.p4")
    assert code == 0
    assert isinstance(data, dict)
    assert data["removed"] == ["gb-nca.p2", "gb-nca.p4"]
    code, _ = corridor("analyse", "disrupt", "--remove", "nobody")
    assert code == 1
    code, _ = corridor("analyse", "disrupt")
    assert code == 1
    code, _ = corridor("analyse", "key-players", "--from", "yesterday")
    assert code == 1


def test_partner_sees_less(corridor) -> None:  # type: ignore[no-untyped-def]
    outputs = [
        corridor("--as", "XK-KP", "analyse", *args)
        for args in (["key-players"], ["communities"], ["disrupt", "--greedy", "2"])
    ]
    assert all(code == 0 for code, _ in outputs)
    text = json.dumps([data for _, data in outputs])
    assert "rs-mup" not in text
    assert "Hidden" not in text
    code, _ = corridor("--as", "XK-KP", "analyse", "path", "gb-nca.p0", "rs-mup.h")
    assert code == 1
    _, gb = corridor("analyse", "communities")
    assert "rs-mup.h" in json.dumps(gb)


def test_graph_exports(corridor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, data = corridor("export", "--format", "graphml", "--out", str(tmp_path / "g.graphml"))
    assert code == 0
    assert isinstance(data, dict)
    assert data["nodes"] == 7
    text = (tmp_path / "g.graphml").read_text()
    assert "key_player_score" in text
    code, _ = corridor("--as", "XK-KP", "export", "--format", "gexf", "--out", str(tmp_path / "g.gexf"))
    assert code == 0
    assert "rs-mup" not in (tmp_path / "g.gexf").read_text()
