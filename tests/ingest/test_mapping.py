"""Mappings: corridor's compiled mapping means what FollowTheMoney's own pipeline means."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from corridor.core import InvalidInput
from corridor.ingest import Mapped, compile_query, ftm_query, load_mapping, namespaced_id, parse_options
from corridor.ingest._clean import iso_from_format

from ._helpers import write_mapping

QUERY: dict[str, Any] = {
    "entities": {
        "person": {
            "schema": "Person",
            "keys": ["first", "last", "dob"],
            "key_literal": "person",
            "properties": {
                "name": {"columns": ["first", "last"], "join": " "},
                "firstName": {"column": "first"},
                "lastName": {"column": "last"},
                "birthDate": {"column": "dob"},
                "nationality": {"column": "country"},
                "notes": {"template": "seen at {{place}} by {{unit}}"},
                "topics": {"literal": "crime.traffick"},
            },
        },
        "phone_owner": {
            "schema": "Person",
            "id_column": "owner_id",
            "properties": {"alias": {"column": "aliases", "split": ";"}},
        },
        "call": {
            "schema": "Call",
            "keys": ["call_id"],
            "properties": {
                "caller": {"entity": "person"},
                "receiver": {"entity": "phone_owner"},
                "date": {"column": "when"},
                "duration": {"column": "seconds"},
            },
        },
    },
}
RECORDS = [
    {
        "first": "Ahmad",
        "last": "Karimi",
        "dob": "1990-01-02",
        "country": "Afghanistan",
        "place": "Subotica",
        "unit": "border police",
        "owner_id": "P-7",
        "aliases": "Ahmed; Ahmadi",
        "call_id": "c1",
        "when": "2024-05-01",
        "seconds": "30",
    },
    {"first": "Ivan", "last": "Horvat", "call_id": "c2", "when": "2024-05-02"},
    {"last": "Only", "owner_id": "P-8"},
]


def compiled(query: dict[str, Any], options: dict[str, Any] | None = None, agency: str = "RS-MUP") -> Any:
    return compile_query(ftm_query(Path("m.yml"), query), query, parse_options(options, "m.yml"), agency)


def map_record(plan: Any, record: dict[str, Any], agency: str = "RS-MUP") -> list[Mapped]:
    made: dict[str, Mapped] = {}
    out = []
    for entity in plan.entities:
        found = entity.map(record, made, agency)
        if found is not None:
            made[entity.name] = found
            out.append(found)
    return out


def test_same_ids_and_values_as_followthemoney() -> None:
    ftm = ftm_query(Path("m.yml"), QUERY)
    plan = compiled(QUERY)
    for record in RECORDS:
        expected = {e.id: e for e in ftm.map(record).values()}
        ours = map_record(plan, record)
        assert {m.id for m in ours} == {namespaced_id("RS-MUP", i) for i in expected}
        for mapped in ours:
            proxy = expected[mapped.source_id]
            assert mapped.schema == proxy.schema.name
            for prop, value in proxy.itervalues():
                if prop.type.name == "entity":
                    value = namespaced_id("RS-MUP", value)
                assert value in {v.value for v in mapped.values if v.prop == prop.name}, (prop.name, value)


def test_entity_references_and_names_mentioned() -> None:
    plan = compiled(QUERY)
    person, owner, call = map_record(plan, RECORDS[0])
    values = {(v.prop, v.value) for v in call.values}
    assert ("caller", person.id) in values
    assert ("receiver", owner.id) in values
    assert owner.id == "rs-mup.P-7"
    assert {v.value for v in owner.values if v.prop == "alias"} == {"Ahmed", "Ahmadi"}


def test_a_reference_to_an_entity_the_row_did_not_make_is_left_out() -> None:
    plan = compiled(QUERY)
    mapped = map_record(plan, RECORDS[1])
    call = next(m for m in mapped if m.schema == "Call")
    assert not [v for v in call.values if v.prop == "receiver"]


def test_required_property_skips_the_entity() -> None:
    query = {
        "entities": {
            "p": {"schema": "Person", "id_column": "id", "properties": {"name": {"column": "n", "required": True}}}
        }
    }
    plan = compiled(query)
    assert map_record(plan, {"id": "1"}) == []
    assert [m.id for m in map_record(plan, {"id": "1", "n": "X"})] == ["rs-mup.1"]


def test_filters_and_filters_not() -> None:
    query = {
        "entities": {"p": {"schema": "Person", "id_column": "id", "properties": {"name": {"column": "n"}}}},
        "filters": {"kind": ["person", "suspect"]},
        "filters_not": {"status": "deleted"},
    }
    plan = compiled(query)
    assert plan.accepts({"kind": "person"})
    assert plan.accepts({"kind": "suspect", "status": "active"})
    assert not plan.accepts({"kind": "vehicle"})
    assert not plan.accepts({"kind": "person", "status": "deleted"})
    assert not plan.accepts({})


def test_ftm_format_is_a_date_format() -> None:
    query = {
        "entities": {
            "p": {
                "schema": "Person",
                "id_column": "id",
                "properties": {"birthDate": {"column": "d", "format": "%d/%m/%Y"}},
            }
        }
    }
    (person,) = map_record(compiled(query), {"id": "1", "d": "05/04/1988"})
    assert ("birthDate", "1988-04-05") in {(v.prop, v.value) for v in person.values}


def test_date_formats_per_column_and_iso_always_works() -> None:
    query = {
        "entities": {"p": {"schema": "Person", "id_column": "id", "properties": {"birthDate": {"column": "датум"}}}}
    }
    plan = compiled(query, {"date_formats": {"датум": ["%d.%m.%Y.", "%d.%m.%Y"]}})
    for text, expected in (
        ("12.03.1985.", "1985-03-12"),
        ("12.03.1985", "1985-03-12"),
        ("1985-03-12", "1985-03-12"),
        ("1985", "1985"),
    ):
        (person,) = map_record(plan, {"id": "1", "датум": text})
        dates = [v for v in person.values if v.prop == "birthDate"]
        assert [d.value for d in dates] == [expected]
        assert dates[0].original == (None if text == expected else text)


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("%d.%m.%Y %H:%M", "01.02.2024 13:45", "2024-02-01T13:45"),
        ("%m/%Y", "02/2024", "2024-02"),
        ("%Y", "2024", "2024"),
    ],
)
def test_date_precision_follows_the_format(fmt: str, text: str, expected: str) -> None:
    assert iso_from_format(text, fmt) == expected


def test_names_keep_their_script_and_gain_a_latin_form() -> None:
    query = {
        "entities": {
            "p": {
                "schema": "Person",
                "id_column": "id",
                "properties": {"name": {"column": "име"}, "lastName": {"column": "презиме"}},
            }
        }
    }
    (person,) = map_record(
        compiled(query, {"lang": "srp", "script": "Cyrl"}), {"id": "1", "име": "Ђорђе Јовановић", "презиме": "Љубишић"}
    )
    names = {(v.prop, v.value, v.lang, v.original) for v in person.values}
    assert ("name", "Ђорђе Јовановић", "srp", None) in names
    assert ("name", "Đorđe Jovanović", "srp", "Ђорђе Јовановић") in names
    assert ("lastName", "Ljubišić", "srp", "Љубишић") in names


def test_macedonian_names_use_macedonian_rules() -> None:
    query = {"entities": {"p": {"schema": "Person", "id_column": "id", "properties": {"name": {"column": "n"}}}}}
    (person,) = map_record(compiled(query, {"lang": "mkd"}), {"id": "1", "n": "Ѓорѓи"})
    assert {v.value for v in person.values if v.prop == "name"} == {"Ѓорѓи", "Ǵorǵi"}


def test_latin_names_get_no_second_form() -> None:
    query = {"entities": {"p": {"schema": "Person", "id_column": "id", "properties": {"name": {"column": "n"}}}}}
    (person,) = map_record(compiled(query, {"lang": "tur"}), {"id": "1", "n": "Şükrü Öztürk"})
    assert [v.value for v in person.values if v.prop == "name"] == ["Şükrü Öztürk"]


def test_phone_numbers_use_the_default_region() -> None:
    query = {"entities": {"p": {"schema": "Person", "id_column": "id", "properties": {"phone": {"column": "tel"}}}}}
    (person,) = map_record(compiled(query, {"phone_region": "RS"}), {"id": "1", "tel": "064/123-4567"})
    assert [(v.value, v.original) for v in person.values if v.prop == "phone"] == [("+381641234567", "064/123-4567")]


def test_selector_properties_are_normalised() -> None:
    query = {
        "entities": {
            "v": {
                "schema": "Vehicle",
                "id_column": "id",
                "properties": {"registrationNumber": {"column": "plate"}, "country": {"column": "c"}},
            },
            "a": {"schema": "BankAccount", "id_column": "acc", "properties": {"iban": {"column": "iban"}}},
        }
    }
    vehicle, account = map_record(
        compiled(query), {"id": "1", "plate": "bg 123-ab", "c": "RS", "acc": "2", "iban": "rs35 2600 0560 1001 6113 79"}
    )
    assert ("registrationNumber", "BG123AB") in {(v.prop, v.value) for v in vehicle.values}
    assert ("iban", "RS35260005601001611379") in {(v.prop, v.value) for v in account.values}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("entities: [", "not valid YAML"),
        ("- a list\n", "entities: block"),
        ("entities:\n  p: {schema: Spaceship, id_column: id}\n", "Invalid schema"),
        ("entities:\n  p: {schema: Person}\n", "No keys or ID"),
        ("entities:\n  p: {schema: Person, id_column: id, properties: {wings: {column: w}}}\n", "Invalid property"),
        ("entities:\n  p: {schema: Person, id_column: id}\ncorridor: {colour: red}\n", "unknown option"),
        ("entities:\n  p: {schema: Person, id_column: id}\ncorridor: {encoding: klingon}\n", "unknown text encoding"),
        ("entities:\n  p: {schema: Person, id_column: id}\ncorridor: {marking: Z9}\n", "invalid marking"),
    ],
)
def test_bad_mappings_fail_with_a_reason(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "m.yml"
    path.write_text(text)

    def load_and_check() -> None:
        for query in load_mapping(path).queries:
            ftm_query(path, query)

    with pytest.raises(InvalidInput) as caught:
        load_and_check()
    assert problem in caught.value.one_line()


def test_ftm_mapping_file_shape_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "m.yml"
    path.write_text(
        "partner_export:\n  queries:\n    - entities:\n        p: {schema: Person, id_column: id}\n"
        "  corridor: {lang: sqi}\n"
    )
    mapping = load_mapping(path)
    assert len(mapping.queries) == 1
    assert mapping.options.lang == "sqi"


def test_corridor_block_is_read(tmp_path: Path) -> None:
    path = write_mapping(
        tmp_path / "m.yml",
        {"p": {"schema": "Person", "id_column": "id"}},
        {
            "delimiter": "\\t",
            "encoding": "windows-1251",
            "marking": "B2 P",
            "column_markings": {"tel": "A1 C conditions='no court'"},
        },
    )
    options = load_mapping(path).options
    assert options.delimiter == "\t"
    assert options.encoding == "cp1251"
    assert options.marking is not None
    assert options.marking.grade == "B2 P"
    assert options.column_markings["tel"].handling == "C"
