"""Selectors: identifiers normalised so that records about the same phone, account or car meet.

A selector ties records together without any name: two partners who hold the same IMEI or
the same plate learn that they hold the same thing (deterministic linking, hit/no-hit
queries, deconfliction). That only works if both wrote the identifier the same way, so this
module turns each kind of identifier into one canonical text and refuses values that cannot
be a real identifier, saying why, before they link unrelated records.

Invariants:

- ``Selector.value`` is already normal: ``normalise_selector(kind, s.value, country=s.country)``
  returns ``s`` again, so a stored selector can be re-checked at any time.
- ``Selector.key`` is the text that is matched and hashed; for passports, ID numbers and
  plates it includes the issuing country when known, because the same number issued by two
  countries is two different documents.
- Every refusal is an ``InvalidInput`` with one ``FieldError`` whose ``field`` is the kind and
  whose ``reason`` names the rule that failed; nothing else escapes, whatever the text.

Countries are ISO 3166 alpha-2 codes. ``country`` and ``default_region`` also accept the
alpha-3 codes printed in passports' machine-readable zones (``SRB``), and ``UK`` and ``EL``
(common in British and EU paperwork) are read as ``GB`` and ``GR``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import phonenumbers
from followthemoney import model
from followthemoney.types import registry
from rigour.territories import get_territory
from stdnum import bitcoin, luhn, numdb
from stdnum import iban as stdnum_iban
from stdnum import imei as stdnum_imei
from stdnum.al import nipt
from stdnum.be import eid as be_eid
from stdnum.be import ssn as be_ssn
from stdnum.bg import egn, pnf
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.hr import oib
from stdnum.iso7064 import mod_97_10
from stdnum.tr import tckimlik

from corridor.core import FieldError, InvalidInput

SELECTOR_KINDS: dict[str, str] = {
    "phone": "telephone number in E.164 form, e.g. +381641234567",
    "imei": "mobile handset IMEI, 15 digits with the Luhn check digit",
    "iban": "international bank account number, compact upper case",
    "passport": "passport number with its issuing country",
    "idnumber": "national identity card or personal number with its issuing country",
    "plate": "vehicle registration plate, with its country when known",
    "crypto": "Bitcoin, Ethereum (and other EVM chains) or Tron wallet address",
    "email": "e-mail address, lower case",
    "vin": "vehicle identification number (ISO 3779), 17 characters",
    "mmsi": "maritime mobile service identity of a vessel, 9 digits",
}
"""Every selector kind, with the form its value takes."""

_COUNTRY_KEYED = frozenset({"passport", "idnumber", "plate"})
_MAX_INPUT = 256
_SHOWN_INPUT = 64


@dataclass(frozen=True, slots=True)
class Selector:
    """One normalised identifier: its kind, canonical value and, where known, its country."""

    kind: str
    value: str
    country: str | None = None

    @property
    def key(self) -> str:
        """The stable text used for matching and hashing, e.g. ``plate:RS:BG123AB``.

        Only passports, ID numbers and plates carry the country in the key: for the other
        kinds the country is read from the value itself (a phone's calling code, an IBAN's
        first letters) and adding it would only split equal values.
        """
        if self.kind in _COUNTRY_KEYED and self.country:
            return f"{self.kind}:{self.country}:{self.value}"
        return f"{self.kind}:{self.value}"


class _Rejected(Exception):
    """Carries the reason a value is refused up to ``normalise_selector``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- text folding -----------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.\u00b7\u2022\u2027\u2219\u22c5]+")
"""Spaces, hyphens and dashes, dots and middle dots: what people put between digit groups."""

_ALNUM = re.compile(r"[A-Z0-9]+")
_DIGITS = re.compile(r"[0-9]+")


def _table(letters: dict[str, str]) -> dict[int, str]:
    """Build a ``str.translate`` table from Unicode character names, so no lookalike is typed."""
    return {ord(unicodedata.lookup(name)): latin for name, latin in letters.items()}


_LOOKALIKES = _table(
    {
        # Cyrillic capitals drawn like Latin ones: a Cyrillic keyboard layout or OCR puts
        # them into document numbers and Bulgarian plates, which use exactly these letters.
        "CYRILLIC CAPITAL LETTER A": "A",
        "CYRILLIC CAPITAL LETTER VE": "B",
        "CYRILLIC CAPITAL LETTER IE": "E",
        "CYRILLIC CAPITAL LETTER KA": "K",
        "CYRILLIC CAPITAL LETTER EM": "M",
        "CYRILLIC CAPITAL LETTER EN": "H",
        "CYRILLIC CAPITAL LETTER O": "O",
        "CYRILLIC CAPITAL LETTER ER": "P",
        "CYRILLIC CAPITAL LETTER ES": "C",
        "CYRILLIC CAPITAL LETTER TE": "T",
        "CYRILLIC CAPITAL LETTER U": "Y",
        "CYRILLIC CAPITAL LETTER HA": "X",
        "CYRILLIC CAPITAL LETTER JE": "J",
        "CYRILLIC CAPITAL LETTER DZE": "S",
        "CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I": "I",
        # Greek plates use only the capitals shared with Latin, and Greek records type them
        # with a Greek layout.
        "GREEK CAPITAL LETTER ALPHA": "A",
        "GREEK CAPITAL LETTER BETA": "B",
        "GREEK CAPITAL LETTER EPSILON": "E",
        "GREEK CAPITAL LETTER ZETA": "Z",
        "GREEK CAPITAL LETTER ETA": "H",
        "GREEK CAPITAL LETTER IOTA": "I",
        "GREEK CAPITAL LETTER KAPPA": "K",
        "GREEK CAPITAL LETTER MU": "M",
        "GREEK CAPITAL LETTER NU": "N",
        "GREEK CAPITAL LETTER OMICRON": "O",
        "GREEK CAPITAL LETTER RHO": "P",
        "GREEK CAPITAL LETTER TAU": "T",
        "GREEK CAPITAL LETTER UPSILON": "Y",
        "GREEK CAPITAL LETTER CHI": "X",
        # Latin letters with a stroke have no Unicode decomposition, so NFKD keeps them.
        "LATIN CAPITAL LETTER D WITH STROKE": "D",
        "LATIN CAPITAL LETTER ETH": "D",
    }
)
"""Letters that look Latin, folded to the Latin letter they look like."""

