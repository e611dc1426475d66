"""Each format is what its tools read: stix2 and its validator, pymisp, spreadsheets, i2's chart structure."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]
import pytest
import stix2  # type: ignore[import-untyped]
import stix2validator  # type: ignore[import-untyped]
from openpyxl import load_workbook
from pymisp import MISPEvent

from corridor.access import Node
from corridor.exchange import neutralise, write_export
from exchange._data import INJECTION


def test_stix_bundle_parses_and_validates(world: Node, tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    write_export(world, world.principal(), "stix", out)
    text = out.read_text(encoding="utf-8")
    bundle = stix2.parse(text, allow_custom=True)
    results = stix2validator.validate_string(text)
    assert results.is_valid, [str(e) for r in results.object_results for e in r.errors]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for obj in json.loads(text)["objects"]:
        by_type.setdefault(obj["type"], []).append(obj)
    assert len(bundle.objects) == sum(len(v) for v in by_type.values())
    people = {o["name"] for o in by_type["identity"] if o["identity_class"] == "individual"}
    assert "Marko Petrović" in people
    assert len(people) == 2, "John Smith's two records are one identity"
    patterns = {o["pattern"] for o in by_type["indicator"]}
    assert "[email-addr:value = 'js@example.com']" in patterns
    assert "[x-corridor-selector:kind = 'phone' AND x-corridor-selector:value = '+381641234567']" in patterns
    assert {o["relationship_type"] for o in by_type["relationship"]} >= {"membership", "family", "related-to"}
    sightings = by_type["sighting"]
    assert len(sightings) == 2
    assert all(s["first_seen"].startswith("2023-05-02") for s in sightings)
    names = {o.get("name") for o in by_type["marking-definition"]}
    assert {"TLP:AMBER", "TLP:RED", "corridor B2 P", "corridor A1 C conditions='not for court' to=GB-NCA"} <= names
    red = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
    marko = next(o for o in by_type["identity"] if o["name"] == "Marko Petrović")
    assert red in marko["object_marking_refs"], "handling C travels as TLP:RED"


def test_misp_event_loads_in_pymisp_with_grading_tags(world: Node, tmp_path: Path) -> None:
    out = tmp_path / "event.json"
    write_export(world, world.principal(), "misp", out)
    event = MISPEvent()
    event.load(out.read_text(encoding="utf-8"))
    assert len(event.objects) == 9
    marko = next(o for o in event.objects if o.comment == "corridor Person rs-mup.p7")
    assert marko.name == "person"
    phone = next(a for a in marko.attributes if a.type == "phone-number")
    assert phone.value == "+381641234567"
    assert phone.object_relation == "phone-number"
    tags = {t.name for t in phone.tags}
    assert {"tlp:red", "PAP:RED", 'admiralty-scale:source-reliability="b"', 'corridor:originator="RS-MUP"'} <= tags
    assert 'admiralty-scale:information-credibility="2"' in tags
    family = next(o for o in event.objects if o.comment == "corridor Family rs-mup.f1")
    targets = {r.referenced_uuid for r in family.references}
    smith = next(o for o in event.objects if o.comment == "corridor Person gb-nca.p1")
    assert smith.uuid in targets
    assert {t.name for t in event.tags} >= {"tlp:red"}


def test_csv_and_xlsx_neutralise_formulas_and_carry_markings(world: Node, tmp_path: Path) -> None:
    write_export(world, world.principal(), "csv", tmp_path / "tables")
    assert {p.name for p in (tmp_path / "tables").iterdir()} >= {"Person.csv", "Family.csv", "Event.csv"}
    with (tmp_path / "tables" / "Person.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())
    description = next(r for r in rows if r["property"] == "description")
    assert description["value"] == "'" + INJECTION
    passport = next(r for r in rows if r["property"] == "passportNumber")
    assert (passport["entity_id"], passport["record_id"]) == ("gb-nca.p1", "rs-mup.p8")
    assert (passport["grade"], passport["handling"], passport["conditions"]) == ("A1 C", "C", "not for court")
    assert passport["originator"] == "RS-MUP"
    assert passport["releasable_to"] == "GB-NCA"
    write_export(world, world.principal(), "xlsx", tmp_path / "tables.xlsx")
    book = load_workbook(tmp_path / "tables.xlsx", read_only=True)
    assert {"Person", "Family", "Event"} <= set(book.sheetnames)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells), "no cell is a formula"
    assert "'" + INJECTION in {c.value for c in cells}


@pytest.mark.parametrize("value", ["=1+1", "+44 7700", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_every_formula_start(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert neutralise("Ana") == "Ana"
    assert neutralise(3) == 3


def test_anx_is_well_formed_and_follows_the_chart_structure(world: Node, tmp_path: Path) -> None:
    out = tmp_path / "chart.anx"
    summary = write_export(world, world.principal(), "anx", out)
    root = SafeET.parse(out).getroot()
    assert root.tag == "Chart"
    order = [child.tag for child in root]
    assert order == [
        "ApplicationVersion", "StrengthCollection", "GradeOne", "GradeTwo", "GradeThree",
        "AttributeClassCollection", "EntityTypeCollection", "LinkTypeCollection", "ChartItemCollection",
    ]  # fmt: skip
    entities = {e.get("EntityId"): e for e in root.iter("Entity")}
    assert len(entities) == summary["entities"] == 7
    classes = {c.get("Id") for c in root.iter("AttributeClass")}
    types = {t.get("Id") for t in root.iter("EntityType")}
    link_types = {t.get("Id") for t in root.iter("LinkType")}
    strengths = {s.get("Name") for s in root.iter("Strength")}
    for attribute in root.iter("Attribute"):
        assert attribute.get("AttributeClassReference") in classes
    for icon in root.iter("IconStyle"):
        assert icon.get("EntityTypeReference") in types
    links = list(root.iter("Link"))
    assert len(links) == summary["links"] >= 4
    for link in links:
        assert link.get("End1Id") in entities
        assert link.get("End2Id") in entities
        style = link.find("LinkStyle")
        assert style is not None
        assert style.get("LinkTypeReference") in link_types
        assert style.get("Strength") in strengths
    grades = [len(list(root.find(g).iter("String"))) for g in ("GradeOne", "GradeTwo", "GradeThree")]
    for item in root.iter("ChartItem"):
        for n, name in enumerate(("GradeOneIndex", "GradeTwoIndex", "GradeThreeIndex")):
            assert 0 <= int(item.get(name, "-1")) < grades[n]
    icons = {e.get("Identity"): e.find("Icon/IconStyle").get("Type") for e in entities.values()}
    assert icons["gb-nca.p1"] == "Person"
    assert icons["rs-mup.v1"] == "Vehicle"
    event = next(i for i in root.iter("ChartItem") if i.get("Label") == "Interception at Preševo")
    assert event.get("DateSet") == "true"
    assert event.get("DateTime") == "2023-05-02T00:00:00"
    smith = next(i for i in root.iter("ChartItem") if i.find("End/Entity[@Identity='gb-nca.p1']") is not None)
    values = {a.get("AttributeClass"): a.get("Value") for a in smith.iter("Attribute")}
    assert values["Description"] == INJECTION, "XML escapes quotes and brackets; nothing is lost"
    assert "RS-MUP: A1 C conditions='not for court' to=GB-NCA" in str(values["Markings"])
