"""Building the smuggling world: organisations, their members, brokers, vehicles and phones.

Each organisation runs one stage of the route on one or more of its variants, so that
every variant of every stage is served by at least one organisation whatever the size.
Members live where their role puts them: guides by the green border, drivers along the
roads, safe-house keepers in the towns where groups wait, the leader often far from the
route. Brokers and hawala bankers belong to several organisations at once; they are the
people whose removal breaks the business, which is what key-player detection is scored on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from corridor.scenario._calibration import CALIBRATION
from corridor.scenario._geography import PLACES, STAGES, VARIANTS, Variant
from corridor.scenario._identifiers import COLOURS, VEHICLE_MODELS, bitcoin_address, iban, plate, tron_address
from corridor.scenario._model import Organisation, Person, PhoneUse, Vehicle
from corridor.scenario._people import PERIOD_END, PERIOD_START, give_phone, make_person, nickname, weighted
from corridor.scenario._scripts import latin

STAGE_WEIGHTS: dict[str, float] = {"tr": 0.24, "south": 0.26, "north": 0.22, "west": 0.13, "channel": 0.15}
"""Share of organisations per stage (assumption: more, smaller networks in the Balkans)."""

HOME_BY_VARIANT: dict[str, str] = {
    "evros": "tr", "bulgaria": "tr", "vardar": "mk", "kosovo": "xk", "albania": "al",
    "albania_kosovo": "al", "sofia_nis": "bg", "hungary": "rs", "croatia": "rs", "drina": "ba",
    "bosnia": "ba", "to_dunkirk": "at", "to_calais": "de", "gravelines_boat": "iq",
    "wimereux_boat": "iq", "calais_lorry": "gb",
}  # fmt: skip
"""Where an organisation serving a variant is based (its members' main nationality)."""

LEADER_NATIONALITY: dict[str, str] = {
    "tr": "tr", "mk": "mk", "xk": "xk", "al": "al", "bg": "bg", "rs": "rs", "ba": "ba",
    "at": "sy", "de": "iq", "iq": "iq", "gb": "al",
}  # fmt: skip

RESIDENTS: dict[str, tuple[tuple[str, float], ...]] = {
    "tr": (("tr", 0.55), ("sy", 0.2), ("af", 0.15), ("iq", 0.1)),
    "gr": (("al", 0.3), ("pk", 0.2), ("sy", 0.3), ("af", 0.2)),
    "bg": (("bg", 0.7), ("af", 0.2), ("sy", 0.1)),
    "mk": (("mk", 1.0),),
    "xk": (("xk", 1.0),),
    "al": (("al", 1.0),),
    "me": (("me", 0.6), ("al", 0.4)),
    "rs": (("rs", 0.75), ("af", 0.1), ("ma", 0.1), ("sy", 0.05)),
    "ba": (("ba", 0.8), ("rs", 0.1), ("af", 0.1)),
    "hu": (("rs", 0.4), ("sy", 0.3), ("af", 0.3)),
    "hr": (("ba", 0.5), ("rs", 0.5)),
    "si": (("ba", 1.0),),
    "at": (("at", 0.35), ("sy", 0.3), ("iq", 0.2), ("af", 0.15)),
    "de": (("de", 0.3), ("iq", 0.4), ("sy", 0.3)),
    "fr": (("iq", 0.6), ("fr", 0.1), ("af", 0.15), ("sy", 0.15)),
    "gb": (("gb", 0.4), ("iq", 0.35), ("al", 0.25)),
}
"""Nationalities of smugglers living in a country (assumption, from case reporting)."""

AWAY_FROM_ROUTE: tuple[str, ...] = ("istanbul", "belgrade", "london", "birmingham", "vienna", "manchester")
"""Where leaders who do not live on their own stretch of the route live."""

ORG_PATTERNS: dict[str, str] = {
    "srp": "the {family} clan", "bos": "the {family} clan", "mkd": "the {family} group",
    "bul": "the {family} group", "sqi": "the {family} network", "tur": "the {family} network",
    "kur": "Kaka {given}'s network", "ara": "the Abu {given} network",
    "fas": "Haji {given}'s network", "pus": "Haji {given}'s network",
}  # fmt: skip

ROLE_AGES: dict[str, tuple[int, int]] = {
    "leader": (34, 58), "coordinator": (28, 52), "hawala_banker": (35, 65), "broker": (30, 55),
    "boat_pilot": (18, 35), "driver": (20, 50), "guide": (19, 45),
}  # fmt: skip


@dataclass(slots=True)
class World:
    """The organisations and smugglers of a scenario, with their vehicles."""

    orgs: list[Organisation]
    smugglers: dict[str, Person]
    vehicles: dict[str, Vehicle]
    serving: dict[str, list[Organisation]] = field(default_factory=dict)
    by_id: dict[str, Organisation] = field(default_factory=dict)

    def org(self, oid: str) -> Organisation:
        """The organisation with id ``oid``."""
        return self.by_id[oid]


def _split_counts(total: int, weights: dict[str, float], minimum: int) -> dict[str, int]:
    """Split ``total`` by ``weights`` with at least ``minimum`` each (largest remainder)."""
    keys = list(weights)
    base = dict.fromkeys(keys, minimum)
    rest = max(0, total - minimum * len(keys))
    raw = {k: rest * weights[k] / sum(weights.values()) for k in keys}
    for k in keys:
        base[k] += int(raw[k])
    left = total - sum(base.values())
    for k in sorted(keys, key=lambda k: (-(raw[k] - int(raw[k])), keys.index(k)))[: max(0, left)]:
        base[k] += 1
    return base


def _variants_of(stage: str) -> list[Variant]:
    return [v for v in VARIANTS if v.stage == stage]


def _org_places(variants: list[Variant]) -> list[str]:
    seen: list[str] = []
    for variant in variants:
        for place in variant.places:
            if place not in seen:
                seen.append(place)
    return seen


def _role_counts(stage: str, size: int, channel_boats: bool) -> dict[str, int]:
    """How many members of each role an organisation of ``size`` has (plus reserves)."""
    share = {
        "coordinator": 0.08, "recruiter": 0.08 if stage == "tr" else 0.04,
        "document_forger": 0.04 if stage in ("tr", "west") else 0.0,
        "driver": 0.30 if stage != "channel" else 0.12,
        "guide": 0.16 if stage in ("tr", "south", "north") else 0.04,
        "safe_house_keeper": 0.12, "money_collector": 0.08,
        "boat_pilot": 0.25 if channel_boats else 0.0,
    }  # fmt: skip
    minimum = {"coordinator": 1, "driver": 1, "safe_house_keeper": 1, "money_collector": 1}
    if stage in ("tr", "south", "north"):
        minimum["guide"] = 1
    if channel_boats:
        minimum["boat_pilot"] = 2
    if stage == "tr":
        minimum["recruiter"] = 1
    counts = {role: max(minimum.get(role, 0), round(size * s)) for role, s in share.items()}
    return {role: n for role, n in counts.items() if n > 0}


def build_world(rng: random.Random, smugglers: int) -> World:
    """Organisations and their members for a scenario with ``smugglers`` smugglers in all."""
    per_org = int(CALIBRATION["members_per_organisation"].value)
    n_orgs = max(len(STAGES), round(smugglers / per_org))
    stage_counts = _split_counts(n_orgs, STAGE_WEIGHTS, 1)
    orgs: list[Organisation] = []
    for stage in STAGES:
        variants = _variants_of(stage)
        k = stage_counts[stage]
        for i in range(k):
            if k >= len(variants):
                mine = [variants[i % len(variants)]]
                extra = rng.choice(variants)
                if rng.random() < 0.3 and extra not in mine and extra.start == mine[0].start:
                    mine.append(extra)
            else:
                mine = [v for j, v in enumerate(variants) if j % k == i]
            orgs.append(
                Organisation(
                    id=f"ORG{len(orgs) + 1:04d}",
                    name="",
                    stage=stage,
                    variants=[v.id for v in mine],
                    home=HOME_BY_VARIANT[mine[0].id],
                    base=mine[0].start,
                    weight=rng.lognormvariate(0.0, 0.6),
                    price_factor=round(rng.uniform(0.85, 1.25), 2),
                )
            )
    sizes = _member_budget(rng, smugglers, len(orgs))
    people: dict[str, Person] = {}
    vehicles: dict[str, Vehicle] = {}
    for org, size in zip(orgs, sizes, strict=True):
        _staff(rng, org, size, people, vehicles)
    _add_shared_members(rng, orgs, people, max(2, round(smugglers * 0.05)))
    serving: dict[str, list[Organisation]] = {}
    for org in orgs:
        for vid in org.variants:
            serving.setdefault(vid, []).append(org)
    return World(orgs=orgs, smugglers=people, vehicles=vehicles, serving=serving, by_id={o.id: o for o in orgs})


def _member_budget(rng: random.Random, smugglers: int, n_orgs: int) -> list[int]:
    """Members per organisation, leaving about 6 % for brokers and hawala bankers."""
    own = max(n_orgs * 8, int(smugglers * 0.94))
    weights = [rng.uniform(0.6, 1.4) for _ in range(n_orgs)]
    total = sum(weights)
    sizes = [max(8, int(own * w / total)) for w in weights]
    return sizes


def _new_id(people: dict[str, Person]) -> str:
    return f"S{len(people) + 1:06d}"


def _resident(
    rng: random.Random,
    people: dict[str, Person],
    org: Organisation,
    role: str,
    place: str,
    nationality: str | None = None,
) -> Person:
    country = PLACES[place].country
    nat = nationality or weighted(rng, RESIDENTS.get(country, (("tr", 1.0),)))
    person = make_person(
        rng,
        _new_id(people),
        nationality=nat,
        role=role,
        residence=place,
        age=ROLE_AGES.get(role, (22, 55)),
        male_share=0.93,
    )
    person.orgs.append(org.id)
    people[person.id] = person
    phone_country = country if rng.random() < 0.85 else nat
    give_phone(rng, person, phone_country, PERIOD_START, PERIOD_END)
    if role in ("leader", "coordinator", "broker", "hawala_banker") and rng.random() < 0.6:
        give_phone(
            rng, person, nat if nat != country else rng.choice(("gb", "at", "de", "tr")), PERIOD_START, PERIOD_END
        )
    if rng.random() < (
        0.5 if role in ("leader", "coordinator", "hawala_banker", "broker", "money_collector") else 0.12
    ):
        person.nicknames.append(nickname(rng, person))
    if role in ("leader", "money_collector", "hawala_banker", "coordinator"):
        bank_country = country if country in ("rs", "mk", "xk", "al", "tr", "gb", "at", "de", "gr", "bg") else "at"
        person.iban = iban(rng, bank_country)
        person.wallet = tron_address(rng) if rng.random() < 0.75 else bitcoin_address(rng)
    return person


def _staff(
    rng: random.Random, org: Organisation, size: int, people: dict[str, Person], vehicles: dict[str, Vehicle]
) -> None:
    variants = [v for v in VARIANTS if v.id in org.variants]
    places = _org_places(variants)
    countries = list(dict.fromkeys(PLACES[p].country for p in places))
    org.countries = countries
    boats = any(v.id.endswith("_boat") for v in variants)
    # Leader: on the route at the base, or far away.
    home_nat = LEADER_NATIONALITY[org.home]
    if org.stage == "channel":
        residence = rng.choice(("london", "birmingham", "manchester")) if rng.random() < 0.5 else org.base
    else:
        residence = org.base if rng.random() < 0.7 else rng.choice(AWAY_FROM_ROUTE)
    leader = _resident(rng, people, org, "leader", residence, nationality=home_nat)
    org.leader = leader.id
    org.members.append(leader.id)
    org.roles["leader"] = [leader.id]
    leader_latin = latin(leader.family, leader.lang)
    pattern = ORG_PATTERNS.get(leader.lang, "the {family} network")
    if leader.nicknames and rng.random() < 0.4:
        org.name = f"the '{latin(leader.nicknames[0], leader.lang)}' network"
    else:
        org.name = pattern.format(family=leader_latin, given=latin(leader.given, leader.lang))
    org.nickname = latin(leader.nicknames[0], leader.lang) if leader.nicknames else ""
    # Where each role works.
    foot_starts = [v.places[i] for v in variants for i, h in enumerate(v.hops) if h.mode in ("foot", "dinghy")]
    towns = [p for p in places if PLACES[p].kind in ("hub", "town", "port", "coast")]
    counts = _role_counts(org.stage, size - 1, boats)
    for role, n in counts.items():
        total = n + (max(1, n // 3) if role in ("driver", "guide", "boat_pilot") else 0)
        active: list[str] = []
        reserve: list[str] = []
        for i in range(total):
            if role == "coordinator":
                place = _town_in(countries[i % len(countries)], places, org.base)
            elif role == "guide":
                place = foot_starts[i % len(foot_starts)] if foot_starts else org.base
            elif role == "driver":
                place = towns[i % len(towns)] if towns else org.base
            elif role == "safe_house_keeper":
                place = towns[(i * 2 + 1) % len(towns)] if towns else org.base
            elif role == "boat_pilot":
                place = org.base
            else:
                place = org.base
            nat = home_nat if role in ("coordinator", "money_collector") and PLACES[place].country == org.home else None
            if role == "boat_pilot":
                nat = weighted(rng, (("iq", 0.4), ("sy", 0.2), ("af", 0.2), ("ir", 0.2)))
            person = _resident(rng, people, org, role, place, nationality=nat)
            org.members.append(person.id)
            (active if i < n else reserve).append(person.id)
        org.roles[role] = active
        org.reserves[role] = reserve
    # Vehicles: cars and vans where the drivers live, lorries for the long western legs.
    drivers = org.roles.get("driver", []) + org.reserves.get("driver", [])
    for i in range(max(1, len(drivers) * 2 // 3)):
        owner = people[drivers[i % len(drivers)]] if drivers else leader
        country = PLACES[owner.residence].country
        if country not in ("rs", "mk", "xk", "al", "tr", "gb", "fr", "bg", "hu", "at", "de", "gr", "ba"):
            country = org.home if org.home in ("rs", "mk", "xk", "al", "tr", "gb", "bg", "at", "de") else "bg"
        kind = "lorry" if org.stage == "west" and i % 2 == 0 else rng.choice(("car", "car", "van"))
        if kind == "lorry":
            country = rng.choice(("bg", "tr", "rs", "mk", "hu", "de"))
        vehicle = Vehicle(
            id=f"V{len(vehicles) + 1:06d}",
            plate=plate(rng, country),
            country=country,
            kind=kind,
            model=rng.choice(VEHICLE_MODELS[kind]),
            colour=rng.choice(COLOURS),
            org=org.id,
            owner=owner.id,
        )
        vehicles[vehicle.id] = vehicle
        org.vehicles.append(vehicle)
    # Some drivers share a dispatch phone.
    active_drivers = org.roles.get("driver", [])
    if len(active_drivers) >= 2 and rng.random() < 0.5:
        a, b = people[active_drivers[0]], people[active_drivers[1]]
        b.phones.append(PhoneUse(a.phones[0].number, PERIOD_START, PERIOD_END))


def _town_in(country: str, places: list[str], fallback: str) -> str:
    for place in places:
        if PLACES[place].country == country and PLACES[place].kind in ("hub", "town"):
            return place
    for place in places:
        if PLACES[place].country == country:
            return place
    return fallback


def _add_shared_members(rng: random.Random, orgs: list[Organisation], people: dict[str, Person], budget: int) -> None:
    """Brokers at the hubs where organisations hand groups over, and hawala bankers."""
    n_hawala = max(1, budget // 3)
    n_brokers = max(1, budget - n_hawala)
    # Hubs where one stage ends and another begins.
    hubs: dict[str, list[Organisation]] = {}
    for org in orgs:
        for variant in (v for v in VARIANTS if v.id in org.variants):
            hubs.setdefault(variant.start, []).append(org)
            hubs.setdefault(variant.end, []).append(org)
    hub_names = sorted(h for h, os in hubs.items() if len({o.id for o in os}) >= 2)
    for i in range(n_brokers):
        hub = hub_names[i % len(hub_names)] if hub_names else "belgrade"
        candidates = sorted({o.id: o for o in hubs.get(hub, orgs)}.values(), key=lambda o: o.id)
        chosen = rng.sample(candidates, k=min(len(candidates), rng.randint(2, 3)))
        first = chosen[0]
        person = _resident(rng, people, first, "broker", hub)
        for org in chosen[1:]:
            person.orgs.append(org.id)
        for org in chosen:
            org.members.append(person.id)
            org.roles.setdefault("broker", []).append(person.id)
    for i in range(n_hawala):
        place = (
            "istanbul"
            if i == 0
            else weighted(rng, (("istanbul", 0.6), ("london", 0.15), ("vienna", 0.1), ("belgrade", 0.15)))
        )
        chosen = rng.sample(orgs, k=min(len(orgs), rng.randint(2, 4)))
        person = _resident(rng, people, chosen[0], "hawala_banker", place)
        for org in chosen[1:]:
            person.orgs.append(org.id)
        for org in chosen:
            org.members.append(person.id)
            org.roles.setdefault("hawala_banker", []).append(person.id)
