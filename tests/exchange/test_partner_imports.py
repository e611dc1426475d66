"""A partner's own STIX bundle or MISP event: mapped to FtM, markings from TLP/PAP/admiralty tags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import stix2  # type: ignore[import-untyped]
from pymisp import MISPEvent, MISPObject

from corridor.access import Node
from corridor.core import InvalidInput
from corridor.exchange import import_file
from corridor.model import Marking, parse_marking

CREATED = "2025-03-01T10:00:00.000Z"


def _marking_of(node: Node, entity_id: str, prop: str) -> tuple[str, Marking]:
    stmt = next(s for s in node.store.view(node.principal()).statements(entity_ids=[entity_id]) if s.prop == prop)
    return stmt.value, stmt.marking


def _partner_bundle(path: Path) -> dict[str, str]:
    ahmet = stix2.Identity(
        name="Ahmet Yılmaz", identity_class="individual", created=CREATED, modified=CREATED,
        object_marking_refs=[stix2.TLP_RED],
        labels=['admiralty-scale:source-reliability="a"', 'admiralty-scale:information-credibility="1"'],
    )  # fmt: skip
    boss = stix2.Identity(name="Kemal", identity_class="individual", created=CREATED, modified=CREATED, confidence=30)
    email = stix2.Indicator(
        name="mail", pattern="[email-addr:value = 'ahmet@example.net']", pattern_type="stix",
        valid_from=CREATED, created=CREATED, modified=CREATED, object_marking_refs=[stix2.TLP_AMBER],
    )  # fmt: skip
    place = stix2.Location(name="Edirne", country="TR", created=CREATED, modified=CREATED)
    rels = [
        stix2.Relationship(email, "related-to", ahmet, created=CREATED, modified=CREATED),
        stix2.Relationship(ahmet, "associate-of", boss, created=CREATED, modified=CREATED),
    ]
    seen = stix2.Sighting(
        sighting_of_ref=ahmet.id, where_sighted_refs=[place.id], first_seen="2024-08-09T00:00:00Z",
        created=CREATED, modified=CREATED, description="Stopped at Kapıkule",
    )  # fmt: skip
    bundle = stix2.Bundle(ahmet, boss, email, place, seen, *rels)
    path.write_text(bundle.serialize(), encoding="utf-8")
    return {"ahmet": ahmet.id, "boss": boss.id, "place": place.id, "seen": seen.id, "assoc": rels[1].id}


def test_partner_stix_bundle_maps_to_ftm_with_derived_markings(target: Node, tmp_path: Path) -> None:
    path = tmp_path / "partner.json"
    ids = _partner_bundle(path)
    report = import_file(target, target.principal(), path, fmt="stix", agency="RS-MUP", marking=parse_marking("B3 P"))
    assert report.rejected == 0
    assert report.entities == 5
    view = target.store.view(target.principal())
    ahmet = view.entity(f"rs-mup.{ids['ahmet']}")
    assert ahmet.schema.name == "Person"
    assert ahmet.get("name") == ["Ahmet Yılmaz"]
    assert ahmet.get("email") == ["ahmet@example.net"], "the indicator's selector joins the entity it relates to"
    _, marking = _marking_of(target, f"rs-mup.{ids['ahmet']}", "name")
    assert (marking.source, marking.intelligence, marking.handling) == (1, "B", "C")
    assert "TLP:RED" in marking.conditions
    _, mail_marking = _marking_of(target, f"rs-mup.{ids['ahmet']}", "email")
    assert mail_marking.handling == "P", "TLP:AMBER keeps lawful sharing permitted"
    _, boss_marking = _marking_of(target, f"rs-mup.{ids['boss']}", "name")
    assert (boss_marking.source, boss_marking.intelligence, boss_marking.handling) == (3, "D", "P"), "confidence 30"
    event = view.entity(f"rs-mup.{ids['seen']}")
    assert event.get("date") == ["2024-08-09"]
    assert event.get("country") == ["tr"]
    assert event.get("involved") == [f"rs-mup.{ids['ahmet']}"]
    link = view.entity(f"rs-mup.{ids['assoc']}")
    assert link.schema.name == "Associate"
    assert link.get("relationship") == ["associate-of"]
    assert view.entity(f"rs-mup.{ids['place']}").get("country") == ["tr"]
    again = import_file(target, target.principal(), path, fmt="stix", agency="RS-MUP", marking=parse_marking("B3 P"))
    assert again.statements == report.statements
    assert target.store.count_statements() == report.statements


def test_partner_misp_event_maps_templates_and_tags(target: Node, tmp_path: Path) -> None:
    event = MISPEvent()
    event.info = "partner event"
    event.add_tag("tlp:green")
    person = MISPObject("person", standalone=False)
    name = person.add_attribute("full-name", value="Ahmet Yılmaz")
    assert name is not None
    name.add_tag("PAP:RED")
    name.add_tag('admiralty-scale:source-reliability="c"')
    person.add_attribute("phone-number", value="+90 532 123 45 67")
    account = MISPObject("bank-account", standalone=False)
    account.add_attribute("iban", value="TR330006100519786457841326")
    account.add_reference(person.uuid, "ownerOf")
    event.add_object(person)
    event.add_object(account)
    event.add_attribute("text", "loose note")
    path = tmp_path / "event.json"
    path.write_text(event.to_json(), encoding="utf-8")
    report = import_file(target, target.principal(), path, fmt="misp", agency="MK-MVR", marking=parse_marking("C2 P"))
    assert report.rejected == 0
    assert report.entities == 2
    assert report.skipped == 1
    view = target.store.view(target.principal())
    ahmet = view.entity(f"mk-mvr.{person.uuid}")
    assert ahmet.schema.name == "Person"
    assert ahmet.get("phone") == ["+905321234567"]
    _, marking = _marking_of(target, f"mk-mvr.{person.uuid}", "name")
    assert (marking.source, marking.intelligence, marking.handling) == (2, "C", "C")
    assert "PAP:RED" in marking.conditions
    _, phone_marking = _marking_of(target, f"mk-mvr.{person.uuid}", "phone")
    assert (phone_marking.source, phone_marking.handling) == (2, "P"), "event tags and --marking fill the gaps"
    assert view.entity(f"mk-mvr.{account.uuid}").get("iban") == ["TR330006100519786457841326"]


def test_bad_partner_files_name_the_file_object_and_field(target: Node, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"type": "bundle", "id": "bundle--1", "objects": [{"type": "identity"}]}))
    with pytest.raises(InvalidInput) as caught:
        import_file(target, target.principal(), broken, fmt="stix", agency="RS-MUP")
    assert caught.value.errors[0].file == str(broken)
    bad_tag = tmp_path / "bad-tag.json"
    ident = stix2.Identity(name="X", identity_class="individual", labels=['admiralty-scale:source-reliability="z"'])
    bad_tag.write_text(stix2.Bundle(ident).serialize(), encoding="utf-8")
    report = import_file(target, target.principal(), bad_tag, fmt="stix", agency="RS-MUP")
    assert report.rejected == 1
    [error] = report.errors
    assert error.file == str(bad_tag)
    assert error.row == 1
    assert ident.id in str(error.field)
    not_misp = tmp_path / "not-misp.json"
    not_misp.write_text("[1, 2]")
    with pytest.raises(InvalidInput) as caught:
        import_file(target, target.principal(), not_misp, fmt="misp", agency="RS-MUP")
    assert caught.value.errors[0].file == str(not_misp)