_SERBIAN_MACEDONIAN = _table(
    {
        # Serbian and Macedonian Cyrillic to Latin letter by letter, diacritics dropped as for
        # Latin (Č -> C); GJE and KJE need no entry, NFKD has already split them into GHE
        # and KA plus an accent.
        "CYRILLIC CAPITAL LETTER A": "A",
        "CYRILLIC CAPITAL LETTER BE": "B",
        "CYRILLIC CAPITAL LETTER VE": "V",
        "CYRILLIC CAPITAL LETTER GHE": "G",
        "CYRILLIC CAPITAL LETTER DE": "D",
        "CYRILLIC CAPITAL LETTER DJE": "D",
        "CYRILLIC CAPITAL LETTER IE": "E",
        "CYRILLIC CAPITAL LETTER ZHE": "Z",
        "CYRILLIC CAPITAL LETTER ZE": "Z",
        "CYRILLIC CAPITAL LETTER DZE": "DZ",
        "CYRILLIC CAPITAL LETTER I": "I",
        "CYRILLIC CAPITAL LETTER JE": "J",
        "CYRILLIC CAPITAL LETTER KA": "K",
        "CYRILLIC CAPITAL LETTER EL": "L",
        "CYRILLIC CAPITAL LETTER LJE": "LJ",
        "CYRILLIC CAPITAL LETTER EM": "M",
        "CYRILLIC CAPITAL LETTER EN": "N",
        "CYRILLIC CAPITAL LETTER NJE": "NJ",
        "CYRILLIC CAPITAL LETTER O": "O",
        "CYRILLIC CAPITAL LETTER PE": "P",
        "CYRILLIC CAPITAL LETTER ER": "R",
        "CYRILLIC CAPITAL LETTER ES": "S",
        "CYRILLIC CAPITAL LETTER TE": "T",
        "CYRILLIC CAPITAL LETTER TSHE": "C",
        "CYRILLIC CAPITAL LETTER U": "U",
        "CYRILLIC CAPITAL LETTER EF": "F",
        "CYRILLIC CAPITAL LETTER HA": "H",
        "CYRILLIC CAPITAL LETTER TSE": "C",
        "CYRILLIC CAPITAL LETTER CHE": "C",
        "CYRILLIC CAPITAL LETTER DZHE": "DZ",
        "CYRILLIC CAPITAL LETTER SHA": "S",
    }
)
"""Serbian/Macedonian Cyrillic spelled in Latin, as a Serbian clerk writes a Latin plate."""

_TRANSLITERATED_PLATES = frozenset({"RS", "MK", "BA", "ME", "XK"})
"""Countries whose plates are Latin but whose records may spell them in Cyrillic (EN ES -> NS)."""


def _fold(text: str, *, transliterate: bool) -> str:
    """Upper-case the text, drop diacritics and map Cyrillic and Greek letters to Latin.

    ``transliterate`` chooses how Cyrillic is read: as Serbian/Macedonian spelling
    (Cyrillic EN -> N, as in a Serbian record of the plate NS 123-AB) or by shape
    (EN -> H, as in a Bulgarian plate or a passport number typed with the wrong keyboard
    layout). The two disagree on VE, EN, ER, ES, U and HA, so the caller decides.
    """
    text = unicodedata.normalize("NFKD", text.upper())
    text = "".join(char for char in text if not unicodedata.combining(char)).upper()
    if transliterate:
        text = text.translate(_SERBIAN_MACEDONIAN)
    return text.translate(_LOOKALIKES)


def _has_plain_cyrillic(text: str) -> bool:
    """Tell whether the text has a Cyrillic letter that looks like no Latin one (Б, Г, Ш …)."""
    folded = unicodedata.normalize("NFKD", text.upper())
    return any("\u0400" <= char <= "\u04ff" and ord(char) not in _LOOKALIKES for char in folded)


def _first_bad_char(text: str) -> str:
    return next((char for char in text if not _ALNUM.fullmatch(char)), "")


