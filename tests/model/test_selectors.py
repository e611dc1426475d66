"""Selectors: each kind turns real-looking values into one form and refuses bad ones, saying why.

Cyrillic and Greek letters are written as ``\\N{…}`` escapes: the tests are about letters that
look Latin, and a literal would hide which alphabet a letter comes from.
"""

from __future__ import annotations

import pytest
from followthemoney import model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.core import FieldError, InvalidInput
from corridor.model._selectors import (
    SELECTOR_KINDS,
    Selector,
    normalise_selector,
    selector_kind_for_property,
    try_selector,
)

SETTINGS = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
"""No deadline (the first phone number loads phonenumbers' metadata) and no example database
written into the working tree."""


def reason(kind: str, value: str, **kwargs: str) -> str:
    """Normalise a value that must be refused, and return the reason given."""
    with pytest.raises(InvalidInput) as caught:
        normalise_selector(kind, value, **kwargs)
    [error] = caught.value.errors
    assert error.field == kind
    assert error.value == value
    return error.reason


def test_every_kind_is_described() -> None:
    assert set(SELECTOR_KINDS) == {
        "phone",
        "imei",
        "iban",
        "passport",
        "idnumber",
        "plate",
        "crypto",
        "email",
        "vin",
        "mmsi",
    }
    assert all(description.strip() for description in SELECTOR_KINDS.values())


def test_unknown_kind_names_the_known_ones() -> None:
    text = reason("foo", "123")
    assert "unknown selector kind 'foo'" in text
    assert "phone" in text
    assert "plate" in text


def test_error_carries_kind_value_and_status() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_selector("imei", "352099001761482")
    assert caught.value.http_status == 400
    assert caught.value.as_dict()["errors"] == [
        {"reason": "IMEI check digit is wrong (Luhn)", "field": "imei", "value": "352099001761482"}
    ]


def test_try_selector_returns_none_for_bad_values() -> None:
    assert try_selector("imei", "352099001761482") is None
    assert try_selector("phone", "064 123 4567", default_region="RS") == Selector("phone", "+381641234567", "RS")


def test_try_selector_still_raises_for_an_unknown_kind() -> None:
    with pytest.raises(InvalidInput):
        try_selector("fone", "064 123 4567")


@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_empty_values_are_refused(value: str) -> None:
    assert reason("phone", value) == "empty phone"


def test_very_long_values_are_refused_and_not_echoed_whole() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_selector("email", "a" * 10_000 + "@example.com")
    [error] = caught.value.errors
    assert "too long" in error.reason
    assert error.value is not None
    assert len(error.value) < 100


# --- phone ------------------------------------------------------------------------------

LOCAL_PHONES = [
    ("RS", "064 123 4567", "+381641234567"),
    ("RS", "064/123-4567", "+381641234567"),
    ("RS", "011 3234567", "+381113234567"),
    ("MK", "070 123 456", "+38970123456"),
    ("MK", "02 3123 456", "+38923123456"),
    ("XK", "044 123 456", "+38344123456"),
    ("XK", "049 123 456", "+38349123456"),
    ("XK", "038 200 30 300", "+3833820030300"),
    ("AL", "069 123 4567", "+355691234567"),
    ("AL", "04 222 3333", "+35542223333"),
    ("TR", "0532 123 45 67", "+905321234567"),
    ("TR", "0 (212) 123 45 67", "+902121234567"),
    ("GR", "694 123 4567", "+306941234567"),
    ("GR", "210 123 4567", "+302101234567"),
    ("GB", "07400 123456", "+447400123456"),
    ("GB", "020 7946 0958", "+442079460958"),
    ("FR", "06 12 34 56 78", "+33612345678"),
    ("FR", "01.42.68.53.00", "+33142685300"),
    ("BE", "0470 12 34 56", "+32470123456"),
    ("BE", "02 555 12 12", "+3225551212"),
    ("AT", "0664 1234567", "+436641234567"),
    ("AT", "01 5123456", "+4315123456"),
    ("HU", "06 20 123 4567", "+36201234567"),
    ("HU", "06-1-234-5678", "+3612345678"),
]


@pytest.mark.parametrize(("region", "local", "e164"), LOCAL_PHONES)
def test_local_phone_numbers_are_read_in_the_default_region(region: str, local: str, e164: str) -> None:
    assert normalise_selector("phone", local, default_region=region) == Selector("phone", e164, region)


