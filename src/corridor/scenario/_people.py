"""Making true people: names from the right pool, birth dates, phones and ID numbers."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from corridor.scenario._identifiers import (
    PHONE_PLANS,
    albanian_nid,
    jmbg,
    kosovo_personal_number,
    phone,
    tc_kimlik,
)
from corridor.scenario._model import Person, PhoneUse
from corridor.scenario._names import LANGS_BY_NATIONALITY, NICKNAMES, POOLS

PERIOD_START = date(2023, 1, 1)
PERIOD_END = date(2025, 6, 30)
"""Trips start in 2023-24; the last ones finish in the first half of 2025."""


def weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    """One of ``options`` (value, weight) drawn by weight."""
    total = sum(w for _, w in options)
    roll = rng.random() * total
    for value, w in options:
        roll -= w
        if roll < 0:
            return value
    return options[-1][0]


def make_person(
    rng: random.Random,
    pid: str,
    *,
    nationality: str,
    role: str,
    residence: str,
    age: tuple[int, int],
    male_share: float = 0.97,
    lang: str | None = None,
    family: str | None = None,
) -> Person:
    """A person of ``nationality`` with a name from a fitting pool and a birth date in ``age``."""
    lang = lang or weighted(rng, LANGS_BY_NATIONALITY[nationality])
    pool = POOLS[lang]
    male = rng.random() < male_share
    given = rng.choice(pool.male if male else pool.female)
    father = rng.choice(pool.male)
    years = rng.randint(*age)
    dob = PERIOD_START - timedelta(days=365 * years + rng.randrange(365))
    person = Person(
        id=pid,
        lang=lang,
        given=given,
        family=family or rng.choice(pool.family),
        father=father,
        male=male,
        dob=dob,
        nationality=nationality,
        role=role,
        residence=residence,
    )
    person.id_number = national_id(rng, person)
    return person


def national_id(rng: random.Random, person: Person) -> str:
    """The personal number a citizen of the person's country carries, or ``""``."""
    if person.nationality == "rs":
        return jmbg(rng, person.dob, person.male, rng.randint(71, 89))
    if person.nationality == "mk":
        return jmbg(rng, person.dob, person.male, rng.randint(41, 49))
    if person.nationality == "tr":
        return tc_kimlik(rng)
    if person.nationality == "xk":
        return kosovo_personal_number(rng)
    if person.nationality == "al":
        return albanian_nid(rng, person.dob, person.male)
    return ""


def give_phone(rng: random.Random, person: Person, country: str, start: date, end: date) -> str:
    """Give ``person`` a new number of ``country`` for a period and return it."""
    plan = country if country in PHONE_PLANS else "tr"
    number = phone(rng, plan)
    person.phones.append(PhoneUse(number, start, end))
    return number


def nickname(rng: random.Random, person: Person) -> str:
    """A street name in the person's language (some are shared by several smugglers)."""
    return rng.choice(NICKNAMES.get(person.lang, NICKNAMES["ara"]))
