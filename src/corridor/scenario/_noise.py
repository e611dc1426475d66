"""How a clerk writes a person down: the agency's orthography, formats, and the mistakes.

A ``Style`` describes one agency's habits; ``render_person`` writes one true person as
that agency would on one day, and lists the noise it introduced so the truth file can
say, record by record, what a resolver had to overcome: a name in another script or
spelling, a typo, given and family names swapped, a day/month swap or the 1 January
birth date registrations give people who do not know theirs, a nationality claimed
rather than real, a missing field.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from corridor.scenario._identifiers import write_phone
from corridor.scenario._lexicon import COUNTRY_NAMES, ISO3, SEX_CODES
from corridor.scenario._model import Person
from corridor.scenario._names import VARIANTS
from corridor.scenario._scripts import FOREIGN, latin_variants, tr_upper, write_name

CLAIMED: dict[str, tuple[str, ...]] = {
    "pk": ("af",), "af": ("ir", "pk"), "ma": ("sy", "dz"), "eg": ("sy",), "iq": ("sy", "ir"),
    "bd": ("in", "pk"), "in": ("pk",), "ir": ("af", "iq"), "tr": ("sy",), "sy": ("iq",),
}  # fmt: skip
"""Nationalities people claim instead of their own (e.g. to be treated as refugees)."""


@dataclass(frozen=True, slots=True)
class Style:
    """One agency's way of writing people and dates, and how noisy its records are."""

    target: str
    lang: str
    home: str
    date_format: str
    latin_share: float = 0.0
    upper_family: bool = False
    p_typo: float = 0.03
    p_swap: float = 0.03
    p_variant: float = 0.35
    p_ascii: float = 0.0
    p_dob_missing: float = 0.08
    p_dob_swap: float = 0.03
    p_dob_shift: float = 0.03
    p_dob_unpadded: float = 0.1
    p_nat_claimed: float = 0.04
    p_nat_missing: float = 0.02
    p_phone_missing: float = 0.3
    p_father_missing: float = 0.4
    iso3: bool = False


@dataclass(slots=True)
class Rendered:
    """A person as written in one record, with the noise that went into it."""

    given: str
    family: str
    father: str
    dob: str
    nationality: str
    sex: str
    phone: str
    alias: str
    lex: str
    noise: list[str] = field(default_factory=list)


def format_date(day: date, fmt: str, *, unpadded: bool = False) -> str:
    """``day`` in ``fmt`` (strftime codes), optionally without leading zeros (``5.3.2024.``)."""
    text = day.strftime(fmt)
    if unpadded and fmt.startswith("%d"):
        text = text.replace(f"{day.day:02d}", str(day.day), 1)
        text = text.replace(f"{day.month:02d}", str(day.month), 1) if day.day != day.month else text
    return text


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: two letters swapped, one dropped or one doubled."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    kind = rng.randrange(3)
    if kind == 0 and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


_ASCII = str.maketrans("ëçËÇşŞğĞıİöÖüÜćčĆČšŠžŽđĐ", "ecECsSgGiIoOuUccCCsSzZdD")


def _token(rng: random.Random, token: str, lang: str, target: str, style: Style, noise: list[str]) -> str:
    if lang in FOREIGN:
        if rng.random() < style.p_variant and VARIANTS.get(token):
            token = rng.choice(VARIANTS[token])
            if "spelling_variant" not in noise:
                noise.append("spelling_variant")
        return write_name(token, lang, target)
    if target in ("en", "sq", "tr") and rng.random() < style.p_variant:
        options = latin_variants(token, lang)
        if options:
            if "spelling_variant" not in noise:
                noise.append("spelling_variant")
            return rng.choice(options)
    return write_name(token, lang, target)


def write_person_name(rng: random.Random, text: str, lang: str, target: str, style: Style, noise: list[str]) -> str:
    """A (possibly several-word) name written by an agency of ``style`` in ``target``."""
    if lang in FOREIGN and VARIANTS.get(text):
        return _token(rng, text, lang, target, style, noise)
    return " ".join(_token(rng, part, lang, target, style, noise) for part in text.split(" "))


def render_person(rng: random.Random, person: Person, style: Style, day: date, *, alias: bool = False) -> Rendered:
    """Write ``person`` as an agency of ``style`` would in a record dated ``day``."""
    noise: list[str] = []
    target, lex = style.target, style.lang
    if style.latin_share and rng.random() < style.latin_share:
        target, lex = "sr-Latn", "sr-Latn"
        noise.append("latin_script")
    given = write_person_name(rng, person.given, person.lang, target, style, noise)
    family = write_person_name(rng, person.family, person.lang, target, style, noise)
    if style.p_ascii and rng.random() < style.p_ascii:
        folded = given.translate(_ASCII), family.translate(_ASCII)
        if folded != (given, family):
            given, family = folded
            noise.append("ascii")
    if rng.random() < style.p_typo:
        if rng.random() < 0.7:
            family = typo(rng, family)
        else:
            given = typo(rng, given)
        noise.append("typo")
    if style.upper_family:
        family = tr_upper(family) if style.lang == "tr" else family.upper()
    if rng.random() < style.p_swap:
        given, family = family, given
        noise.append("swapped_names")
    father = ""
    if rng.random() >= style.p_father_missing:
        father = write_person_name(rng, person.father, person.lang, target, style, [])
    dob = _dob(rng, person, style, noise)
    nationality = _nationality(rng, person, style, lex, noise)
    male, female = SEX_CODES[lex]
    number = person.phone_on(day)
    phone = ""
    if number and rng.random() >= style.p_phone_missing:
        phone = write_phone(rng, number, style.home)
    nick = ""
    if alias and person.nicknames:
        nick = (
            write_name(person.nicknames[0], person.lang, target)
            if person.lang in ("srp", "mkd", "bul")
            else person.nicknames[0]
        )
    return Rendered(given, family, father, dob, nationality, male if person.male else female, phone, nick, lex, noise)


def _dob(rng: random.Random, person: Person, style: Style, noise: list[str]) -> str:
    real = person.dob
    if rng.random() < style.p_dob_missing:
        noise.append("dob_missing")
        return ""
    day = real
    if person.role == "migrant" and person.nationality == "af" and rng.random() < 0.4:
        day = date(real.year, 1, 1)
        if day != real:
            noise.append("dob_default")
    elif rng.random() < style.p_dob_swap and real.day <= 12 and real.day != real.month:
        day = date(real.year, real.day, real.month)
        noise.append("dob_day_month_swap")
    elif rng.random() < style.p_dob_shift:
        day = date(real.year + rng.choice((-1, 1)), real.month, min(real.day, 28))
        noise.append("dob_shifted")
    return format_date(day, style.date_format, unpadded=rng.random() < style.p_dob_unpadded)


def _nationality(rng: random.Random, person: Person, style: Style, lex: str, noise: list[str]) -> str:
    if rng.random() < style.p_nat_missing:
        noise.append("nationality_missing")
        return ""
    nat = person.nationality
    if person.role == "migrant" and rng.random() < style.p_nat_claimed and nat in CLAIMED:
        claimed = rng.choice(CLAIMED[nat])
        if claimed in ISO3:
            nat = claimed
            noise.append("nationality_claimed")
    if style.iso3:
        return ISO3[nat]
    return COUNTRY_NAMES[lex][nat]