@pytest.mark.parametrize(
    ("text", "e164", "country"),
    [
        ("+381 64 123 4567", "+381641234567", "RS"),
        ("00381 64 123 4567", "+381641234567", "RS"),
        ("00 381 64 123 45 67", "+381641234567", "RS"),
        ("+383 44 123 456", "+38344123456", "XK"),
        ("+389 70 123 456", "+38970123456", "MK"),
        ("+355 69 123 4567", "+355691234567", "AL"),
        ("+90 532 123 45 67", "+905321234567", "TR"),
        ("+30 694 123 4567", "+306941234567", "GR"),
        ("(+44) 20 7946 0958", "+442079460958", "GB"),
        ("+44 (0)20 7946 0958", "+442079460958", "GB"),
        ("+33 6 12 34 56 78", "+33612345678", "FR"),
        ("+32 470 12 34 56", "+32470123456", "BE"),
        ("+43 664 1234567", "+436641234567", "AT"),
        ("+36 20 123 4567", "+36201234567", "HU"),
    ],
)
def test_international_phone_numbers_need_no_region(text: str, e164: str, country: str) -> None:
    assert normalise_selector("phone", text) == Selector("phone", e164, country)


def test_an_international_prefix_wins_over_the_default_region() -> None:
    assert normalise_selector("phone", "0044 7400 123456", default_region="RS").value == "+447400123456"
    assert normalise_selector("phone", "+389 70 123 456", default_region="GB").country == "MK"


def test_phone_country_is_where_the_number_is_from() -> None:
    # +44 7911 numbers are Guernsey's: the country is read from the number, not assumed.
    assert normalise_selector("phone", "+44 7911 123456").country == "GG"
    assert normalise_selector("phone", "+44 7911 123456", country="GB").country == "GG"
    assert normalise_selector("phone", "+800 1234 5678") == Selector("phone", "+80012345678", None)


def test_phone_country_also_reads_local_numbers() -> None:
    assert normalise_selector("phone", "044 123 456", country="XK", default_region="GB").value == "+38344123456"


@pytest.mark.parametrize("region", ["UK", "gb", "GBR"])
def test_region_codes_are_read_leniently(region: str) -> None:
    assert normalise_selector("phone", "07400 123456", default_region=region).value == "+447400123456"


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("064 123", {"default_region": "RS"}, "not a valid phone number for region RS"),
        ("+381 64 12", {}, "not a valid phone number for region RS"),
        ("0641234567", {}, "no international prefix (+ or 00) and no default_region"),
        ("call 064 123 4567", {"default_region": "RS"}, "may contain only digits"),
        ("+381 64 123 4567 ext 1", {}, "may contain only digits"),
        ("++381641234567", {}, "may contain only digits"),
        ("+999 123 456", {}, "unknown country calling code"),
        ("+381641234567", {"country": "GB"}, "calling code +381, but country GB was given"),
        ("064 123 4567", {"default_region": "Serbia"}, "default_region must be an ISO 3166 country code"),
        ("064 123 4567", {"default_region": "XX"}, "default_region must be an ISO 3166 country code"),
    ],
)
def test_bad_phone_numbers_are_refused(text: str, kwargs: dict[str, str], expected: str) -> None:
    assert expected in reason("phone", text, **kwargs)


# --- imei -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("352099001761481", "352099001761481"),
        ("35-209900-176148-1", "352099001761481"),
        ("35 209900 176148 1", "352099001761481"),
        ("35.209900.176148.1", "352099001761481"),
        ("354178036859789", "354178036859789"),
        # 14 digits: the check digit is computed and appended
        ("35686800004141", "356868000041418"),
        ("35-686800-004141", "356868000041418"),
        # 16-digit IMEISV: the software version is dropped, the check digit computed
        ("3568680000414120", "356868000041418"),
        ("35-686800-004141-20", "356868000041418"),
        ("3568680000414199", "356868000041418"),
    ],
)
def test_imeis_are_written_with_their_check_digit(text: str, value: str) -> None:
    assert normalise_selector("imei", text) == Selector("imei", value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("352099001761482", "IMEI check digit is wrong (Luhn)"),
        ("35-417803-685978-1", "IMEI check digit is wrong (Luhn)"),
        ("3520990017614", "15 digits (14 without check digit, 16 as IMEISV), got 13"),
        ("35209900176148123", "got 17"),
        ("35209900176148A", "only digits"),
        ("000000000000000", "placeholder"),
        ("00000000000000", "placeholder"),
    ],
)
def test_bad_imeis_are_refused(text: str, expected: str) -> None:
    assert expected in reason("imei", text)