def _country_code(country: str | None, what: str) -> str | None:
    """Read an ISO 3166 code (alpha-2 or alpha-3, ``UK`` for GB) as upper-case alpha-2."""
    if country is None or not country.strip():
        return None
    text = country.strip().upper()
    if text == "UK":
        return "GB"
    territory = get_territory(text) if re.fullmatch(r"[A-Z]{2,3}", text) else None
    if territory is None or not re.fullmatch(r"[a-z]{2}", territory.code) or territory.code == "zz":
        raise _Rejected(f"{what} must be an ISO 3166 country code such as RS or SRB, got {country!r}")
    return territory.code.upper()


def _check_country(found: str, given: str | None, what: str) -> None:
    """Refuse a stated country that the identifier itself contradicts."""
    if given is not None and given != found:
        raise _Rejected(f"{what} belongs to {found}, but country {given} was given")


# --- phone ------------------------------------------------------------------------------

_PHONE_TEXT = re.compile(r"\(?\+?[0-9\s\-./()\u2010-\u2015]+")
_PARSE_REASONS = {
    phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "unknown country calling code",
    phonenumbers.NumberParseException.NOT_A_NUMBER: "not a phone number",
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the 00 or +",
    phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short to be a phone number",
    phonenumbers.NumberParseException.TOO_LONG: "too long to be a phone number",
}


def _phone(text: str, country: str | None, default_region: str | None) -> Selector:
    """Read a phone number with ``phonenumbers`` and write it in E.164.

    A number without ``+`` or ``00`` is read in ``country`` if given, else in
    ``default_region`` (the recording agency's country): "064 123 4567" is Serbian only to a
    Serbian officer. ``00`` is turned into ``+`` because ``phonenumbers`` only knows it as a
    region's international prefix, so it fails on "00381…" when no region is given.
    """
    if not _PHONE_TEXT.fullmatch(text):
        raise _Rejected(
            "a phone number may contain only digits, spaces, dashes, dots, slashes, brackets and a leading + or 00"
        )
    compact = re.sub(r"[^0-9+]", "", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    region = country or _country_code(default_region, "default_region")
    if not compact.startswith("+") and region is None:
        raise _Rejected("number has no international prefix (+ or 00) and no default_region to read it in")
    if region is not None and region not in phonenumbers.SUPPORTED_REGIONS:
        raise _Rejected(f"phonenumbers has no numbering plan for region {region}")
    try:
        number = phonenumbers.parse(compact, region)
    except phonenumbers.NumberParseException as exc:
        raise _Rejected(_PARSE_REASONS.get(exc.error_type, "not a phone number")) from None
    calling_code = number.country_code or 0
    if not phonenumbers.is_valid_number(number):
        where = phonenumbers.region_code_for_country_code(calling_code)
        shown = f"region {where}" if where != phonenumbers.UNKNOWN_REGION else "any region"
        raise _Rejected(f"not a valid phone number for {shown} (+{number.country_code})")
    if country is not None and phonenumbers.country_code_for_region(country) != number.country_code:
        raise _Rejected(f"number has calling code +{number.country_code}, but country {country} was given")
    found = phonenumbers.region_code_for_number(number)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # "001" is phonenumbers' region for non-geographic numbers (+800, +882 satellite …).
    return Selector("phone", e164, found if found and len(found) == 2 else None)


# --- imei -------------------------------------------------------------------------------


def _imei(text: str) -> Selector:
    """Write an IMEI as its 14-digit body plus the Luhn check digit.

    A 14-digit IMEI lacks the check digit, which is computed and appended. A 16-digit
    IMEISV ends in a 2-digit software version instead of a check digit; the version changes
    with every firmware update of the same handset, so it is dropped and the body is
    completed like a 14-digit IMEI.
    """
    compact = _SEPARATORS.sub("", text).replace("/", "")
    if not _DIGITS.fullmatch(compact):
        raise _Rejected("an IMEI may contain only digits and separators")
    try:
        stdnum_imei.validate(compact)
    except InvalidChecksum:
        raise _Rejected("IMEI check digit is wrong (Luhn)") from None
    except ValidationError:
        raise _Rejected(f"an IMEI has 15 digits (14 without check digit, 16 as IMEISV), got {len(compact)}") from None
    body = compact[:14]
    if len(set(body)) == 1:
        raise _Rejected("IMEI is a placeholder (one digit repeated), not a handset")
    return Selector("imei", body + luhn.calc_check_digit(body))


# --- iban -------------------------------------------------------------------------------


def _iban(text: str, country: str | None) -> Selector:
    """Validate an IBAN with python-stdnum and write it compact, upper case.

    The IBAN checksum and each country's account-number layout are checked. Of the national
    rules stdnum adds for a few countries, only national check digits are enforced: its
    Belgian rule also refuses banks missing from its bundled list, which would drop real
    accounts at new banks.
    """
    compact = _SEPARATORS.sub("", text).upper().removeprefix("IBAN").removeprefix(":")
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}", compact):
        raise _Rejected("an IBAN is two letters, two check digits and up to 30 letters or digits")
    code = compact[:2]
    layout = numdb.get("iban").info(compact)[0][1].get("bban")
    if layout is None:
        raise _Rejected(f"{code} is not a country with IBANs")
    length = 4 + sum(int(count) for count in re.findall(r"([0-9]+)!", layout))
    if len(compact) != length:
        raise _Rejected(f"an IBAN from {code} has {length} characters, got {len(compact)}")
    if not mod_97_10.is_valid(compact[4:] + compact[:4]):
        raise _Rejected("IBAN checksum does not match")
    try:
        stdnum_iban.validate(compact, check_country=False)
    except ValidationError:
        raise _Rejected(f"IBAN does not match the account number format of {code}") from None
    try:
        stdnum_iban.validate(compact)
    except InvalidChecksum:
        raise _Rejected(f"national check digits of the {code} account number do not match") from None
    except ValidationError:
        pass  # an unknown bank code: see the docstring
    _check_country(code, country, "IBAN")
    return Selector("iban", compact, code)


