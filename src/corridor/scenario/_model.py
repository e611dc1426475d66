"""The true world of a scenario: people, organisations, vehicles, trips, money and events.

These are the facts agencies only ever see parts of. They are plain mutable records
(slots, no behaviour beyond small lookups) so that a large scenario can hold tens of
thousands of smugglers cheaply; migrants, legs, payments and events live only as long
as the monthly batch that produced them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

ROLES: tuple[str, ...] = (
    "leader",
    "coordinator",
    "recruiter",
    "document_forger",
    "driver",
    "guide",
    "safe_house_keeper",
    "money_collector",
    "hawala_banker",
    "boat_pilot",
    "broker",
    "migrant",
)
"""Every role a true person can have; a person has exactly one."""


@dataclass(slots=True)
class PhoneUse:
    """A phone number held by one person over a period (phones are shared and passed on)."""

    number: str
    start: date
    end: date


@dataclass(slots=True)
class Person:
    """A true person: a smuggler or a migrant."""

    id: str
    lang: str
    given: str
    family: str
    father: str
    male: bool
    dob: date
    nationality: str
    role: str
    residence: str
    orgs: list[str] = field(default_factory=list)
    phones: list[PhoneUse] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    id_number: str = ""
    iban: str = ""
    wallet: str = ""
    group: str = ""
    active_from: date | None = None
    arrested: date | None = None
    arrested_by: str = ""

    def phone_on(self, day: date) -> str | None:
        """The number the person used on ``day``, if any."""
        for use in self.phones:
            if use.start <= day <= use.end:
                return use.number
        return None

    def active_on(self, day: date) -> bool:
        """Whether the person was free and working for the organisation on ``day``."""
        if self.active_from and day < self.active_from:
            return False
        return not (self.arrested and day >= self.arrested)


@dataclass(slots=True)
class Vehicle:
    """A car, van, bus or lorry an organisation uses, again and again."""

    id: str
    plate: str
    country: str
    kind: str
    model: str
    colour: str
    org: str
    owner: str


@dataclass(slots=True)
class Organisation:
    """A smuggling organisation running one stage of the route on some of its variants."""

    id: str
    name: str
    stage: str
    variants: list[str]
    home: str
    base: str
    leader: str = ""
    nickname: str = ""
    members: list[str] = field(default_factory=list)
    roles: dict[str, list[str]] = field(default_factory=dict)
    reserves: dict[str, list[str]] = field(default_factory=dict)
    vehicles: list[Vehicle] = field(default_factory=list)
    weight: float = 1.0
    price_factor: float = 1.0
    countries: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Leg:
    """One attempt by a group at one hop of a stage variant."""

    id: str
    group: str
    org: str
    stage: str
    variant: str
    seq: int
    attempt: int
    origin: str
    destination: str
    depart: datetime
    arrive: datetime
    mode: str
    leg_type: str
    price_eur: int
    smuggler: str | None
    smuggler_role: str | None
    vehicle: str | None
    safe_house: str | None
    outcome: str
    event: str | None = None
    boat: str | None = None


@dataclass(slots=True)
class Payment:
    """Money from a payer to one of an organisation's money people."""

    id: str
    group: str | None
    org: str
    payer: str
    payee: str
    amount_eur: int
    method: str
    day: date
    legs: list[str]
    payer_account: str = ""
    payee_account: str = ""
    reference: str = ""


@dataclass(slots=True)
class Event:
    """Something an authority saw: an interception, an arrest, a landing, a lorry search."""

    id: str
    kind: str
    day: datetime
    place: str
    country: str
    migrants: list[Person]
    smugglers: list[tuple[str, str, bool]]
    group: str | None = None
    leg: str | None = None
    vehicle: str | None = None
    boat: str | None = None


@dataclass(slots=True)
class Call:
    """A phone call between two numbers, with the true people behind them."""

    when: datetime
    caller: str
    callee: str
    caller_number: str
    callee_number: str
    seconds: int


@dataclass(slots=True)
class Group:
    """Migrants who travel together from Istanbul."""

    id: str
    migrants: list[Person]
    start: datetime
    uk_bound: bool
    outcome: str = ""
    end: datetime | None = None
    end_place: str = ""
    route: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Batch:
    """Everything that happened to the groups that set off in one month."""

    month: str
    groups: list[Group] = field(default_factory=list)
    legs: list[Leg] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