# --- iban -------------------------------------------------------------------------------

IBANS = [
    ("RS35 1050 0812 3123 1231 73", "RS35105008123123123173"),
    ("MK07 2501 2000 0058 984", "MK07250120000058984"),
    ("XK05 1212 0123 4567 8906", "XK051212012345678906"),
    ("AL47 2121 1009 0000 0002 3569 8741", "AL47212110090000000235698741"),
    ("TR33 0006 1005 1978 6457 8413 26", "TR330006100519786457841326"),
    ("GR16 0110 1250 0000 0001 2300 695", "GR1601101250000000012300695"),
    ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"),
    ("FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"),
    ("BE68 5390 0754 7034", "BE68539007547034"),
    ("AT61 1904 3002 3457 3201", "AT611904300234573201"),
    ("HU42 1177 3016 1111 1018 0000 0000", "HU42117730161111101800000000"),
    ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
]


@pytest.mark.parametrize(("text", "value"), IBANS)
def test_ibans_are_compact_upper_case_with_their_country(text: str, value: str) -> None:
    assert normalise_selector("iban", text) == Selector("iban", value, value[:2])
    assert normalise_selector("iban", text.lower()).value == value
    assert normalise_selector("iban", text.replace(" ", "-")).value == value


def test_iban_prefix_and_matching_country_are_accepted() -> None:
    assert normalise_selector("iban", "IBAN: RS35 1050 0812 3123 1231 73", country="RS").value == (
        "RS35105008123123123173"
    )


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("RS35105008123123123174", {}, "IBAN checksum does not match"),
        ("RS53105008123123123173", {}, "IBAN checksum does not match"),
        ("RS3510500812312312317", {}, "an IBAN from RS has 22 characters, got 21"),
        ("XX35105008123123123173", {}, "XX is not a country with IBANs"),
        ("not an iban", {}, "two letters, two check digits"),
        ("12345678", {}, "two letters, two check digits"),
        # right IBAN checksum, wrong Belgian account check digits
        ("BE41539007547035", {}, "national check digits of the BE account number do not match"),
        ("RS35105008123123123173", {"country": "GB"}, "IBAN belongs to RS, but country GB was given"),
    ],
)
def test_bad_ibans_are_refused(text: str, kwargs: dict[str, str], expected: str) -> None:
    assert expected in reason("iban", text, **kwargs)


# --- passport and ID numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country", "value", "key"),
    [
        ("012345678", "RS", "012345678", "passport:RS:012345678"),
        ("ab 123-456", "MK", "AB123456", "passport:MK:AB123456"),
        ("AB.123.456", "srb", "AB123456", "passport:RS:AB123456"),
        ("AB123456", None, "AB123456", "passport:AB123456"),
        # Cyrillic letters shaped like Latin ones, from a Cyrillic keyboard layout or OCR
        (
            "\N{CYRILLIC CAPITAL LETTER A}\N{CYRILLIC CAPITAL LETTER VE}\N{CYRILLIC CAPITAL LETTER ES} 123456",
            "MK",
            "ABC123456",
            "passport:MK:ABC123456",
        ),
        (
            "\N{CYRILLIC SMALL LETTER EN}\N{CYRILLIC SMALL LETTER ER}0123456",
            "RS",
            "HP0123456",
            "passport:RS:HP0123456",
        ),
        (
            "\N{CYRILLIC CAPITAL LETTER EM}\N{CYRILLIC CAPITAL LETTER KA}\N{CYRILLIC CAPITAL LETTER TE}"
            "\N{CYRILLIC CAPITAL LETTER O}\N{CYRILLIC CAPITAL LETTER HA}\N{CYRILLIC CAPITAL LETTER IE}1234",
            "RS",
            "MKTOXE1234",
            "passport:RS:MKTOXE1234",
        ),
        # the same from a Greek keyboard
        (
            "\N{GREEK CAPITAL LETTER ALPHA}\N{GREEK CAPITAL LETTER ETA}1234567",
            "GR",
            "AH1234567",
            "passport:GR:AH1234567",
        ),
    ],
)
def test_passport_numbers_fold_to_latin_and_key_on_their_country(
    text: str, country: str | None, value: str, key: str
) -> None:
    selector = normalise_selector("passport", text, country=country)
    assert selector.value == value
    assert selector.key == key


