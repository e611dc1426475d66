"""Selectors that look and check like real ones: phones, IBANs, plates, wallets, ID numbers.

Every generator takes the caller's ``random.Random`` so that a scenario is reproducible.
Phone numbers are drawn from each country's mobile ranges and kept only if
``phonenumbers`` says they are valid there; IBANs carry correct ISO 7064 check digits
(and national check digits where a country has them); Tron and Bitcoin addresses carry
their real checksums; Serbian JMBG, Macedonian EMBG and Turkish T.C. kimlik numbers
carry theirs. Tests check all of them with ``phonenumbers`` and ``python-stdnum``.
"""

from __future__ import annotations

import hashlib
import random
import string
from datetime import date

import phonenumbers

PHONE_PLANS: dict[str, tuple[str, tuple[str, ...], int]] = {
    "rs": ("381", ("60", "61", "62", "63", "64", "65", "66", "69"), 7),
    "mk": ("389", ("70", "71", "72", "75", "76", "77", "78"), 6),
    "xk": ("383", ("43", "44", "45", "46", "48", "49"), 6),
    "al": ("355", ("68", "69"), 7),
    "tr": ("90", ("530", "532", "533", "535", "536", "537", "538", "539", "541", "542", "543",
                  "544", "545", "546", "505", "506", "507", "551", "552", "553", "554", "555"), 7),
    "gr": ("30", ("690", "693", "694", "695", "697", "698", "699"), 7),
    "bg": ("359", ("87", "88", "89", "98"), 7),
    "hu": ("36", ("20", "30", "31", "70"), 7),
    "ba": ("387", ("61", "62", "63", "65", "66"), 6),
    "hr": ("385", ("91", "92", "95", "98", "99"), 7),
    "me": ("382", ("67", "68", "69"), 6),
    "si": ("386", ("30", "31", "40", "41", "51", "64", "70"), 6),
    "at": ("43", ("660", "664", "676", "650", "699", "681", "688"), 7),
    "de": ("49", ("152", "157", "160", "162", "170", "171", "172", "176", "177", "178"), 7),
    "fr": ("33", ("6", "7"), 8),
    "gb": ("44", ("74", "75", "77", "78", "79"), 8),
    "af": ("93", ("70", "72", "73", "74", "77", "78", "79"), 7),
    "sy": ("963", ("93", "94", "95", "96", "98", "99"), 7),
    "iq": ("964", ("750", "751", "770", "771", "780", "781", "790"), 7),
    "ir": ("98", ("901", "910", "912", "915", "917", "919", "921", "935", "936", "990"), 7),
    "pk": ("92", ("300", "301", "303", "310", "312", "315", "320", "321", "333", "345"), 7),
    "ma": ("212", ("61", "62", "66", "67", "70", "77"), 7),
    "eg": ("20", ("10", "11", "12", "15"), 8),
    "bd": ("880", ("13", "14", "15", "16", "17", "18", "19"), 8),
    "in": ("91", ("70", "75", "80", "81", "88", "90", "91", "93", "95", "97", "98", "99"), 8),
}  # fmt: skip
"""Mobile numbering plans: country code, mobile prefixes, subscriber digits."""


TRUNK: dict[str, str] = {"hu": "06", "gr": ""}
"""National trunk prefixes that are not the usual ``0``."""

CHECKED = frozenset({"al", "gb", "fr", "de", "ma"})
"""Countries whose mobile prefixes include unassigned blocks: drawn numbers are validated."""

_BY_CODE: dict[str, tuple[str, str, tuple[str, ...]]] = {
    code: (country, code, prefixes) for country, (code, prefixes, _) in PHONE_PLANS.items()
}


def phone(rng: random.Random, country: str) -> str:
    """A valid mobile number of ``country`` in E.164 (``+381641234567``).

    The prefixes above are all assigned mobile ranges; where a country also has
    unassigned blocks inside them (``CHECKED``), each number is checked with
    ``phonenumbers`` and redrawn if invalid. Tests validate every number written.
    """
    code, prefixes, digits = PHONE_PLANS[country]
    region = country.upper()
    while True:
        number = "+" + code + rng.choice(prefixes) + "".join(rng.choices(string.digits, k=digits))
        if country not in CHECKED:
            return number
        parsed = phonenumbers.parse(number)
        if phonenumbers.is_valid_number(parsed) and phonenumbers.region_code_for_number(parsed) == region:
            return number