# --- passport and ID numbers ------------------------------------------------------------


class _IdCheck(NamedTuple):
    """A national number python-stdnum validates, and the shape that says a value is one."""

    label: str
    shape: re.Pattern[str]
    validators: tuple[Callable[[str], str], ...]


_ID_CHECKS: dict[str, tuple[_IdCheck, ...]] = {
    "TR": (_IdCheck("T.C. Kimlik number", re.compile(r"[0-9]{11}"), (tckimlik.validate,)),),
    "BG": (_IdCheck("EGN or LNCh", re.compile(r"[0-9]{10}"), (egn.validate, pnf.validate)),),
    "BE": (
        _IdCheck("national or BIS number", re.compile(r"[0-9]{11}"), (be_ssn.validate,)),
        _IdCheck("eID card number", re.compile(r"[0-9]{12}"), (be_eid.validate,)),
    ),
    "HR": (_IdCheck("OIB", re.compile(r"[0-9]{11}"), (oib.validate,)),),
    "AL": (_IdCheck("personal number", re.compile(r"[A-Z][0-9]{8}[A-Z]"), (nipt.validate,)),),
}
"""Per-country numbers checked with python-stdnum, tried only on values of their shape.

An Identification record holds either a personal number or a card's own document number,
which has another shape (a Turkish card's serial is 9 characters, the T.C. Kimlik number 11
digits), so a check applies only where the shape says which one it is. The Albanian personal
number is also the individual's NIPT, whose stdnum module checks only the layout. python-stdnum
has no JMBG (RS, MK, BA, ME) module, so those numbers get the generic rule.
"""


def _document_number(kind: str, text: str, country: str | None) -> Selector:
    """Fold a passport or ID number to Latin capitals and digits, checking national rules.

    Document numbers are printed in Latin (ICAO 9303), so Cyrillic and Greek letters in
    them come from the keyboard layout or OCR and are folded by shape (Cyrillic ER is P).
    """
    compact = _SEPARATORS.sub("", _fold(text, transliterate=False))
    if not _ALNUM.fullmatch(compact):
        raise _Rejected(f"a {kind} number may contain only letters and digits; {_first_bad_char(compact)!r} is neither")
    if not 5 <= len(compact) <= 20:
        raise _Rejected(f"a {kind} number has 5 to 20 letters and digits, got {len(compact)}")
    if kind == "idnumber" and country is not None:
        for check in _ID_CHECKS.get(country, ()):
            if check.shape.fullmatch(compact):
                _run_id_check(check, compact, country)
    return Selector(kind, compact, country)


def _run_id_check(check: _IdCheck, number: str, country: str) -> None:
    """Accept the number if any of the check's validators does, else report the first reason."""
    reasons = []
    for validate in check.validators:
        try:
            validate(number)
        except ValidationError as exc:
            reasons.append(str(exc))
        else:
            return
    raise _Rejected(f"not a valid {country} {check.label}: {reasons[0]}")


# --- plates -----------------------------------------------------------------------------


class _PlateFormat(NamedTuple):
    """One layout of a country's plates: the pattern, a description and a real-looking example."""

    pattern: re.Pattern[str]
    description: str
    example: str


def _plate(pattern: str, description: str, example: str) -> _PlateFormat:
    return _PlateFormat(re.compile(pattern), description, example)


