"""What the records look like: scripts and languages, valid selectors, realistic noise."""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import icu
import phonenumbers
import pytest
from stdnum import bitcoin, iban, imei
from stdnum.tr import tckimlik

from corridor.scenario._identifiers import b58decode_check, jmbg, plate, tc_kimlik
from corridor.scenario._names import POOLS
from corridor.scenario._scripts import TARGETS, sr_cyr_to_lat, sr_lat_to_cyr, write_name

from ._helpers import load_json, load_mapping, read_records

CYRILLIC = re.compile("[\u0400-\u04ff]")
PHONE_PROPS = {"phone", "callerNumber", "receiverNumber"}


@pytest.fixture(scope="module")
def truth(tiny: Path) -> dict[str, Any]:
    data = load_json(tiny / "truth.json")
    assert isinstance(data, dict)
    return data


def _rows(root: Path, path: str) -> list[dict[str, Any]]:
    mapping = load_mapping(root / (path.rsplit(".", 1)[0] + ".yml"))
    return list(read_records(root / path, mapping["corridor"]))


def test_serbian_files_are_cyrillic_with_some_latin_rows(tiny: Path) -> None:
    rows = _rows(tiny, "rs-mup/interceptions.csv")
    assert all(CYRILLIC.search(h) for h in rows[0])
    names = [r["презиме"] for r in rows if r["презиме"]]
    cyrillic = [n for n in names if CYRILLIC.search(n)]
    assert len(cyrillic) > len(names) / 2
    assert len(cyrillic) < len(names)
    assert (tiny / "rs-mup/interceptions.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_macedonian_workbook_is_cyrillic_with_a_sheet_per_year(tiny: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(tiny / "mk-mvr/apprehensions.xlsx", read_only=True)
    assert all(re.fullmatch(r"20\d\d", name) for name in wb.sheetnames)
    rows = _rows(tiny, "mk-mvr/apprehensions.xlsx")
    assert all(CYRILLIC.search(r["Презиме"]) for r in rows if r["Презиме"])
    assert any(isinstance(r["Датум"], date) for r in rows)
    wb.close()


def test_turkish_files_use_turkish_letters_in_windows_1254(tiny: Path) -> None:
    raw = (tiny / "tr-egm/apprehensions.csv").read_bytes()
    text = raw.decode("windows-1254")
    assert "kayıt_no" in text.splitlines()[0]
    body = "\n".join(text.splitlines()[1:])
    assert re.search("[ıİşŞğĞçÇöÖüÜ]", body)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_kosovo_json_is_albanian_and_nested(tiny: Path) -> None:
    data = load_json(tiny / "xk-kp/apprehensions.json")
    first = data["regjistrimet"][0]
    assert {"id", "rasti", "data", "vendi", "personi", "telefonat"} <= set(first)
    assert {"emri", "mbiemri", "datelindja", "shtetesia"} <= set(first["personi"])
    assert isinstance(first["telefonat"], list)


def test_every_phone_in_every_file_is_valid_for_its_region(tiny: Path) -> None:
    checked = 0
    for entry in load_json(tiny / "manifest.json")["files"]:
        mapping = load_mapping(tiny / entry["mapping"])
        region = mapping["corridor"]["phone_region"]
        columns: list[str] = []
        for spec in mapping["entities"].values():
            for name, prop in (spec.get("properties") or {}).items():
                if name in PHONE_PROPS:
                    columns += prop.get("columns") or [prop["column"]]
        for row in read_records(tiny / entry["path"], mapping["corridor"]):
            for column in columns:
                values = row.get(column) or []
                for value in values if isinstance(values, list) else [values]:
                    parsed = phonenumbers.parse(str(value), region)
                    assert phonenumbers.is_valid_number(parsed), (entry["path"], value)
                    checked += 1
    assert checked > 100


def test_selectors_in_the_truth_are_valid(truth: dict[str, Any]) -> None:
    kinds: dict[str, int] = {}
    for selector in truth["selectors"]:
        value = selector["value"]
        kinds[selector["type"]] = kinds.get(selector["type"], 0) + 1
        if selector["type"] == "phone":
            assert phonenumbers.is_valid_number(phonenumbers.parse(value)), value
        elif selector["type"] == "iban":
            assert iban.is_valid(value), value
        elif selector["type"] == "wallet":
            assert bitcoin.is_valid(value) if value.startswith("bc1") else b58decode_check(value) is not None, value
    assert {"phone", "iban", "wallet", "plate"} <= set(kinds)
    for payment in truth["payments"]:
        if payment["method"] == "bank":
            assert iban.is_valid(payment["payer_account"])
            assert iban.is_valid(payment["payee_account"])


def test_personal_numbers_carry_valid_check_digits(truth: dict[str, Any]) -> None:
    seen = {"rs": 0, "tr": 0}
    for person in truth["persons"]:
        number = person.get("id_number")
        if not number:
            continue
        if person["nationality"] == "tr":
            assert tckimlik.is_valid(number)
            seen["tr"] += 1
        if person["nationality"] in ("rs", "mk"):
            dob = date.fromisoformat(person["dob"])
            assert number[:7] == f"{dob.day:02d}{dob.month:02d}{dob.year % 1000:03d}"
            seen["rs"] += 1
    assert all(seen.values())


def test_jmbg_and_kimlik_and_imei_check_digits() -> None:
    rng = random.Random(1)
    for _ in range(200):
        number = jmbg(rng, date(1980, 5, 17), True, 71)
        digits = [int(c) for c in number]
        total = sum(w * (digits[i] + digits[i + 6]) for i, w in enumerate((7, 6, 5, 4, 3, 2)))
        assert digits[12] == (11 - total % 11) % 11 % 10
        assert tckimlik.is_valid(tc_kimlik(rng))
    from corridor.scenario._identifiers import imei as make_imei

    assert all(imei.is_valid(make_imei(rng)) for _ in range(100))


@pytest.mark.parametrize(
    ("country", "pattern"),
    [
        ("rs", r"[A-ZŠ]{2} \d{3,4}-[A-Z]{2}"),
        ("mk", r"[A-Z]{2} \d{4} [A-Z]{2}"),
        ("xk", r"0[1-7]-\d{3}-[A-Z]{2}"),
        ("al", r"[A-Z]{2} \d{3} [A-Z]{2}"),
        ("tr", r"\d{2} [A-Z]{1,3} \d{2,4}"),
        ("gb", r"[A-Z]{2}\d{2} [A-Z]{3}"),
        ("fr", r"[A-Z]{2}-\d{3}-[A-Z]{2}"),
    ],
)
def test_plates_follow_national_formats(country: str, pattern: str) -> None:
    rng = random.Random(country)
    assert all(re.fullmatch(pattern, plate(rng, country)) for _ in range(200))


def test_serbian_transliteration_agrees_with_icu() -> None:
    icu_latin = icu.Transliterator.createInstance("Serbian-Latin/BGN")
    pool = POOLS["srp"]
    for name in (*pool.male, *pool.female, *pool.family):
        latin = sr_cyr_to_lat(name)
        assert latin == unicodedata.normalize("NFC", icu_latin.transliterate(name))
        assert sr_lat_to_cyr(latin) == name


def test_names_are_written_in_each_agency_orthography() -> None:
    assert write_name("Krasniqi", "sqi", "sr-Cyrl") == "Краснићи"
    assert write_name("Петровић", "srp", "en") == "Petrovic"
    assert write_name("Петровић", "srp", "tr") == "Petroviç"
    assert write_name("Петровић", "srp", "sq") == "Petroviq"
    assert write_name("Mohammad", "ara", "tr") == "Muhammed"
    assert write_name("Ѓорѓиевски", "mkd", "sr-Cyrl") == "Ђорђиевски"
    for target in TARGETS:
        assert write_name("Yılmaz", "tur", target)


def test_transliteration_variants_reach_the_files(tiny: Path, truth: dict[str, Any]) -> None:
    """One migrant is written differently by different agencies (scripts and spellings)."""
    by_person: dict[str, set[str]] = {}
    for entry, column in (("rs-mup/interceptions.csv", "презиме"), ("gb-bf/small_boat_arrivals.csv", "surname"),
                          ("tr-egm/apprehensions.csv", "soyadı"), ("al-asp/interceptions.csv", "mbiemri")):  # fmt: skip
        ids = {r["source_id"]: r["person"] for r in truth["records"] if r["file"] == entry}
        id_column = next(iter(_rows(tiny, entry)[0]))
        for row in _rows(tiny, entry):
            by_person.setdefault(ids[row[id_column]], set()).add(row[column])
    assert any(len(names) >= 2 for names in by_person.values())