def _split(e164: str) -> tuple[str, str, str, str]:
    """(country, calling code, mobile prefix, subscriber digits) of a number made by ``phone``."""
    for length in (3, 2, 1):
        plan = _BY_CODE.get(e164[1 : 1 + length])
        if plan is None:
            continue
        country, code, prefixes = plan
        rest = e164[1 + length :]
        for prefix in sorted(prefixes, key=len, reverse=True):
            if rest.startswith(prefix):
                return country, code, prefix, rest[len(prefix) :]
    raise ValueError(f"not a number of a known plan: {e164}")


def _groups(digits: str) -> str:
    if len(digits) <= 4:
        return digits
    if len(digits) == 8:
        return f"{digits[:4]} {digits[4:]}"
    return f"{digits[:3]} {digits[3:]}"


def write_phone(rng: random.Random, e164: str, home: str) -> str:
    """A number as an agency in country ``home`` writes it: national if local, else international.

    Local numbers get the separators clerks use (``064 123 4567``, ``064/123-4567``,
    ``0641234567``); foreign ones a ``+`` or ``00`` prefix, with or without spaces.
    """
    country, code, prefix, rest = _split(e164)
    if country == home and rng.random() < 0.8:
        trunk = TRUNK.get(country, "0")
        style = rng.random()
        if style < 0.45:
            return f"{trunk}{prefix} {_groups(rest)}"
        if style < 0.7:
            return f"{trunk}{prefix}{rest}"
        if style < 0.85 and country in ("rs", "mk", "xk", "ba", "me", "hr"):
            return f"{trunk}{prefix}/{rest[:3]}-{rest[3:]}"
        return f"{trunk}{prefix} {rest}"
    style = rng.random()
    if style < 0.5:
        return f"+{code} {prefix} {_groups(rest)}"
    if style < 0.75:
        return e164
    return f"00{code}{prefix}{rest}"


# --- IBAN -----------------------------------------------------------------------------

_IBAN_BANKS: dict[str, tuple[str, ...]] = {
    "rs": ("160", "170", "205", "265", "325", "340"),
    "mk": ("200", "210", "250", "270", "300"),
    "xk": ("1212", "1301", "1502", "1701"),
    "al": ("202", "205", "208", "212", "215"),
    "tr": ("00010", "00012", "00046", "00062", "00064", "00067", "00111"),
    "gb": ("NWBK", "BARC", "LOYD", "HBUK", "MIDL", "MONZ", "SRLG"),
    "at": ("12000", "14000", "20111", "32000", "60000"),
    "de": ("10010010", "20041111", "37040044", "50010517", "70020270"),
    "gr": ("011", "017", "026", "014"),
    "bg": ("BNBG", "UNCR", "STSA", "FINV"),
}


def _mod97(text: str) -> int:
    digits = "".join(str(int(ch, 36)) for ch in text)
    return int(digits) % 97


def _national_check(number: str) -> str:
    """Two check digits of the ISO 7064 MOD 97-10 kind the ex-Yugoslav banks use."""
    return f"{98 - (int(number) * 100) % 97:02d}"


def iban(rng: random.Random, country: str) -> str:
    """A valid IBAN of ``country`` (electronic form, no spaces)."""
    bank = rng.choice(_IBAN_BANKS[country])
    digits = string.digits
    if country == "rs":
        body = bank + "".join(rng.choices(digits, k=13))
        bban = body + _national_check(body)
    elif country == "mk" or country == "xk":
        body = bank + "".join(rng.choices(digits, k=10))
        bban = body + _national_check(body)
    elif country == "al":
        branch = "".join(rng.choices(digits, k=4))
        check = str(_al_check(bank + branch))
        bban = bank + branch + check + "".join(rng.choices(digits, k=16))
    elif country == "tr":
        bban = bank + "0" + "".join(rng.choices(digits, k=16))
    elif country == "gb":
        bban = bank + "".join(rng.choices(digits, k=14))
    elif country == "at":
        bban = bank + "".join(rng.choices(digits, k=11))
    elif country == "de":
        bban = bank + "".join(rng.choices(digits, k=10))
    elif country == "gr":
        bban = bank + "".join(rng.choices(digits, k=20))
    elif country == "bg":
        bban = bank + "".join(rng.choices(digits, k=6)) + "".join(rng.choices(digits, k=8))
    else:
        raise ValueError(f"no IBAN format for {country!r}")
    iso_check = 98 - _mod97(bban + country.upper() + "00")
    return f"{country.upper()}{iso_check:02d}{bban}"