def test_the_same_number_from_two_countries_is_two_selectors() -> None:
    serbian = normalise_selector("passport", "012345678", country="RS")
    macedonian = normalise_selector("passport", "012345678", country="MK")
    assert serbian.value == macedonian.value
    assert serbian.key != macedonian.key


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("1234", {}, "5 to 20 letters and digits, got 4"),
        ("A" * 21, {}, "5 to 20 letters and digits, got 21"),
        ("AB#123456", {}, "only letters and digits; '#' is neither"),
        ("\N{CYRILLIC CAPITAL LETTER BE}1234567", {}, "only letters and digits; '\N{CYRILLIC CAPITAL LETTER BE}'"),
        ("AB123456", {"country": "Serbia"}, "country must be an ISO 3166 country code"),
        ("AB123456", {"country": "XX"}, "country must be an ISO 3166 country code"),
    ],
)
def test_bad_passport_numbers_are_refused(text: str, kwargs: dict[str, str], expected: str) -> None:
    assert expected in reason("passport", text, **kwargs)


@pytest.mark.parametrize(
    ("text", "country", "value"),
    [
        ("17291716060", "TR", "17291716060"),  # T.C. Kimlik number
        ("A12B34567", "TR", "A12B34567"),  # an ID card's serial: another shape, generic rule
        ("752316 926 3", "BG", "7523169263"),  # EGN
        ("7111 042 925", "BG", "7111042925"),  # LNCh, a foreigner's number
        ("85.07.30-033.28", "BE", "85073003328"),  # national number
        ("98.47.28-997.65", "BE", "98472899765"),  # BIS number
        ("591-1917064-58", "BE", "591191706458"),  # eID card number
        ("33392005961", "HR", "33392005961"),  # OIB
        ("J 91402501 L", "AL", "J91402501L"),  # personal number (NIPT layout)
        ("0101990710006", "RS", "0101990710006"),  # JMBG: no stdnum module, generic rule
        ("009876543", "XK", "009876543"),
    ],
)
def test_id_numbers_are_checked_with_stdnum_where_it_knows_them(text: str, country: str, value: str) -> None:
    assert normalise_selector("idnumber", text, country=country) == Selector("idnumber", value, country)


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("17291716050", "TR", "not a valid TR T.C. Kimlik number: The number's checksum or check digit is invalid"),
        ("07291716092", "TR", "not a valid TR T.C. Kimlik number"),
        ("7523169264", "BG", "not a valid BG EGN or LNCh"),
        ("85073003329", "BE", "not a valid BE national or BIS number"),
        ("591191706459", "BE", "not a valid BE eID card number"),
        ("33392005962", "HR", "not a valid HR OIB"),
        ("Z22218003V", "AL", "not a valid AL personal number: The number has an invalid format"),
    ],
)
def test_bad_id_numbers_report_the_stdnum_reason(text: str, country: str, expected: str) -> None:
    assert expected in reason("idnumber", text, country=country)


def test_id_number_check_needs_the_country() -> None:
    assert normalise_selector("idnumber", "17291716050").key == "idnumber:17291716050"


# --- plates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "text", "value"),
    [
        ("RS", "BG 123-AB", "BG123AB"),
        ("RS", "BG 1234-AB", "BG1234AB"),
        ("RS", "ns 12345-ab", "NS12345AB"),
        ("RS", "BG\N{MIDDLE DOT}123\N{MIDDLE DOT}AB", "BG123AB"),
        ("RS", "BG 123\N{EN DASH}AB", "BG123AB"),
        ("RS", "ČA 123-ŠĐ", "CA123SD"),
        ("RS", "KŽ 123-ĆŽ", "KZ123CZ"),
        ("MK", "SK 1234 AB", "SK1234AB"),
        ("MK", "ŠT 123-AB", "ST123AB"),
        ("XK", "01-123-AB", "01123AB"),
        ("XK", "123 KS 456", "123KS456"),
        ("AL", "AA 123 BB", "AA123BB"),
        ("AL", "TR 1234 A", "TR1234A"),
        ("TR", "34 ABC 123", "34ABC123"),
        ("TR", "06 A 1234", "06A1234"),
        ("TR", "35 AB 12", "35AB12"),
        ("GR", "ABC-1234", "ABC1234"),
        ("HU", "ABC-123", "ABC123"),
        ("HU", "AA AA-123", "AAAA123"),
        ("AT", "W 12345 A", "W12345A"),
        ("AT", "GU 123 AB", "GU123AB"),
        ("FR", "AB-123-CD", "AB123CD"),
        ("FR", "1234 AB 75", "1234AB75"),
        ("FR", "123 ABC 2A", "123ABC2A"),
        ("BE", "1-ABC-123", "1ABC123"),
        ("BE", "ABC-123", "ABC123"),
        ("GB", "AB12 CDE", "AB12CDE"),
        ("GB", "A123 BCD", "A123BCD"),
        ("GB", "ABC 123D", "ABC123D"),
        ("GB", "ABZ 1234", "ABZ1234"),
        ("BG", "CA 1234 AB", "CA1234AB"),
        ("BG", "C 1234 AB", "C1234AB"),
        ("HR", "ZG 1234-AB", "ZG1234AB"),
        ("HR", "ŠI 123-A", "SI123A"),
        ("BA", "A12-B-345", "A12B345"),
        ("BA", "E32-J-123", "E32J123"),
        ("BA", "123-A-456", "123A456"),
    ],
)
def test_plates_match_their_country_format(country: str, text: str, value: str) -> None:
    selector = normalise_selector("plate", text, country=country)
    assert selector == Selector("plate", value, country)
    assert selector.key == f"plate:{country}:{value}"