_PLATE_FORMATS: dict[str, tuple[_PlateFormat, ...]] = {
    "RS": (_plate(r"[A-Z]{2}[0-9]{3,5}[A-Z]{2}", "2 letters, 3-5 digits, 2 letters", "BG123AB"),),
    "MK": (_plate(r"[A-Z]{2}[0-9]{3,4}[A-Z]{2}", "2 letters, 3-4 digits, 2 letters", "SK1234AB"),),
    "XK": (
        _plate(r"[0-9]{2}[0-9]{3}[A-Z]{2}", "2-digit district, 3 digits, 2 letters", "01123AB"),
        _plate(r"[0-9]{3}KS[0-9]{3}", "UNMIK: 3 digits, KS, 3 digits", "123KS456"),
    ),
    "AL": (
        _plate(r"[A-Z]{2}[0-9]{3}[A-Z]{2}", "2 letters, 3 digits, 2 letters", "AA123BB"),
        _plate(r"[A-Z]{2}[0-9]{4}[A-Z]", "before 2011: 2 letters, 4 digits, 1 letter", "TR1234A"),
    ),
    "TR": (_plate(r"[0-9]{2}[A-Z]{1,3}[0-9]{2,4}", "2 digits, 1-3 letters, 2-4 digits", "34ABC123"),),
    "GR": (_plate(r"[A-Z]{3}[0-9]{3,4}", "3 letters, 3-4 digits", "ABC1234"),),
    "HU": (
        _plate(r"[A-Z]{3}[0-9]{3}", "3 letters, 3 digits", "ABC123"),
        _plate(r"[A-Z]{4}[0-9]{3}", "since 2022: 4 letters, 3 digits", "AAAA123"),
    ),
    "AT": (_plate(r"[A-Z]{1,2}[A-Z0-9]{3,6}", "1-2 letter district, 3-6 letters or digits", "W12345A"),),
    "FR": (
        _plate(r"[A-Z]{2}[0-9]{3}[A-Z]{2}", "2 letters, 3 digits, 2 letters", "AB123CD"),
        _plate(
            r"[0-9]{1,4}[A-Z]{1,3}([0-9]{2}|2A|2B|97[1-6])",
            "before 2009: 1-4 digits, 1-3 letters, department",
            "1234AB75",
        ),
    ),
    "BE": (
        _plate(r"[0-9][A-Z]{3}[0-9]{3}", "1 digit, 3 letters, 3 digits", "1ABC123"),
        _plate(r"[A-Z]{3}[0-9]{3}|[0-9]{3}[A-Z]{3}", "before 2010: ABC123 or 123ABC", "ABC123"),
    ),
    "GB": (
        _plate(r"[A-Z]{2}[0-9]{2}[A-Z]{3}", "2 letters, 2 digits, 3 letters", "AB12CDE"),
        _plate(r"[A-Z][0-9]{1,3}[A-Z]{3}", "prefix: 1 letter, 1-3 digits, 3 letters", "A123BCD"),
        _plate(r"[A-Z]{3}[0-9]{1,3}[A-Z]", "suffix: 3 letters, 1-3 digits, 1 letter", "ABC123D"),
        _plate(r"[A-Z]{1,3}[0-9]{1,4}|[0-9]{1,4}[A-Z]{1,3}", "dateless or NI: ABC1234", "ABZ1234"),
    ),
    "BG": (_plate(r"[A-Z]{1,2}[0-9]{4}[A-Z]{1,2}", "1-2 letters, 4 digits, 1-2 letters", "CA1234AB"),),
    "HR": (_plate(r"[A-Z]{2}[0-9]{3,4}[A-Z]{1,2}", "2 letters, 3-4 digits, 1-2 letters", "ZG1234AB"),),
    "BA": (
        _plate(r"[A-Z][0-9]{2}[A-Z][0-9]{3}", "letter, 2 digits, letter, 3 digits", "A12B345"),
        _plate(r"[0-9]{3}[A-Z][0-9]{3}", "1998-2009: 3 digits, letter, 3 digits", "123A456"),
    ),
}
"""Ordinary car plates of the route's countries, after folding and removing separators.

Sources: the national formats as described by Wikipedia's "Vehicle registration plates of …"
pages. Only ordinary series are listed; diplomatic, military, police, trailer and
personalised plates of other shapes fail here, and should be recorded without a country.
Austria's personalised plates make its pattern deliberately loose. Countries not listed get
the generic rule even when given.
"""


def _plate_selector(text: str, country: str | None) -> Selector:
    """Fold a plate to Latin capitals and digits and check it against its country's formats."""
    # Without a country, a letter such as BE or GHE shows the text is Cyrillic spelling.
    transliterate = country in _TRANSLITERATED_PLATES if country is not None else _has_plain_cyrillic(text)
    compact = _SEPARATORS.sub("", _fold(text, transliterate=transliterate))
    if not _ALNUM.fullmatch(compact):
        raise _Rejected(f"a plate may contain only letters and digits; {_first_bad_char(compact)!r} is neither")
    formats = _PLATE_FORMATS.get(country or "")
    if formats:
        if not any(fmt.pattern.fullmatch(compact) for fmt in formats):
            expected = "; or ".join(f"{fmt.description}, e.g. {fmt.example}" for fmt in formats)
            raise _Rejected(f"{compact} is not a {country} plate: expected {expected}")
    elif not (
        4 <= len(compact) <= 10 and any(char.isdigit() for char in compact) and any(char.isalpha() for char in compact)
    ):
        raise _Rejected("a plate has 4 to 10 letters and digits, with at least one of each")
    return Selector("plate", compact, country)


# --- crypto -----------------------------------------------------------------------------

_BASE58 = re.compile(r"[1-9A-HJ-NP-Za-km-z]+")
_BECH32_ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_CONST = 1
_BECH32M_CONST = 0x2BC830A3