def _al_check(text: str) -> int:
    weights = (9, 7, 3, 1, 9, 7, 3)
    total = sum(int(d) * w for d, w in zip(text, weights, strict=True))
    return (10 - total % 10) % 10


def format_iban(value: str) -> str:
    """The printed form of an IBAN, in groups of four."""
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


# --- vehicle plates -----------------------------------------------------------------------

_LETTERS = "ABCDEFGHJKLMNPRSTUVZ"
_RS_CITIES = ("BG", "NS", "NI", "SU", "KG", "VR", "SO", "ŠA", "PA", "ZR", "KI", "LE")
_MK_CITIES = ("SK", "KU", "GE", "TE", "BT", "ST", "VE", "KO", "OH", "GV")
_TR_PROVINCES = ("34", "22", "06", "35", "16", "27", "63", "65", "39", "59")
_GB_AREAS = ("LB", "LD", "LK", "GJ", "GK", "BD", "BF", "KM", "KN", "YR", "MA", "WP")


def plate(rng: random.Random, country: str) -> str:
    """A registration plate in the national format of ``country``."""
    d = string.digits
    letters = _LETTERS

    def pick(chars: str, k: int) -> str:
        return "".join(rng.choices(chars, k=k))

    if country == "rs":
        return f"{rng.choice(_RS_CITIES)} {pick(d, rng.choice((3, 3, 4)))}-{pick(letters, 2)}"
    if country == "mk":
        return f"{rng.choice(_MK_CITIES)} {pick(d, 4)} {pick(letters, 2)}"
    if country == "xk":
        return f"0{rng.randint(1, 7)}-{pick(d, 3)}-{pick(letters, 2)}"
    if country == "al":
        return f"{pick(letters, 2)} {pick(d, 3)} {pick(letters, 2)}"
    if country == "tr":
        shape = rng.randrange(3)
        prov = rng.choice(_TR_PROVINCES)
        if shape == 0:
            return f"{prov} {pick(letters, 1)} {pick(d, 4)}"
        if shape == 1:
            return f"{prov} {pick(letters, 2)} {pick(d, 3)}"
        return f"{prov} {pick(letters, 3)} {pick(d, 2)}"
    if country == "gb":
        age = rng.choice(("19", "69", "20", "70", "21", "71", "22", "72", "23", "73"))
        return f"{rng.choice(_GB_AREAS)}{age} {pick('ABCDEFGHJKLMNPRSTUVWXYZ', 3)}"
    if country == "fr":
        return f"{pick('ABCDEFGHJKLMNPRSTVWXYZ', 2)}-{pick(d, 3)}-{pick('ABCDEFGHJKLMNPRSTVWXYZ', 2)}"
    if country == "bg":
        return f"{rng.choice(('CA', 'CB', 'PB', 'A', 'H', 'B'))} {pick(d, 4)} {pick('ABEKMHOPCTX', 2)}"
    if country == "hu":
        return f"{pick(letters, 3)}-{pick(d, 3)}"
    if country == "at":
        return f"{rng.choice(('W', 'GU', 'L', 'S', 'NK'))}-{pick(d, 3)}{pick(letters, 2)}"
    if country == "de":
        return f"{rng.choice(('M', 'B', 'HH', 'F', 'K'))}-{pick(letters, 2)} {pick(d, 4)}"
    if country == "gr":
        return f"{pick('ABEZHIKMNOPTYX', 3)}-{pick(d, 4)}"
    if country == "ba":
        return f"{pick('AEJKMOT', 1)}{pick(d, 2)}-{pick('AEJKMOT', 1)}-{pick(d, 3)}"
    raise ValueError(f"no plate format for {country!r}")


