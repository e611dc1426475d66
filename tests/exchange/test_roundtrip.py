"""Export then import gives the same records, values, originators and markings back."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.access import Node
from corridor.exchange import import_file, write_export
from corridor.model import format_marking


def facts(node: Node) -> set[tuple[str, str, str, str, str, str, str]]:
    """Every statement the node's admin sees, with its marking as text."""
    view = node.store.view(node.principal())
    return {
        (s.entity_id, s.schema, s.prop, s.value, s.origin, s.source, format_marking(s.marking))
        for s in view.statements()
    }


@pytest.mark.parametrize("fmt", ["ftm", "stix", "misp"])
def test_export_import_round_trip(world: Node, target: Node, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    summary = write_export(world, world.principal(), fmt, out)
    assert summary["entities"] == 9
    report = import_file(target, target.principal(), out, fmt=fmt, agency="GB-NCA")
    assert report.rejected == 0, [e.describe() for e in report.errors]
    before, after = facts(world), facts(target)
    assert after == before
    assert any(f[4] == "RS-MUP" and f[6].startswith("A1 C conditions=") for f in after)
    again = import_file(target, target.principal(), out, fmt=fmt, agency="GB-NCA")
    assert again.statements == report.statements
    assert facts(target) == before, "a second import adds nothing"
    assert target.store.count_statements() == len(before)


def test_ftm_lines_are_entities_aleph_reads(world: Node, tmp_path: Path) -> None:
    import json

    from followthemoney import model

    out = tmp_path / "entities.ftm.json"
    write_export(world, world.principal(), "ftm", out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    smith = next(line for line in lines if line["id"] == "gb-nca.p1")
    assert smith["referents"] == ["rs-mup.p8"], "merged per resolved entity"
    proxy = model.get_proxy(smith)
    assert proxy.schema.name == "Person"
    assert {"John Smith", "Džon Smit"} <= set(proxy.get("name"))
    passport = next(s for s in smith["statements"] if s["prop"] == "passportNumber")
    assert (passport["origin"], passport["entity_id"]) == ("RS-MUP", "rs-mup.p8")
    assert passport["marking"] == "A1 C conditions='not for court' to=GB-NCA"
    family = next(line for line in lines if line["schema"] == "Family")
    assert family["properties"]["relative"] == ["gb-nca.p1"]


def test_plain_ftm_needs_a_marking(target: Node, tmp_path: Path) -> None:
    from corridor.core import InvalidInput
    from corridor.model import parse_marking

    path = tmp_path / "aleph.json"
    path.write_text('{"id": "x1", "schema": "Person", "properties": {"name": ["Ana"]}}\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        import_file(target, target.principal(), path, fmt="ftm", agency="RS-MUP")
    assert caught.value.errors[0].file == str(path)
    assert caught.value.errors[0].row == 1
    report = import_file(target, target.principal(), path, fmt="ftm", agency="RS-MUP", marking=parse_marking("B3 P"))
    assert report.entities == 1
    assert ("rs-mup.x1", "Person", "name", "Ana", "RS-MUP", "aleph.json", "B3 P") in facts(target)


def test_batches_of_one_give_the_same_export(world: Node, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import corridor.exchange._entities as entities

    write_export(world, world.principal(), "ftm", tmp_path / "default.json")
    monkeypatch.setattr(entities, "BATCH", 1)
    monkeypatch.setattr(entities, "CLUSTER_BATCH", 1)
    monkeypatch.setattr(entities, "ID_CHUNK", 1)
    write_export(world, world.principal(), "ftm", tmp_path / "ones.json")
    default = sorted((tmp_path / "default.json").read_text(encoding="utf-8").splitlines())
    ones = sorted((tmp_path / "ones.json").read_text(encoding="utf-8").splitlines())
    assert ones == default
    assert len(ones) == 9
