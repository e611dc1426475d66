"""The demo size: tens of thousands of records, every agency busy, still quick."""

from __future__ import annotations

import time
from pathlib import Path

from ._helpers import load_json


def test_demo_scenario_has_tens_of_thousands_of_records(tmp_path: Path) -> None:
    from corridor.scenario import generate

    started = time.process_time()
    summary = generate(tmp_path, size="demo", seed=11)
    cpu = time.process_time() - started
    assert 10_000 <= summary["records"] <= 60_000
    assert summary["person_records"] >= 10_000
    assert summary["organisations"] >= 10
    assert all(count > 10 for count in summary["records_per_agency"].values())
    assert summary["statements_estimate"] > 5 * summary["records"]
    assert cpu < 30
    manifest = load_json(tmp_path / "manifest.json")
    assert len(manifest["files"]) == len(summary["files"])
    assert (tmp_path / "truth.json").is_file()