VEHICLE_MODELS: dict[str, tuple[str, ...]] = {
    "car": ("Volkswagen Passat", "Škoda Octavia", "Audi A4", "Opel Astra", "BMW 320d",
            "Renault Mégane", "Mercedes-Benz E 220", "Volkswagen Golf", "Peugeot 308"),
    "van": ("Mercedes-Benz Sprinter", "Ford Transit", "Volkswagen Transporter",
            "Renault Master", "Fiat Ducato", "Iveco Daily"),
    "lorry": ("Scania R450", "Volvo FH", "DAF XF", "MAN TGX", "Mercedes-Benz Actros"),
    "bus": ("Setra S 515", "Mercedes-Benz Tourismo"),
}  # fmt: skip
COLOURS = ("white", "black", "silver", "grey", "blue", "red", "dark green")


# --- crypto -------------------------------------------------------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = _B58[rem] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def b58decode_check(text: str) -> bytes | None:
    """Decode a Base58Check string, or ``None`` if its checksum is wrong."""
    number = 0
    for ch in text:
        number = number * 58 + _B58.index(ch)
    raw = number.to_bytes(25, "big")
    payload, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        return None
    return payload


def tron_address(rng: random.Random) -> str:
    """A checksum-valid Tron address (``T…``), where USDT payments to smugglers usually go."""
    payload = b"\x41" + rng.randbytes(20)
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return _b58encode(payload + check)


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= generator[i] if ((top >> i) & 1) else 0
    return chk


def bitcoin_address(rng: random.Random) -> str:
    """A checksum-valid native SegWit Bitcoin address (``bc1q…``, BIP 173)."""
    program = rng.randbytes(20)
    acc, bits, data = 0, 0, [0]
    for byte in program:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    hrp = "bc"
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    polymod = _bech32_polymod([*expanded, *data, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[d] for d in data + checksum)


def tx_hash(rng: random.Random) -> str:
    """A transaction hash: 64 hex digits."""
    return rng.randbytes(32).hex()


# --- personal numbers ----------------------------------------------------------------------


def jmbg(rng: random.Random, dob: date, male: bool, region: int) -> str:
    """A Yugoslav-style unique master citizen number (Serbian JMBG, Macedonian EMBG).

    ``DDMMYYY RR BBB K``: birth date with a three-digit year, the region of registration
    (71-79 Belgrade, 80-89 Vojvodina, 41-49 North Macedonia), a serial that is below 500
    for men, and a modulo-11 check digit; serials whose check would be 10 are skipped.
    """
    while True:
        serial = rng.randrange(0, 500) if male else rng.randrange(500, 1000)
        body = f"{dob.day:02d}{dob.month:02d}{dob.year % 1000:03d}{region:02d}{serial:03d}"
        a = [int(c) for c in body]
        total = sum(w * (a[i] + a[i + 6]) for i, w in enumerate((7, 6, 5, 4, 3, 2)))
        check = 11 - total % 11
        if check == 10:
            continue
        return body + str(0 if check == 11 else check)


def tc_kimlik(rng: random.Random) -> str:
    """A Turkish identity number (T.C. kimlik no) with both check digits."""
    d = [rng.randint(1, 9)] + [rng.randrange(10) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    return "".join(map(str, d)) + f"{d10}{d11}"


def kosovo_personal_number(rng: random.Random) -> str:
    """A Kosovo personal number: ten digits starting with 1 (no public check digit)."""
    return "1" + "".join(rng.choices(string.digits, k=9))


def albanian_nid(rng: random.Random, dob: date, male: bool) -> str:
    """An Albanian personal number modelled on the NID: decade letter, YMMDD, serial, letter.

    The decade letter runs from H (1970s) upwards; women's months are offset by 50, as
    on the card. The final check letter follows no published algorithm here.
    """
    decade = "ABCDEFGHIJKLMN"[max(0, min(13, (dob.year - 1900) // 10))]
    month = dob.month + (0 if male else 50)
    serial = "".join(rng.choices(string.digits, k=3))
    return f"{decade}{dob.year % 10}{month:02d}{dob.day:02d}{serial}{rng.choice(string.ascii_uppercase)}"


def imei(rng: random.Random) -> str:
    """A Luhn-valid IMEI with a plausible type allocation code prefix."""
    body = rng.choice(("35", "86", "01", "49")) + "".join(rng.choices(string.digits, k=12))
    total = 0
    for i, ch in enumerate(body):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            n = n - 9 if n > 9 else n
        total += n
    return body + str((10 - total % 10) % 10)