BE = "\N{CYRILLIC CAPITAL LETTER BE}"
GHE = "\N{CYRILLIC CAPITAL LETTER GHE}"
A = "\N{CYRILLIC CAPITAL LETTER A}"
VE = "\N{CYRILLIC CAPITAL LETTER VE}"
EN = "\N{CYRILLIC CAPITAL LETTER EN}"
ES = "\N{CYRILLIC CAPITAL LETTER ES}"
KA = "\N{CYRILLIC CAPITAL LETTER KA}"
SHA = "\N{CYRILLIC CAPITAL LETTER SHA}"
TE = "\N{CYRILLIC CAPITAL LETTER TE}"


@pytest.mark.parametrize(
    ("text", "country", "value"),
    [
        # a Serbian record spells the Latin plate BG 123-AB in Cyrillic
        (f"{BE}{GHE} 123-{A}{BE}", "RS", "BG123AB"),
        (f"{BE}{GHE} 123-{A}{BE}", None, "BG123AB"),
        (f"{BE.lower()}{GHE.lower()} 123-{A.lower()}{BE.lower()}", None, "BG123AB"),
        # ... and NS 123-AV (Novi Sad): EN is N and VE is V in Serbian spelling
        (f"{EN}{ES} 123-{A}{VE}", "RS", "NS123AV"),
        (f"{ES}{KA} 1234 {A}{BE}", "MK", "SK1234AB"),
        (f"{SHA}{TE} 123-{A}{BE}", "MK", "ST123AB"),
        # Bulgarian plates use the Cyrillic letters that look Latin, read by shape
        (f"{ES}{A} 1234 {A}{VE}", "BG", "CA1234AB"),
        (f"{VE}{EN} 1234 {A}{KA}", "BG", "BH1234AK"),
        # without a country and without an unmistakably Cyrillic letter, shape decides
        (f"{ES}{A} 1234 {A}{VE}", None, "CA1234AB"),
        # Greek plates typed with Greek capitals, and lower case
        (
            "\N{GREEK CAPITAL LETTER IOTA}\N{GREEK CAPITAL LETTER KAPPA}\N{GREEK CAPITAL LETTER CHI}-1234",
            "GR",
            "IKX1234",
        ),
        ("\N{GREEK SMALL LETTER IOTA}\N{GREEK SMALL LETTER KAPPA}\N{GREEK SMALL LETTER CHI} 1234", "GR", "IKX1234"),
    ],
)
def test_cyrillic_and_greek_plates_fold_to_latin(text: str, country: str | None, value: str) -> None:
    assert normalise_selector("plate", text, country=country) == Selector("plate", value, country)


def test_plates_without_country_use_the_generic_rule_and_key() -> None:
    selector = normalise_selector("plate", "bg 123-ab")
    assert selector == Selector("plate", "BG123AB", None)
    assert selector.key == "plate:BG123AB"


