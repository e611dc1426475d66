"""The rendering core other reports build on: banner, CSS escaping, map, chart, timeline, write."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from markupsafe import escape

from corridor.core import InvalidInput
from corridor.geo import country_at, country_shapes
from corridor.model import parse_marking
from corridor.report import ChartEdge, ChartNode, MapPoint, banner, css_string, render, svg_chart, svg_map, write
from corridor.report._timeline import TimelineItem, svg_timeline

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (44.80, 20.46, "RS"),  # Belgrade
        (42.66, 21.16, "XK"),  # Pristina: Natural Earth gives Kosovo no ISO number
        (41.99, 21.43, "MK"),  # Skopje
        (41.33, 19.82, "AL"),  # Tirana
        (40.64, 22.94, "GR"),  # Thessaloniki
        (41.68, 26.56, "TR"),  # Edirne
        (51.28, 1.08, "GB"),  # Canterbury (Dover itself sits on the coastline at 1:50m)
        (42.50, 16.00, None),  # the Adriatic
    ],
)
def test_country_at(lat: float, lon: float, code: str | None) -> None:
    assert country_at(lat, lon) == code


def test_country_at_takes_the_nearest_coast_when_asked() -> None:
    dover = (51.127, 1.316)  # the port, just off the 1:50m coastline
    assert country_at(*dover) is None
    assert country_at(*dover, within_km=5) == "GB"
    assert country_at(50.97, 1.85, within_km=5) == "FR"  # Calais
    assert country_at(42.5, 16.0, within_km=5) is None  # mid-Adriatic stays at sea


def test_country_shapes_cover_the_route() -> None:
    codes = {s.code for s in country_shapes()}
    assert {"RS", "XK", "MK", "AL", "GR", "TR", "BA", "ME", "HR", "HU", "AT", "FR", "GB"} <= codes


def test_banner_takes_the_most_restrictive_handling_and_names_originators() -> None:
    plain = parse_marking("B2 P consent=no")
    assert banner([plain, plain]).handling == "P"
    assert banner([]).text.startswith("HANDLING CODE P")
    conditioned = parse_marking("A1 C conditions='not for court' to=GB-NCA compartment=OP-X")
    shown = banner([("GB-NCA", plain), ("RS-MUP", conditioned), ("MK-MVR", conditioned)])
    assert shown.handling == "C"
    assert shown.facts == 3
    assert "Conditions: not for court (MK-MVR, RS-MUP)" in shown.caveats
    assert any(c.startswith("Compartment OP-X") for c in shown.caveats)


def test_footer_is_cut_to_fit_and_every_caveat_is_on_the_first_page() -> None:
    facts = [(f"A{i:02d}", parse_marking(f"B2 C conditions='condition number {i} of many, written out at length'"))
             for i in range(30)]  # fmt: skip
    shown = banner(facts)
    assert len(shown.caveats) == 31  # thirty conditions and the onward-consent rule
    assert len(shown.footer) < 520
    assert shown.footer.endswith("more caveats listed on page 1")
    html = render("report_base.html.j2", {}, markings=shown)
    body = html[html.index("<body>") :]
    for caveat in shown.caveats:
        assert str(escape(caveat)) in body


def test_css_string_cannot_break_out_of_the_style_sheet() -> None:
    hostile = 'x" } body { display: none } </style><script>alert(1)</script>\\'
    text = str(css_string(hostile))
    assert text.startswith('"')
    assert text.endswith('"')
    inner = text[1:-1]
    assert '"' not in inner
    assert "<" not in inner
    assert "}" not in inner
    assert re.fullmatch(r"([A-Za-z0-9 ]|\\[0-9a-f]+ )*", inner)
    assert str(css_string("Марко")) == '"' + "".join(f"\\{ord(c):x} " for c in "Марко") + '"'


def test_svg_map_draws_outlines_and_numbered_points_escaped() -> None:
    points = [MapPoint(45.1, 19.8, "<b>Šid</b>", "crossing"), MapPoint(41.14, 22.5, "Gevgelija & co")]
    svg = svg_map(points, title="Route <1>")
    root = ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed
    groups = root.findall(f"{SVG}g")
    assert [g.find(f"{SVG}text").text for g in groups] == ["1", "2"]  # type: ignore[union-attr]
    assert groups[0].find(f"{SVG}title").text == "<b>Šid</b>"  # type: ignore[union-attr]
    assert len(root.findall(f"{SVG}path")) >= 5  # Serbia, North Macedonia and neighbours
    labels = {t.text for t in root.findall(f"{SVG}text")}
    assert {"RS", "MK"} <= labels


def test_svg_map_without_points_shows_the_route_region() -> None:
    root = ET.fromstring(svg_map([]))  # noqa: S314 - our own output
    assert root.findall(f"{SVG}g") == []
    assert len(root.findall(f"{SVG}path")) >= 10


def test_svg_chart_is_deterministic_and_colours_by_schema() -> None:
    nodes = [
        ChartNode("p1", "Марко <Петровић>", "Person"),
        ChartNode("o1", "Grupa", "Organization"),
        ChartNode("ph", "+381", "Phone"),
        ChartNode("x", "Unlinked", "Thing"),
    ]
    edges = [ChartEdge("p1", "o1", "member"), ChartEdge("p1", "ph", "phone"), ChartEdge("p1", "nowhere", "x")]
    svg = svg_chart(nodes, edges, centre="p1")
    assert svg == svg_chart(nodes, edges, centre="p1")
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    circles = root.findall(f"{SVG}g/{SVG}circle")
    assert [c.get("fill") for c in circles] == ["#2e86de", "#e67e22", "#16a085", "#95a5a6"]
    assert circles[0].get("r") == "14"
    assert len(root.findall(f"{SVG}line")) == 2  # the edge to an unknown node is left out
    assert "Марко <Петровић>" in {t.text for t in root.findall(f"{SVG}g/{SVG}text")}


def test_svg_timeline_orders_and_skips_undated() -> None:
    items = [TimelineItem("2025-06-02", "crossing"), TimelineItem("2025-03", "payment"), TimelineItem("soon", "x")]
    root = ET.fromstring(svg_timeline(items))  # noqa: S314 - our own output
    dots = root.findall(f"{SVG}g")
    assert len(dots) == 2
    assert dots[0].find(f"{SVG}title").text.startswith("2025-03 payment")  # type: ignore[union-attr]


def test_render_uses_the_base_and_write_picks_the_format(tmp_path: Path) -> None:
    html = render("report_base.html.j2", {}, markings=[parse_marking("B2 P")], title="<Mine>")
    assert "<title>&lt;Mine&gt;</title>" in html
    assert "HANDLING CODE P" in html
    written = write(html, tmp_path / "r.html")
    assert written.read_text(encoding="utf-8") == html
    with pytest.raises(InvalidInput) as caught:
        write(html, tmp_path / "r.docx")
    assert caught.value.errors[0].file == str(tmp_path / "r.docx")
