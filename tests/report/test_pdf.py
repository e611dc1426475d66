"""The target profile as PDF: pages as PNG (pdftoppm) with the map, the chart and the banners.

WeasyPrint is slow, so the PDF is rendered once for the module, from a SQLite node (the
layout does not depend on the store; the HTML tests run on both backends).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import load_test_partners
from corridor.access import Node
from corridor.core import Settings
from corridor.report import SCHEMA_COLOURS, target_report
from corridor.report._svgmap import LAND, POINT, SEA

from ._data import CYRILLIC, TARGET, load_target

BANNER_RED = "#b03a2e"


@dataclass
class Rendered:
    pdf: Path
    texts: list[str]
    pages: list[Image.Image]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _count(image: Image.Image, colour: str, *, box: tuple[int, int, int, int] | None = None, tol: int = 6) -> int:
    """Pixels within ``tol`` of ``colour`` on every channel (optionally inside ``box``)."""
    region = image.crop(box) if box else image
    r0, g0, b0 = _rgb(colour)
    total = 0
    for n, pixel in region.getcolors(maxcolors=1 << 20) or []:
        r, g, b = cast(tuple[int, int, int], pixel)
        if abs(r - r0) <= tol and abs(g - g0) <= tol and abs(b - b0) <= tol:
            total += n
    return total


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    base = tmp_path_factory.mktemp("pdf")
    with Node.initialise(Settings(db=str(base / "node.db"), key_dir=base / "keys"), "GB-NCA") as node:
        load_test_partners(node)
        load_target(node)
        out = base / "target.pdf"
        report = target_report(node, node.store.principal("GB-NCA", "analyst"), TARGET, out=out)
        assert report.format == "pdf"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(base / "page")], check=True)
    pngs = sorted(base.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
    texts = [page.extract_text() for page in PdfReader(out).pages]
    return Rendered(out, texts, [Image.open(p).convert("RGB") for p in pngs])


def test_pdf_has_pages_and_none_is_blank(rendered: Rendered) -> None:
    assert rendered.pdf.read_bytes().startswith(b"%PDF")
    assert len(rendered.pages) == len(rendered.texts) >= 2
    for image in rendered.pages:
        width, height = image.size
        white = _count(image, "#ffffff", tol=8)
        assert white < 0.97 * width * height  # something is drawn on every page


def test_banner_and_caveats_on_every_page(rendered: Rendered) -> None:
    total = len(rendered.texts)
    for number, (text, image) in enumerate(zip(rendered.texts, rendered.pages, strict=True), start=1):
        assert "HANDLING CODE C" in text
        assert "RS only" in text  # the originator's conditions, in the footer
        assert f"Page {number} of {total}" in text
        width, height = image.size
        assert _count(image, BANNER_RED, box=(0, 0, width, height // 10)) > 200  # the coloured bar at the top


def test_names_in_cyrillic_are_rendered_as_text(rendered: Rendered) -> None:
    text = "\n".join(rendered.texts)
    assert CYRILLIC in text
    assert 'alert("owned")' in text  # hostile markup is printed as text, not run


def test_map_and_chart_are_drawn(rendered: Rendered) -> None:
    sea = [_count(page, SEA) for page in rendered.pages]
    land = [_count(page, LAND) for page in rendered.pages]
    points = [_count(page, POINT, tol=10) for page in rendered.pages]
    map_page = max(range(len(sea)), key=lambda i: sea[i])
    assert sea[map_page] > 500
    assert land[map_page] > 500
    assert points[map_page] > 20
    people = [_count(page, SCHEMA_COLOURS["Person"], tol=10) for page in rendered.pages]
    organisations = [_count(page, SCHEMA_COLOURS["Organization"], tol=10) for page in rendered.pages]
    assert max(people) > 30
    assert max(organisations) > 15