def test_plates_of_countries_without_a_format_use_the_generic_rule() -> None:
    assert normalise_selector("plate", "M AB 1234", country="DE").key == "plate:DE:MAB1234"


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        (
            "ABC 12",
            {"country": "TR"},
            "ABC12 is not a TR plate: expected 2 digits, 1-3 letters, 2-4 digits, e.g. 34ABC123",
        ),
        ("BG 12-AB", {"country": "RS"}, "is not a RS plate: expected 2 letters, 3-5 digits, 2 letters, e.g. BG123AB"),
        ("1234 ABC", {"country": "GR"}, "e.g. ABC1234"),
        ("AB 123 CD", {"country": "HU"}, "e.g. ABC123; or since 2022: 4 letters, 3 digits, e.g. AAAA123"),
        ("ABC", {}, "4 to 10 letters and digits, with at least one of each"),
        ("ABCDEF", {}, "at least one of each"),
        ("123456", {}, "at least one of each"),
        ("ABC123456789", {}, "4 to 10 letters and digits"),
        ("AB#123", {}, "only letters and digits; '#' is neither"),
        (f"{BE}{GHE}\N{CYRILLIC CAPITAL LETTER SHCHA} 123", {}, "only letters and digits"),
    ],
)
def test_bad_plates_are_refused_with_the_expected_pattern(text: str, kwargs: dict[str, str], expected: str) -> None:
    assert expected in reason("plate", text, **kwargs)


# --- crypto -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
        # BIP-173 / BIP-350 test vectors: segwit v0 (bech32), Taproot v1 and v16 (bech32m)
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        (
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        ),
        ("BC1SW50QGDZ25J", "bc1sw50qgdz25j"),
        # Tron (USDT TRC-20 lives on these addresses)
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
        # Ethereum, EIP-55 mixed case lower-cased
        ("0x52908400098527886E0F7030069857D2E4169EE7", "0x52908400098527886e0f7030069857d2e4169ee7"),
        ("0X52908400098527886e0f7030069857d2e4169ee7", "0x52908400098527886e0f7030069857d2e4169ee7"),
        (" 0x5290840009852788 6E0F7030069857D2E4169EE7 ", "0x52908400098527886e0f7030069857d2e4169ee7"),
    ],
)
def test_wallet_addresses_keep_their_canonical_case(text: str, value: str) -> None:
    assert normalise_selector("crypto", text) == Selector("crypto", value)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("crypto", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
        ("email", "ivan@example.com"),
        ("imei", "352099001761481"),
        ("vin", "1M8GDM9AXKP042788"),
    ],
)
@pytest.mark.parametrize("country", ["RS", "Serbia"])
def test_kinds_without_a_country_ignore_a_given_one(kind: str, value: str, country: str) -> None:
    assert normalise_selector(kind, value, country=country) == Selector(kind, value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", "Bitcoin address checksum does not match"),
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNV0", "not a valid Bitcoin address"),
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "Bitcoin bech32 checksum does not match"),
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "segwit version 0 uses bech32, later versions bech32m"),
        ("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", "later versions bech32m"),
        ("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "version must be 0 to 16"),
        ("bc1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "must not mix upper and lower case"),
        ("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "may not contain 1, b, i or o"),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", "Tron address checksum does not match"),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6", "34 base58 characters"),
        ("0x52908400098527886E0F7030069857D2E4169EE", "0x followed by 40 hexadecimal digits"),
        ("0x52908400098527886E0F7030069857D2E4169EEG", "0x followed by 40 hexadecimal digits"),
        ("0x" + "0" * 40, "zero address is a placeholder"),
        ("52908400098527886E0F7030069857D2E4169EE7", "not a recognised wallet address"),
        ("LcHKx8tV7zM7XfX7bFyM3SzWvWfaHZM9Sy", "not a recognised wallet address"),
    ],
)
def test_bad_wallet_addresses_are_refused(text: str, expected: str) -> None:
    assert expected in reason("crypto", text)


# --- email ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ivan.petrovic@gmail.com", "ivan.petrovic@gmail.com"),
        (" Ivan.Petrovic@Gmail.COM ", "ivan.petrovic@gmail.com"),
        ("mailto:Ivan.Petrovic@gmail.com", "ivan.petrovic@gmail.com"),
        ("MAILTO:ivan+route@example.co.uk", "ivan+route@example.co.uk"),
        ("ivan@gmail.com.", "ivan@gmail.com"),
        # primer.srb, an internationalised domain under Serbia's Cyrillic TLD
        ("ivan@xn--e1afmkfd.xn--90a3ac", "ivan@\u043f\u0440\u0438\u043c\u0435\u0440.\u0441\u0440\u0431"),
        (
            "Ivan@\u041f\u0440\u0438\u043c\u0435\u0440.\u0421\u0440\u0431",
            "ivan@\u043f\u0440\u0438\u043c\u0435\u0440.\u0441\u0440\u0431",
        ),
    ],
)
def test_email_addresses_are_lower_case(text: str, value: str) -> None:
    assert normalise_selector("email", text) == Selector("email", value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ivan.petrovic.gmail.com", "needs an @"),
        ("@gmail.com", "the part before @ is empty"),
        ("ivan petrovic@gmail.com", "the part before @"),
        ("<ivan@gmail.com>", "the part before @"),
        ("ivan@localhost", "'localhost' is not an internet domain with a top-level domain"),
        ("ivan@10.0.0.1", "is not an internet domain"),
        ("ivan@", "is not an internet domain"),
    ],
)
def test_bad_email_addresses_are_refused(text: str, expected: str) -> None:
    assert expected in reason("email", text)


