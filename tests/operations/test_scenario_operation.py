"""The scenario option that plays out an operation: deterministic, and its truth is consistent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.core import InvalidInput
from corridor.scenario import generate

SPEC = {"day": "2024-03-01", "arrest": 6}


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_operation_option_is_deterministic_and_truthful(tmp_path: Path) -> None:
    generate(tmp_path / "a", size="tiny", seed=7, operation=SPEC)
    generate(tmp_path / "b", size="tiny", seed=7, operation=SPEC)
    generate(tmp_path / "plain", size="tiny", seed=7)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    truth = json.loads((tmp_path / "a" / "truth.json").read_text(encoding="utf-8"))
    plain = json.loads((tmp_path / "plain" / "truth.json").read_text(encoding="utf-8"))
    assert "operation" not in plain
    op = truth["operation"]
    arrested = {a["person"] for a in op["arrested"]}
    assert len(arrested) == 6
    # the arrested stop working: no leg after the day is driven, guided or kept by them
    late = [leg for leg in truth["legs"] if leg["depart"][:10] >= SPEC["day"]]
    assert late
    assert not {leg["smuggler"] for leg in late} & arrested
    # every refill names an arrested person and a successor who is not arrested, from after the day
    assert op["refilled"]
    for refill in op["refilled"]:
        assert refill["arrested"] in arrested
        assert refill["by"] not in arrested
        assert refill["from"] > SPEC["day"]
    # broken organisations lost a member to the operation, and their traffic shrank
    assert set(op["broken"]) <= {o for a in op["arrested"] for o in a["organisations"]}
    for shift in op["shifts"]:
        if shift["organisation"] in op["broken"]:
            assert shift["weight"][1] < shift["weight"][0]


@pytest.mark.parametrize(
    "spec",
    [
        {"day": "2022-01-01", "arrest": 3},
        {"day": "2024-03-01", "arrest": 0},
        {"day": "soon"},
        {"day": "2024-03-01", "arrest": ["nobody"]},
    ],
)
def test_a_bad_operation_option_is_refused(tmp_path: Path, spec: dict[str, object]) -> None:
    with pytest.raises(InvalidInput) as caught:
        generate(tmp_path, size="tiny", seed=7, operation=spec)
    assert caught.value.errors[0].field == "operation"
