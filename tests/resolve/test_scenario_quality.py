"""Quality on a generated scenario: every manifest file ingested, resolved, scored against truth.

The floors sit just under what the resolver measures, so a regression breaks them;
precision has its own floor of 0.99 because a false merge is worse than a missed one.
The ``tiny`` size keeps the test within seconds; ``bench/bench_resolve.py`` measures larger
sizes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from corridor.access import Node
from corridor.core import Settings
from corridor.resolve import evaluate, load_truth, resolve, visible_clusters

from ._scenario import load_scenario

PRECISION_FLOOR = 0.99
F1_FLOOR = 0.78
BCUBED_F1_FLOOR = 0.78


# The CSV reader of ``corridor.ingest`` leaves a file handle for the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_tiny_scenario_quality(tmp_path: Path, record_property: Callable[[str, object], None]) -> None:
    try:
        from corridor.scenario import generate
    except ImportError as exc:  # pragma: no cover - only while the generator is being written
        pytest.skip(f"the scenario generator is missing: {exc}")
    out = tmp_path / "scenario"
    generate(out, size="tiny", seed=7)
    settings = Settings(db=str(tmp_path / "q.db"), key_dir=tmp_path / "keys")
    with Node.initialise(settings, "GB-NCA") as node:
        assert load_scenario(node, out) > 0
        resolve(node, node.principal())
        predicted = dict(visible_clusters(node, node.principal()))
    truth = load_truth(out / "truth.json")
    assert set(truth) <= set(predicted)
    scores = evaluate(predicted, truth)
    record_property("scores", scores)  # in the JUnit report; the floors below catch a regression
    assert scores["precision"] >= PRECISION_FLOOR, scores
    assert scores["f1"] >= F1_FLOOR, scores
    assert scores["bcubed_f1"] >= BCUBED_F1_FLOOR, scores


def test_evaluate_metrics() -> None:
    truth = {"a": "1", "b": "1", "c": "1", "d": "2"}
    perfect = evaluate({"a": "x", "b": "x", "c": "x", "d": "y"}, truth)
    assert perfect["f1"] == 1.0
    assert perfect["bcubed_f1"] == 1.0
    split = evaluate({"a": "x", "b": "x", "c": "z", "d": "y"}, truth)
    assert split["precision"] == 1.0
    assert split["recall"] == pytest.approx(1 / 3, abs=1e-4)
    merged = evaluate({"a": "x", "b": "x", "c": "x", "d": "x"}, truth)
    assert merged["recall"] == 1.0
    assert merged["precision"] == 0.5