def _crypto(text: str) -> Selector:
    """Check a wallet address's own checksum and write it in its canonical case.

    Bitcoin base58 addresses and Tron addresses are case-sensitive and kept as they are;
    bech32 addresses are written lower case; Ethereum addresses are lower-cased, because
    EIP-55 mixed case is a checksum over Keccak-256, which the standard library lacks
    (``hashlib.sha3_256`` is the final SHA-3, whose padding differs). An Ethereum address is
    the same on every EVM chain (BSC, Polygon, ERC-20 USDT), and USDT on Tron uses Tron
    addresses. Only mainnet addresses are read.
    """
    compact = "".join(text.split())
    if compact[:2] in ("0x", "0X"):
        return Selector("crypto", _ethereum(compact))
    if compact[:3].lower() == "bc1":
        return Selector("crypto", _bech32(compact))
    if compact[:1] in ("1", "3"):
        try:
            return Selector("crypto", bitcoin.validate(compact))
        except InvalidChecksum:
            raise _Rejected("Bitcoin address checksum does not match") from None
        except ValidationError:
            raise _Rejected("not a valid Bitcoin address (base58, 25 bytes)") from None
    if compact[:1] == "T":
        return Selector("crypto", _tron(compact))
    raise _Rejected(
        "not a recognised wallet address: expected Bitcoin (1…, 3…, bc1…), "
        "Ethereum/EVM (0x + 40 hex digits) or Tron (T…)"
    )


def _ethereum(compact: str) -> str:
    if not re.fullmatch(r"0[xX][0-9a-fA-F]{40}", compact):
        raise _Rejected("an Ethereum address is 0x followed by 40 hexadecimal digits")
    value = "0x" + compact[2:].lower()
    if value == "0x" + "0" * 40:
        raise _Rejected("the Ethereum zero address is a placeholder (burn address), not a wallet")
    return value


def _bech32(compact: str) -> str:
    """Check a segwit address per BIP-173 (bech32, version 0) and BIP-350 (bech32m, 1 and up).

    ``stdnum.bitcoin`` checks bech32 only, so Taproot (bc1p…) addresses fail there; its
    polymod and base-32 decoder are reused here with both constants.
    """
    if compact not in (compact.lower(), compact.upper()):
        raise _Rejected("a bech32 address must not mix upper and lower case")
    value = compact.lower()
    data = value[3:]
    if len(value) > 90 or len(data) < 7:
        raise _Rejected("a bech32 address has 14 to 90 characters")
    if any(char not in _BECH32_ALPHABET for char in data):
        raise _Rejected("a bech32 address may not contain 1, b, i or o after bc1")
    values = [_BECH32_ALPHABET.index(char) for char in data]
    hrp = [ord(char) >> 5 for char in "bc"] + [0] + [ord(char) & 31 for char in "bc"]
    constant = bitcoin.bech32_checksum(hrp + values)
    version = values[0]
    if constant not in (_BECH32_CONST, _BECH32M_CONST):
        raise _Rejected("Bitcoin bech32 checksum does not match")
    if version > 16:
        raise _Rejected("Bitcoin segwit version must be 0 to 16")
    if (version == 0) != (constant == _BECH32_CONST):
        raise _Rejected("segwit version 0 uses bech32, later versions bech32m (BIP-350)")
    try:
        program = bitcoin.b32decode(values[1:-6])
    except ValidationError:
        raise _Rejected("Bitcoin bech32 address has bad padding") from None
    if not 2 <= len(program) <= 40 or (version == 0 and len(program) not in (20, 32)):
        raise _Rejected("Bitcoin segwit program has the wrong length")
    return value


def _tron(compact: str) -> str:
    """Check a Tron address: base58check of 0x41 and a 20-byte hash, 34 characters."""
    if len(compact) != 34 or not _BASE58.fullmatch(compact):
        raise _Rejected("a Tron address is 34 base58 characters starting with T")
    raw = bitcoin.b58decode(compact)
    if len(raw) != 25 or raw[0] != 0x41:
        raise _Rejected("not a Tron address (wrong version byte)")
    if hashlib.sha256(hashlib.sha256(raw[:-4]).digest()).digest()[:4] != raw[-4:]:
        raise _Rejected("Tron address checksum does not match")
    return compact


# --- email ------------------------------------------------------------------------------


def _email(text: str) -> Selector:
    """Check an e-mail address with FollowTheMoney's rules and write it all in lower case.

    Only the domain is case-insensitive by standard, but no mail provider on the route
    treats the local part by case, and records copied from different systems disagree on
    it; lower-casing all of it is a deliberate choice so that they match.
    """
    address = re.sub(r"^mailto:", "", text.strip(), flags=re.IGNORECASE)
    if "@" not in address:
        raise _Rejected("an e-mail address needs an @")
    local, domain = address.rsplit("@", 1)
    if not registry.email.LOCAL_RE.match(local):
        raise _Rejected("the part before @ is empty, longer than 64 characters or has spaces, quotes or brackets")
    clean_domain = registry.email.clean_domain_part(domain)
    if clean_domain is None:
        raise _Rejected(f"{domain!r} is not an internet domain with a top-level domain")
    return Selector("email", f"{local}@{clean_domain}".lower())


# --- vin --------------------------------------------------------------------------------