# --- vin --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1M8GDM9AXKP042788", "1M8GDM9AXKP042788"),  # North American, check digit X
        ("1m8gdm9a-xkp042788", "1M8GDM9AXKP042788"),
        ("11111111111111111", "11111111111111111"),  # check digit 1 by the weights
        ("WVWZZZ1KZ8W123456", "WVWZZZ1KZ8W123456"),  # European: 9th character is not checked
        ("VF1 RFB00 654 123456", "VF1RFB00654123456"),
    ],
)
def test_vins_are_upper_case_and_checked_where_mandatory(text: str, value: str) -> None:
    assert normalise_selector("vin", text) == Selector("vin", value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1M8GDM9AYKP042788", "VIN check digit (9th character) is Y, expected X"),
        ("1M8GDM9AXKP04278", "a VIN has 17 characters, got 16"),
        ("WVWZZZ1KZ8W12345O", "may not contain I, O or Q"),
        ("WVWZZZ1KZ8WI23456", "may not contain I, O or Q"),
        ("WVWZZZ1KZ8W12345#", "only letters and digits"),
    ],
)
def test_bad_vins_are_refused(text: str, expected: str) -> None:
    assert expected in reason("vin", text)


# --- mmsi -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("232 001 000", "GB"),
        ("235000001", "GB"),
        ("226000001", "FR"),
        ("228000001", "FR"),
        ("205000001", "BE"),
        ("237000001", "GR"),
        ("241000001", "GR"),
        ("271000123", "TR"),
        ("201000001", "AL"),
        ("274000001", "MK"),
        ("238000001", "HR"),
        ("279000001", "RS"),
        ("243000001", "HU"),
        ("203000001", "AT"),
        ("478000001", "BA"),
        ("636000001", "LR"),
        ("002320001", "GB"),  # coast station 00MID…
        ("023200001", "GB"),  # group of ships 0MID…
        ("111232001", "GB"),  # SAR aircraft 111MID…
        ("992321234", "GB"),  # aid to navigation 99MID…
        ("970123456", None),  # AIS-SART: no flag
        ("431000001", None),  # a MID outside the table
    ],
)
def test_mmsi_country_comes_from_the_mid(text: str, country: str | None) -> None:
    assert normalise_selector("mmsi", text) == Selector("mmsi", text.replace(" ", ""), country)


def test_mmsi_outside_the_table_keeps_a_given_country() -> None:
    assert normalise_selector("mmsi", "431000001", country="JP").country == "JP"


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("23200100", {}, "exactly 9 digits"),
        ("2320010001", {}, "exactly 9 digits"),
        ("23200100A", {}, "exactly 9 digits"),
        ("123456789", {}, "placeholder"),
        ("000000000", {}, "placeholder"),
        ("271000123", {"country": "GR"}, "MMSI belongs to TR, but country GR was given"),
    ],
)
def test_bad_mmsis_are_refused(text: str, kwargs: dict[str, str], expected: str) -> None:
    assert expected in reason("mmsi", text, **kwargs)


