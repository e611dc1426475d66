"""What the UK agencies share: English spellings, UK date formats, how people are labelled.

GB-BF, GB-NCA and GB-BSC write English Latin spellings, ISO alpha-3 nationalities and
``dd/mm/yyyy`` dates; their mappings share one ``corridor:`` block. Peers save smugglers
in their phones, and sources name them, by a first name with a town, role or nickname;
analysts name networks after their leaders.
"""

from __future__ import annotations

import random
from typing import Any

from corridor.scenario._geography import PLACES
from corridor.scenario._lexicon import ROLE_NAMES
from corridor.scenario._model import Organisation, Person
from corridor.scenario._noise import Style
from corridor.scenario._scripts import write_name
from corridor.scenario._views import Context

EN = Style(target="en", lang="en", home="gb", date_format="%d/%m/%Y", p_variant=0.45, iso3=True, p_father_missing=1.0)
"""How UK agencies write people: English Latin spellings, ISO alpha-3 nationalities."""

UK_DATES = ["%d/%m/%Y", "%Y-%m-%d"]


def uk_block(columns: list[str], *, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ``corridor:`` block of a UK mapping whose date columns are ``columns``."""
    block: dict[str, Any] = {
        "format": "csv", "encoding": "utf-8", "delimiter": ",", "lang": "eng", "script": "Latn",
        "phone_region": "GB", "date_formats": dict.fromkeys(columns, UK_DATES),
    }  # fmt: skip
    if extra:
        block.update(extra)
    return block


def person_entity(columns: dict[str, str], *, gender: bool = True) -> dict[str, Any]:
    """The Person entity of a UK file, from its columns by meaning."""
    props: dict[str, Any] = {
        "name": {"columns": [columns["given"], columns["family"]], "join": " "},
        "firstName": {"column": columns["given"]},
        "lastName": {"column": columns["family"]},
        "birthDate": {"column": columns["dob"]},
        "nationality": {"column": columns["nationality"]},
        "phone": {"column": columns["phone"], "format": "gb"} if "phone" in columns else None,
        "position": {"column": columns["role"]},
        "notes": {"column": columns["notes"]},
    }
    if gender:
        props["gender"] = {"column": columns["sex"]}
    return {"schema": "Person", "id_column": columns["id"], "properties": {k: v for k, v in props.items() if v}}


def en_name(rng: random.Random, person: Person) -> str:
    """A person's full name in English Latin spelling, as a phone's owner is recorded."""
    return f"{write_name(person.given, person.lang, 'en')} {write_name(person.family, person.lang, 'en')}"


def contact_label(rng: random.Random, person: Person) -> tuple[str, list[str]]:
    """How a smuggler is saved in a peer's phone: a nickname, a first name and a town, a role."""
    given = write_name(person.given, person.lang, "en")
    town = PLACES[person.residence].name.split(" ")[0]
    nick = write_name(person.nicknames[0], person.lang, "en") if person.nicknames else ""
    options = [
        f"{given} {town}",
        f"{given} {write_name(person.family, person.lang, 'en')[:1]}",
        f"{given} {ROLE_NAMES['en'][person.role].split(' ')[-1]}",
    ]
    if nick:
        options += [nick, f"{nick} {given}"]
    if person.lang in ("kur", "fas"):
        options.append(f"Kaka {given}")
    return rng.choice(options), ["contact_label"]


def network_name(rng: random.Random, org: Organisation, ctx: Context) -> str:
    """How UK and Europol analysts name a network: after its leader, as an OCG."""
    leader = ctx.world.smugglers[org.leader]
    family = write_name(leader.family, leader.lang, "en")
    return f"{family} OCG" if not org.nickname else f"'{write_name(leader.nicknames[0], leader.lang, 'en')}' network"
