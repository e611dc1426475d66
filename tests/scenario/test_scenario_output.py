"""A scenario's files: determinism, the manifest, mappings, markings and partners.yml."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from corridor.access import load_partners_file
from corridor.core import InvalidInput
from corridor.model import parse_marking
from corridor.scenario import SIZES, generate

from ._helpers import load_json, load_mapping, map_file

META_FILES = {"manifest.json", "partners.yml", "truth.json", "truth.jsonl"}
ENTITY_KEYS = {"schema", "keys", "key_literal", "id_column", "properties"}
PROPERTY_KEYS = {"column", "columns", "join", "format", "literal", "literals", "entity", "template"}
CORRIDOR_KEYS = {
    "format", "encoding", "delimiter", "sheets", "records", "lang", "script", "phone_region",
    "date_formats", "marking_column", "handling_column",
}  # fmt: skip
UK = ("GB-NCA", "GB-BSC", "GB-BF")
BALKANS = ("RS-MUP", "MK-MVR", "XK-KP", "AL-ASP", "TR-EGM")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_files(tiny: Path, tiny_again: Path) -> None:
    first, second = _files(tiny), _files(tiny_again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    assert any(name.endswith(".xlsx") for name in first)


def test_same_seed_is_identical_across_processes(tiny: Path, tmp_path: Path) -> None:
    """No set order or ``hash()`` leaks into the output: another hash seed, same bytes."""
    code = (
        "import sys; from pathlib import Path; from corridor.scenario import generate; "
        "generate(Path(sys.argv[1]), size='tiny', seed=7)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env)
    assert _files(tmp_path) == _files(tiny)


def test_a_reused_directory_keeps_no_stale_files(tmp_path: Path) -> None:
    generate(tmp_path, size="tiny", people=120, seed=1)
    (tmp_path / "truth.jsonl").write_text("{}\n", encoding="utf-8")
    generate(tmp_path, size="tiny", people=120, seed=2)
    assert not (tmp_path / "truth.jsonl").exists()
    listed = {e["path"] for e in load_json(tmp_path / "manifest.json")["files"]}
    data = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file() and p.suffix not in (".yml",)}
    assert data - META_FILES == listed


def test_another_seed_gives_another_world(tiny: Path, tiny_other: Path) -> None:
    first, second = _files(tiny), _files(tiny_other)
    assert first["truth.json"] != second["truth.json"]
    data = [name for name in first if name not in META_FILES and not name.endswith(".yml")]
    changed = [name for name in data if first[name] != second.get(name)]
    assert len(changed) >= len(data) - 2


def test_manifest_lists_every_data_file_with_its_mapping(tiny: Path) -> None:
    manifest = load_json(tiny / "manifest.json")
    entries = manifest["files"]
    listed = {e["path"] for e in entries}
    on_disk = {
        str(p.relative_to(tiny)) for p in tiny.rglob("*")
        if p.is_file() and p.name not in META_FILES and p.suffix != ".yml"
    }  # fmt: skip
    assert listed == on_disk
    agencies = {e["agency"] for e in entries}
    assert agencies == {*UK, *BALKANS, "EU-EUROPOL"}
    for entry in entries:
        assert {"path", "agency", "format", "mapping", "marking"} <= set(entry)
        assert (tiny / entry["mapping"]).is_file()
        assert entry["path"].split("/")[0] == entry["agency"].lower()
        assert entry["path"].endswith("." + entry["format"])
        assert entry["records"] > 0, entry["path"]


def test_mappings_use_only_documented_features(tiny: Path) -> None:
    for entry in load_json(tiny / "manifest.json")["files"]:
        mapping = load_mapping(tiny / entry["mapping"])
        assert set(mapping) <= {"entities", "corridor", "filters", "filters_not"}
        assert mapping["entities"], entry["mapping"]
        for spec in mapping["entities"].values():
            assert set(spec) <= ENTITY_KEYS
            assert ("id_column" in spec) != ("keys" in spec)
            for prop in (spec.get("properties") or {}).values():
                assert set(prop) <= PROPERTY_KEYS, prop
        block = mapping["corridor"]
        assert set(block) <= CORRIDOR_KEYS
        assert block["format"] == entry["format"]


def test_people_are_named_by_id_columns(tiny: Path) -> None:
    """Truth refers to person records by the id their mapping gives: no person uses ``keys``."""
    for entry in load_json(tiny / "manifest.json")["files"]:
        for spec in load_mapping(tiny / entry["mapping"])["entities"].values():
            if spec["schema"] in ("Person", "Organization"):
                assert "id_column" in spec


def test_record_ids_are_unique_within_an_agency(tiny: Path) -> None:
    seen: dict[str, dict[str, str]] = {}
    for entry in load_json(tiny / "manifest.json")["files"]:
        mapping = load_mapping(tiny / entry["mapping"])
        result = map_file(tiny / entry["path"], mapping)
        ids = seen.setdefault(entry["agency"], {})
        for name, spec in mapping["entities"].items():
            if "id_column" not in spec:
                continue
            for value in result.ids.get(name, set()):
                owner = f"{spec['schema']}"
                assert ids.setdefault(value, owner) == owner, (entry["path"], value)


def test_markings_parse_and_vary_by_source(tiny: Path) -> None:
    entries = load_json(tiny / "manifest.json")["files"]
    markings = {e["path"]: parse_marking(e["marking"], where=e["path"]) for e in entries}
    grades = {m.grade.split()[0] for m in markings.values()}
    assert {"A1", "B2", "C3"} <= grades
    assert any(m.handling == "C" and m.releasable_to for m in markings.values())
    finint = markings["gb-nca/bank_transfers.csv"]
    assert finint.releasable_to == frozenset({"GB-BSC", "EU-EUROPOL"})


def test_markings_name_only_partners_with_an_agreement(tiny: Path) -> None:
    partners = yaml.safe_load((tiny / "partners.yml").read_text(encoding="utf-8"))
    pairs = {(a["provider"], a["recipient"]): set(a["handling"]) for a in partners["agreements"]}
    for entry in load_json(tiny / "manifest.json")["files"]:
        marking = parse_marking(entry["marking"])
        for recipient in marking.releasable_to:
            assert marking.handling in pairs[(entry["agency"], recipient)], (entry["path"], recipient)


def test_partners_file_is_valid_and_directional(tiny: Path) -> None:
    parsed = load_partners_file(tiny / "partners.yml")
    pairs = {(a.provider, a.recipient) for a in parsed.agreements}
    assert ("RS-MUP", "XK-KP") not in pairs
    assert ("XK-KP", "RS-MUP") not in pairs
    for balkan in BALKANS:
        for uk in UK:
            assert (balkan, uk) in pairs
            assert (uk, balkan) in pairs
    assert ("MK-MVR", "RS-MUP") in pairs
    assert ("AL-ASP", "XK-KP") in pairs
    roles = {(u.agency, role) for u in parsed.users for role in u.roles}
    for agency in {a.code for a in parsed.agencies}:
        assert (agency, "analyst") in roles
    for role in ("supervisor", "sharing_officer", "auditor", "admin"):
        assert ("GB-NCA", role) in roles


def test_demo_passwords_come_from_the_seed(tiny: Path, tiny_other: Path) -> None:
    def passwords(root: Path) -> list[str]:
        data: dict[str, Any] = yaml.safe_load((root / "partners.yml").read_text(encoding="utf-8"))
        return [u["password"] for u in data["users"]]

    first, second = passwords(tiny), passwords(tiny_other)
    assert all(re.fullmatch(r"demo-[a-z0-9]{8}", p) for p in first)
    assert len(set(first)) == len(first)
    assert set(first).isdisjoint(second)


def test_summary_matches_the_manifest(tiny: Path, tiny_summary: dict[str, Any]) -> None:
    entries = load_json(tiny / "manifest.json")["files"]
    assert tiny_summary["files"] == [e["path"] for e in entries]
    assert tiny_summary["records"] == sum(e["records"] for e in entries)
    assert tiny_summary["true_persons"] == SIZES["tiny"]["people"]
    assert tiny_summary["organisations"] >= 5
    assert tiny_summary["truth"] == "truth.json"
    assert 300 <= tiny_summary["records"] <= 5_000


def test_people_sets_the_number_of_true_persons(tmp_path: Path) -> None:
    summary = generate(tmp_path, size="tiny", people=150, seed=3)
    truth = load_json(tmp_path / "truth.json")
    assert summary["true_persons"] == 150
    assert len(truth["persons"]) == 150


@pytest.mark.parametrize(("size", "people"), [("huge", None), ("tiny", 5), ("tiny", -1), ("demo", 10**9)])
def test_bad_size_or_people_is_invalid_input(tmp_path: Path, size: str, people: int | None) -> None:
    with pytest.raises(InvalidInput):
        generate(tmp_path, size=size, people=people)