_VIN_VALUES = {
    **{str(digit): digit for digit in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def _vin_check_digit(vin: str) -> str:
    """Compute the check digit (9th character) of a 17-character VIN.

    Written here because python-stdnum has no VIN module: each character's value
    (A=1 … H=8, J=1 … N=5, P=7, R=9, S=2 … Z=9) times its position's weight, summed modulo
    11, with 10 written X (North American rule, 49 CFR 565).
    """
    total = sum(_VIN_VALUES[char] * weight for char, weight in zip(vin, _VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def _vin(text: str) -> Selector:
    """Check a VIN's characters and length, and its check digit where that is mandatory.

    ISO 3779 leaves the check digit optional, and European makers use the 9th position for
    other things, so it is enforced only for North American VINs (first character 1-5).
    """
    compact = _SEPARATORS.sub("", text).upper()
    if not _ALNUM.fullmatch(compact):
        raise _Rejected("a VIN may contain only letters and digits")
    if len(compact) != 17:
        raise _Rejected(f"a VIN has 17 characters, got {len(compact)}")
    if set(compact) & set("IOQ"):
        raise _Rejected("a VIN may not contain I, O or Q (ISO 3779); check for 1 and 0")
    if compact[0] in "12345":
        expected = _vin_check_digit(compact)
        if compact[8] != expected:
            raise _Rejected(
                f"VIN check digit (9th character) is {compact[8]}, expected {expected}; "
                "North American VINs must carry it"
            )
    return Selector("vin", compact)


# --- mmsi -------------------------------------------------------------------------------

_MID_COUNTRIES: dict[str, tuple[int, ...]] = {
    # Europe: the whole ITU 2xx block
    "AL": (201,), "AD": (202,), "AT": (203,), "BE": (205,), "BY": (206,), "BG": (207,),
    "VA": (208,), "CY": (209, 210, 212), "DE": (211, 218), "GE": (213,), "MD": (214,),
    "MT": (215, 229, 248, 249, 256), "AM": (216,), "DK": (219, 220), "ES": (224, 225),
    "FR": (226, 227, 228), "FI": (230,), "FO": (231,), "GB": (232, 233, 234, 235),
    "GI": (236,), "GR": (237, 239, 240, 241), "HR": (238,), "MA": (242,), "HU": (243,),
    "NL": (244, 245, 246), "IT": (247,), "IE": (250,), "IS": (251,), "LI": (252,),
    "LU": (253,), "MC": (254,), "PT": (204, 255, 263), "NO": (257, 258, 259), "PL": (261,),
    "ME": (262,), "RO": (264,), "SE": (265, 266), "SK": (267,), "SM": (268,), "CH": (269,),
    "CZ": (270,), "TR": (271,), "UA": (272,), "RU": (273,), "MK": (274,), "LV": (275,),
    "EE": (276,), "LT": (277,), "SI": (278,), "RS": (279,),
    # Bosnia, the Mediterranean and Middle East
    "BA": (478,), "DZ": (605,), "EG": (622,), "IL": (428,), "IQ": (425,), "IR": (422,),
    "LB": (450,), "LY": (642,), "SY": (468,), "TN": (672,),
    # open registers common among vessels of interest
    "PA": (351, 352, 353, 354, 355, 356, 357, 370, 371, 372, 373, 374),
    "AG": (304, 305), "BO": (720,), "BS": (308, 309, 311), "BZ": (312,), "CK": (518,),
    "CM": (613,), "GA": (626,), "HN": (334,), "KH": (514, 515), "KM": (616, 620),
    "KN": (341,), "LR": (636, 637), "MH": (538,), "MN": (457,), "PW": (511,), "SL": (667,),
    "TG": (671,), "TV": (572,), "TZ": (674, 677), "VC": (375, 376, 377), "VU": (576, 577),
    # large fleets
    "CA": (316,), "CN": (412, 413, 414), "US": (303, 338, 366, 367, 368, 369),
}  # fmt: skip
"""Flag state by Maritime Identification Digits (ITU-R M.585, Radio Regulations Appendix 42).

Partial on purpose: all of Europe (Serbia, Hungary and Austria hold MIDs for Danube craft),
the Mediterranean, and the open registers seen in smuggling cases. Kosovo has no MID. Other
MIDs give no country rather than a guess.
"""

_MIDS: dict[str, str] = {str(mid): country for country, mids in _MID_COUNTRIES.items() for mid in mids}


def _mid(mmsi: str) -> str | None:
    """Find the MID inside an MMSI; where it sits depends on the kind of station."""
    if mmsi[:3] in ("970", "972", "974"):  # AIS-SART, MOB and EPIRB devices: no flag
        return None
    if mmsi[0] in "234567":  # ship station: MIDxxxxxx
        return mmsi[:3]
    if mmsi[:3] == "111":  # SAR aircraft: 111MIDxxx
        return mmsi[3:6]
    if mmsi[:2] in ("00", "98", "99"):  # coast station, craft of a parent ship, aid to navigation
        return mmsi[2:5]
    if mmsi[0] in "08":  # group of ships, handheld VHF
        return mmsi[1:4]
    return None


def _mmsi(text: str, country: str | None) -> Selector:
    """Check an MMSI's nine digits and read its flag state from the MID where known."""
    compact = _SEPARATORS.sub("", text)
    if not _DIGITS.fullmatch(compact) or len(compact) != 9:
        raise _Rejected("an MMSI has exactly 9 digits")
    if len(set(compact)) == 1 or compact == "123456789":
        raise _Rejected("MMSI is a placeholder often broadcast by unconfigured transponders")
    found = _MIDS.get(_mid(compact) or "")
    if found is not None:
        _check_country(found, country, "MMSI")
    return Selector("mmsi", compact, found or country)


# --- entry points -----------------------------------------------------------------------


def normalise_selector(
    kind: str,
    value: str,
    *,
    country: str | None = None,
    default_region: str | None = None,
) -> Selector:
    """Turn a raw identifier into its selector, or raise ``InvalidInput`` saying why it cannot be.

    ``country`` is the identifier's own country: the issuing country of a passport, ID
    number or plate, which becomes part of the key. An IBAN, MMSI or phone number carries
    its country in itself; a ``country`` given for them must agree with it (a contradiction
    is a data-entry error to fix, not to guess), and for a phone number it is also the
    region to read a number without international prefix in. E-mails, IMEIs, VINs and
    wallet addresses have no country, and one given is ignored unread, so a caller may pass
    the record's country for every kind. ``default_region`` is the recording agency's country
    and only serves to read phone numbers without ``+`` or ``00``.
    """
    name = kind.strip().lower()
    if name not in SELECTOR_KINDS:
        reason = f"unknown selector kind {kind!r}; known: {', '.join(sorted(SELECTOR_KINDS))}"
        raise InvalidInput("unknown selector kind", errors=[FieldError(reason, field=kind, value=value)])
    try:
        return _normalise(name, value, country, default_region)
    except _Rejected as exc:
        shown = value if len(value) <= _MAX_INPUT else value[:_SHOWN_INPUT] + "…"
        raise InvalidInput(
            f"invalid {name} selector", errors=[FieldError(exc.reason, field=name, value=shown)]
        ) from None


def _normalise(kind: str, value: str, country: str | None, default_region: str | None) -> Selector:
    text = value.strip()
    if not text:
        raise _Rejected(f"empty {kind}")
    if len(text) > _MAX_INPUT:
        raise _Rejected(f"longer than {_MAX_INPUT} characters, too long for a {kind}")
    if kind == "imei":
        return _imei(text)
    if kind == "crypto":
        return _crypto(text)
    if kind == "email":
        return _email(text)
    if kind == "vin":
        return _vin(text)
    code = _country_code(country, "country")
    if kind == "phone":
        return _phone(text, code, default_region)
    if kind == "iban":
        return _iban(text, code)
    if kind in ("passport", "idnumber"):
        return _document_number(kind, text, code)
    if kind == "plate":
        return _plate_selector(text, code)
    return _mmsi(text, code)


def try_selector(
    kind: str,
    value: str,
    *,
    country: str | None = None,
    default_region: str | None = None,
) -> Selector | None:
    """Normalise like ``normalise_selector`` but return ``None`` for a value it refuses.

    For bulk paths (ingest previews, query expansion) where a bad value is skipped rather
    than reported; an unknown ``kind`` is a programming error and still raises.
    """
    if kind.strip().lower() not in SELECTOR_KINDS:
        return normalise_selector(kind, value)
    try:
        return normalise_selector(kind, value, country=country, default_region=default_region)
    except InvalidInput:
        return None


# --- FollowTheMoney properties ----------------------------------------------------------

_PROPERTY_KINDS: tuple[tuple[str, str, str | None], ...] = (
    # Vessel and Airplane extend Vehicle; their registrationNumber is a ship's register
    # number or an aircraft's tail mark, not a plate.
    ("Vessel", "registrationNumber", None),
    ("Airplane", "registrationNumber", None),
    ("Vehicle", "registrationNumber", "plate"),
    ("Vessel", "mmsi", "mmsi"),
    # Passport extends Identification, so it comes first.
    ("Passport", "passportNumber", "passport"),
    ("Passport", "number", "passport"),
    ("Passport", "personalNumber", "idnumber"),
    ("Identification", "number", "idnumber"),
    ("Person", "passportNumber", "passport"),
    ("Person", "idNumber", "idnumber"),
    ("BankAccount", "iban", "iban"),
    ("Analyzable", "ibanMentioned", "iban"),
    ("CryptoWallet", "publicKey", "crypto"),
    ("CryptoWallet", "cryptoAddress", "crypto"),
)
"""Identifier properties that hold a selector, most specific schema first."""

_TYPE_KINDS = {"phone": "phone", "email": "email", "iban": "iban"}
"""FtM property types whose every value is a selector (Call.callerNumber, Person.email …)."""


def selector_kind_for_property(schema: str, prop: str) -> str | None:
    """Tell which selector kind a FollowTheMoney property holds, or ``None`` if none.

    Ingest uses this to derive selectors from entities. ``LegalEntity.idNumber`` is left
    out on purpose: on companies it is a registration number, and only ``Person`` numbers
    identify someone's document.
    """
    entity_schema = model.get(schema)
    if entity_schema is None:
        return None
    prop_obj = entity_schema.get(prop)
    if prop_obj is None:
        return None
    for table_schema, table_prop, kind in _PROPERTY_KINDS:
        if prop == table_prop and entity_schema.is_a(table_schema):
            return kind
    return _TYPE_KINDS.get(prop_obj.type.name)
