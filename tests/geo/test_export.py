"""GeoJSON and KML exports: valid, readable by a GeoJSON library and an XML parser, and door-bound."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import geojson  # type: ignore[import-untyped]
import pytest

from corridor.access import Node
from corridor.cli import run
from corridor.core import Settings
from corridor.geo import route_data, route_features, write_geojson, write_kml
from geo._world import build_world

KML = "{http://www.opengis.net/kml/2.2}"


def test_geojson_validates_and_kml_parses(node: Node, tmp_path: Path) -> None:
    build_world(node)
    collection = route_features(route_data(node.store.view(node.principal("GB-NCA"))))
    summary = write_geojson(collection, tmp_path / "routes.geojson")
    assert summary["observations"] == 5
    assert summary["flows"] >= 3
    assert summary["hotspots"] >= 4
    loaded = geojson.loads((tmp_path / "routes.geojson").read_text(encoding="utf-8"))
    assert loaded.is_valid, loaded.errors()
    assert isinstance(loaded, geojson.FeatureCollection)
    for feature in loaded["features"]:
        geometry = geojson.GeoJSON.to_instance(feature["geometry"])
        assert geometry.is_valid, geometry.errors()
    lon, lat = next(f for f in loaded["features"] if f["id"] == "e3")["geometry"]["coordinates"]
    assert (round(lat), round(lon)) == (51, 1), "RFC 7946 order is [longitude, latitude]"
    write_kml(collection, tmp_path / "routes.kml")
    root = ET.parse(tmp_path / "routes.kml").getroot()  # noqa: S314 - the file this test just wrote
    assert root.tag == f"{KML}kml"
    folders = {f.findtext(f"{KML}name") for f in root.iter(f"{KML}Folder")}
    assert folders == {"observation", "flow", "hotspot"}
    marks = list(root.iter(f"{KML}Placemark"))
    assert len(marks) == summary["features"]
    assert any(m.find(f"{KML}Polygon") is not None for m in marks)


def test_map_exports_show_only_what_the_principal_may_see(node: Node) -> None:
    build_world(node)
    gb = route_features(route_data(node.store.view(node.principal("GB-NCA"))))
    xk = route_features(route_data(node.store.view(node.principal("XK-KP/analyst"))))
    gb_ids = {f.get("id") for f in gb["features"]}
    xk_ids = {f.get("id") for f in xk["features"]}
    assert {"e1", "e2"} <= gb_ids
    assert not ({"e1", "e2"} & xk_ids)
    assert "Прешево" not in json.dumps(xk, ensure_ascii=False)
    assert "Preševo" not in json.dumps(xk, ensure_ascii=False)


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORRIDOR_KEY_DIR", str(settings.key_dir))
    monkeypatch.setenv("CORRIDOR_DB", settings.db)
    return tmp_path


def test_cli_routes_and_exports(node: Node, cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build_world(node)
    capsys.readouterr()
    assert run(["--json", "analyse", "routes", "--shift-on", "2023-09-02"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"country_flows", "crossing_flows", "hotspots", "organisations", "unresolved", "published", "shift"} <= set(
        data
    )
    assert run(["--json", "--as", "XK-KP/analyst", "analyse", "routes", "--no-published"]) == 0
    xk = json.loads(capsys.readouterr().out)
    assert len(xk["country_flows"]) < len(data["country_flows"])
    for fmt in ("geojson", "kml"):
        out = cli_env / f"map.{fmt}"
        assert run(["--json", "export", "--format", fmt, "--out", str(out)]) == 0
        summary = json.loads(capsys.readouterr().out)
        assert summary["format"] == fmt
        assert summary["features"] > 0
        assert out.exists()
    assert run(["--json", "analyse", "routes", "--shift-on", "September"]) == 1