# --- FollowTheMoney properties ----------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "prop", "kind"),
    [
        ("Person", "phone", "phone"),
        ("Company", "phone", "phone"),
        ("UserAccount", "phone", "phone"),
        ("Call", "callerNumber", "phone"),
        ("Call", "receiverNumber", "phone"),
        ("Person", "email", "email"),
        ("LegalEntity", "email", "email"),
        ("BankAccount", "iban", "iban"),
        ("Passport", "number", "passport"),
        ("Passport", "passportNumber", "passport"),
        ("Person", "passportNumber", "passport"),
        ("Passport", "personalNumber", "idnumber"),
        ("Identification", "number", "idnumber"),
        ("Person", "idNumber", "idnumber"),
        ("Vehicle", "registrationNumber", "plate"),
        ("Vessel", "mmsi", "mmsi"),
        ("CryptoWallet", "publicKey", "crypto"),
        ("CryptoWallet", "cryptoAddress", "crypto"),
        # no selector: another register's number, or not an identifier of a person
        ("Vessel", "registrationNumber", None),
        ("Airplane", "registrationNumber", None),
        ("Vessel", "imoNumber", None),
        ("Company", "idNumber", None),
        ("BankAccount", "accountNumber", None),
        ("Person", "name", None),
    ],
)
def test_ftm_properties_map_to_selector_kinds(schema: str, prop: str, kind: str | None) -> None:
    entity_schema = model.get(schema)
    assert entity_schema is not None
    assert entity_schema.get(prop) is not None, f"{schema}.{prop} is not a FollowTheMoney property"
    assert selector_kind_for_property(schema, prop) == kind


def test_unknown_schemata_and_properties_map_to_nothing() -> None:
    assert selector_kind_for_property("NoSuchSchema", "phone") is None
    assert selector_kind_for_property("Person", "noSuchProperty") is None
    assert selector_kind_for_property("Vehicle", "vin") is None  # FtM has no VIN property


# --- properties -------------------------------------------------------------------------

SEPARATORS = st.sampled_from(["", "", "", " ", "-", ".", "/"])


@st.composite
def respaced(draw: st.DrawFn, text: str, separators: st.SearchStrategy[str]) -> str:
    """The text with separators drawn between its characters."""
    return "".join(char + draw(separators) for char in text).strip()


@st.composite
def local_phones(draw: st.DrawFn) -> tuple[str, str, str]:
    region, local, e164 = draw(st.sampled_from(LOCAL_PHONES))
    return region, draw(respaced(local.replace(" ", ""), SEPARATORS)), e164


@SETTINGS
@given(local_phones())
def test_phone_normalisation_ignores_separators_and_is_idempotent(case: tuple[str, str, str]) -> None:
    region, text, e164 = case
    selector = normalise_selector("phone", text, default_region=region)
    assert selector.value == e164
    assert normalise_selector("phone", selector.value) == selector
    assert normalise_selector("phone", selector.value, country=selector.country) == selector


@st.composite
def written_ibans(draw: st.DrawFn) -> tuple[str, str]:
    _, value = draw(st.sampled_from(IBANS))
    cased = "".join(char.lower() if draw(st.booleans()) else char for char in value)
    return draw(respaced(cased, st.sampled_from(["", "", " ", "-", "."]))), value


@SETTINGS
@given(written_ibans())
def test_iban_normalisation_ignores_case_and_separators_and_is_idempotent(case: tuple[str, str]) -> None:
    text, value = case
    selector = normalise_selector("iban", text)
    assert selector.value == value
    assert normalise_selector("iban", selector.value) == selector


VALID_EXAMPLES = [
    "+381641234567",
    "064 123 4567",
    "352099001761481",
    "RS35105008123123123173",
    "AB123456",
    "BG 123-AB",
    "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
    "bc1sw50qgdz25j",
    "ivan@example.com",
    "1M8GDM9AXKP042788",
    "232001000",
    "17291716060",
]
COUNTRIES = st.one_of(
    st.none(),
    st.sampled_from(["RS", "XK", "GB", "UK", "TR", "BE", "SRB", "gr", "DE", "ZZ", "EU", ""]),
    st.text(max_size=4),
)


@SETTINGS
@given(
    kind=st.sampled_from(sorted(SELECTOR_KINDS)),
    value=st.one_of(
        st.text(max_size=300),
        st.from_regex(r"[0-9A-Za-z +\-.()/]{1,40}", fullmatch=True),
        st.sampled_from(VALID_EXAMPLES),
    ),
    country=COUNTRIES,
    default_region=COUNTRIES,
)
def test_any_text_is_normalised_or_refused_with_invalid_input(
    kind: str, value: str, country: str | None, default_region: str | None
) -> None:
    errors: list[FieldError] = []
    try:
        selector = normalise_selector(kind, value, country=country, default_region=default_region)
    except InvalidInput as exc:
        errors = exc.errors
    if errors:
        assert [error.field for error in errors] == [kind]
        assert all(error.reason for error in errors)
        return
    assert selector.kind == kind
    assert normalise_selector(kind, selector.value, country=selector.country) == selector
